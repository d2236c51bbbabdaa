using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Procurement.Core.Common;
using Procurement.Core.Users;
using Procurement.Infrastructure.Persistence;

namespace Procurement.Infrastructure.Users;

public sealed class UserAccounts(UserManager<AppUser> userManager, ProcurementDbContext db, SessionValidator sessions, TimeProvider clock) : IUserAccounts
{
    public async Task<Result<UserDetails>> CreateAsync(UserRequest request, CancellationToken cancellationToken)
    {
        var user = new AppUser
        {
            UserName = request.Email.Trim(),
            Email = request.Email.Trim(),
            EmailConfirmed = true,
            DisplayName = request.DisplayName.Trim(),
            UnionId = request.UnionId,
            SupplierId = request.SupplierId,
            CreatedAt = clock.GetUtcNow(),
        };
        // Account and role in one transaction: a user without a role must never exist. The same email created twice at
        // once passes Identity's check in both; the unique index refuses the second, which answers as a conflict.
        Error? failed;
        try
        {
            failed = await CreateWithRoleAsync(user, request, cancellationToken);
        }
        catch (DbUpdateException exception) when (DbErrors.ConflictOf(exception) is { } conflict)
        {
            return conflict;
        }
        if (failed is not null)
        {
            return failed;
        }
        return (await FindAsync(user.Id, cancellationToken))!;
    }

    private Task<Error?> CreateWithRoleAsync(AppUser user, UserRequest request, CancellationToken cancellationToken) =>
        db.Database.InTransactionAsync<Error?>(async transaction =>
        {
            var created = await userManager.CreateAsync(user, request.Password);
            if (!created.Succeeded)
            {
                return ToError(created);
            }
            var role = await userManager.AddToRoleAsync(user, request.Role);
            if (!role.Succeeded)
            {
                return ToError(role);
            }
            await transaction.CommitAsync(cancellationToken);
            return null;
        }, cancellationToken);

    public async Task<Result<UserDetails>> UpdateAsync(Guid id, UserUpdateRequest request, CancellationToken cancellationToken)
    {
        var user = await userManager.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return Error.NotFound();
        }
        var failed = await db.Database.InTransactionAsync<Error?>(async transaction =>
        {
            user.DisplayName = request.DisplayName.Trim();
            user.UnionId = request.UnionId;
            user.SupplierId = request.SupplierId;
            user.LockoutEnabled = true;
            user.LockoutEnd = request.Disabled ? DateTimeOffset.MaxValue : null;
            var steps = new List<Func<Task<IdentityResult>>> { () => userManager.UpdateAsync(user) };
            var currentRoles = await userManager.GetRolesAsync(user);
            if (!currentRoles.SequenceEqual([request.Role]))
            {
                steps.Add(() => userManager.RemoveFromRolesAsync(user, currentRoles));
                steps.Add(() => userManager.AddToRoleAsync(user, request.Role));
            }
            if (!string.IsNullOrEmpty(request.Password))
            {
                steps.Add(async () =>
                {
                    var token = await userManager.GeneratePasswordResetTokenAsync(user);
                    return await userManager.ResetPasswordAsync(user, token, request.Password);
                });
            }
            foreach (var step in steps)
            {
                var outcome = await step();
                if (!outcome.Succeeded)
                {
                    return ToError(outcome);
                }
            }
            // Role, tenant or password changed: sessions signed in before this change must not keep the old rights.
            await userManager.UpdateSecurityStampAsync(user);
            await db.RefreshTokens.Where(t => t.UserId == id).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }, cancellationToken);
        if (failed is not null)
        {
            return failed;
        }
        sessions.Forget(id);
        return (await FindAsync(id, cancellationToken))!;
    }

    public async Task<UserDetails?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await DetailsAsync(db.Users.Where(u => u.Id == id), cancellationToken)).FirstOrDefault();

    public async Task<Paged<UserDetails>> ListAsync(ListQuery query, CancellationToken cancellationToken)
    {
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var q = query.Q.Trim();
            users = users.Where(u => u.Email!.Contains(q) || u.DisplayName.Contains(q));
        }
        var total = await users.CountAsync(cancellationToken);
        var page = users.OrderBy(u => u.Email).ThenBy(u => u.Id).Skip(query.Skip).Take(query.PageSize);
        return new Paged<UserDetails>(total, query.Page, query.PageSize, await DetailsAsync(page, cancellationToken));
    }

    private async Task<List<UserDetails>> DetailsAsync(IQueryable<AppUser> users, CancellationToken cancellationToken)
    {
        var rows = await (
            from u in users
            join ur in db.UserRoles on u.Id equals ur.UserId into userRoles
            from ur in userRoles.DefaultIfEmpty()
            join r in db.Roles on ur.RoleId equals r.Id into roles
            from r in roles.DefaultIfEmpty()
            join un in db.Unions on u.UnionId equals un.Id into unions
            from un in unions.DefaultIfEmpty()
            join s in db.Suppliers on u.SupplierId equals s.Id into suppliers
            from s in suppliers.DefaultIfEmpty()
            select new { User = u, Role = r != null ? r.Name : null, UnionName = un != null ? un.Name : null, SupplierName = s != null ? s.Name : null })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return rows.Select(x => new UserDetails(
                x.User.Id, x.User.Email ?? "", x.User.DisplayName, x.Role ?? "", x.User.UnionId, x.UnionName,
                x.User.SupplierId, x.SupplierName, x.User.IsDisabled(now), x.User.CreatedAt))
            .OrderBy(u => u.Email, StringComparer.Ordinal)
            .ToList();
    }

    private static Error ToError(IdentityResult result)
    {
        var fields = new Dictionary<string, List<string>>();
        foreach (var error in result.Errors)
        {
            var field = error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
                "DuplicateUserName" or "DuplicateEmail" or "InvalidEmail" or "InvalidUserName" => "email",
                _ => "role",
            };
            var message = error.Code is "DuplicateUserName" or "DuplicateEmail"
                ? Texts.Pick("该邮箱已被使用。", "This email is already in use.")
                : error.Code.StartsWith("Password", StringComparison.Ordinal)
                    ? Texts.Pick("密码须至少 8 位，并包含大小写字母和数字。", "Passwords need at least 8 characters with upper- and lower-case letters and a digit.")
                    : error.Description;
            if (!fields.TryGetValue(field, out var messages))
            {
                fields[field] = messages = [];
            }
            if (!messages.Contains(message))
            {
                messages.Add(message);
            }
        }
        return Error.Invalid(fields.ToDictionary(f => f.Key, f => f.Value.ToArray()));
    }
}
