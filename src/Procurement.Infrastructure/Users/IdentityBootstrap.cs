using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Procurement.Core.Users;

namespace Procurement.Infrastructure.Users;

/// <summary>The five roles, and the first admin from <c>Bootstrap:AdminEmail/AdminPassword</c> when that account is absent.</summary>
public sealed class IdentityBootstrap(
    RoleManager<IdentityRole<Guid>> roleManager, IUserAccounts accounts, UserManager<AppUser> userManager,
    IConfiguration configuration, ILogger<IdentityBootstrap> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Two instances starting together may both find a role or the admin missing; the second to write meets the
        // unique index, which means the other instance did the work.
        foreach (var role in Roles.All)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                try
                {
                    await roleManager.CreateAsync(new IdentityRole<Guid>(role));
                }
                catch (Microsoft.EntityFrameworkCore.DbUpdateException exception) when (Persistence.DbErrors.ConflictOf(exception) is not null)
                {
                    logger.LogInformation("Role {Role} was created by another instance", role);
                }
            }
        }
        var email = configuration["Bootstrap:AdminEmail"];
        var password = configuration["Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password) || await userManager.FindByEmailAsync(email) is not null)
        {
            return;
        }
        var created = await accounts.CreateAsync(
            new UserRequest { Email = email, Password = password, DisplayName = "Administrator", Role = Roles.Admin }, cancellationToken);
        if (created.Succeeded)
        {
            logger.LogInformation("Created bootstrap admin {Email}", email);
        }
        else if (await userManager.FindByEmailAsync(email) is not null)
        {
            // Refused as taken (Identity's check, or the unique index): another instance created it meanwhile.
            logger.LogInformation("Bootstrap admin {Email} was created by another instance", email);
        }
        else
        {
            throw new InvalidOperationException($"Bootstrap admin {email} could not be created: {created.Error!.Detail} " +
                string.Join("; ", created.Error.Fields?.SelectMany(f => f.Value) ?? []));
        }
    }
}
