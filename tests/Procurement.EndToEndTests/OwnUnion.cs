using Microsoft.Extensions.DependencyInjection;
using Procurement.Core.Common;
using Procurement.Core.Unions;
using Procurement.Core.Users;
using Procurement.Infrastructure.Users;

namespace Procurement.EndToEndTests;

/// <summary>
/// A union of a journey's own with a purchaser and an approver, made through the admin use cases as the system: the
/// demo union's totals belong to the ordering journey, which other journeys must not move.
/// </summary>
public static class OwnUnion
{
    public sealed record Terms(string Name, string ProvinceCode, string UsccPrefix, int Members, decimal ApprovalThreshold, decimal Budget,
        string EmailDomain, string PurchaserName, string ApproverName);

    /// <summary>The union's purchaser's and approver's emails (<c>p{tag}@…</c>, <c>a{tag}@…</c>), both with <paramref name="password"/>.</summary>
    public static async Task<(string Purchaser, string Approver)> CreateAsync(this AppServer app, Terms terms, string password)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var first17 = $"{terms.UsccPrefix}MA{Random.Shared.Next(1_000_000, 9_999_999):D7}";
        await using var scope = app.Services.CreateSystemScope();
        var services = scope.ServiceProvider;
        var union = await services.GetRequiredService<UnionAdmin>().CreateAsync(new UnionRequest
        {
            Name = $"{terms.Name}{tag[..4]}",
            Uscc = first17 + Uscc.CheckCharacter(first17),
            ProvinceCode = terms.ProvinceCode,
            MemberCount = terms.Members,
            AnnualCapPerMember = 1_800m,
            ApprovalThreshold = terms.ApprovalThreshold,
            Budgets = [new BudgetRequest { Year = BusinessDate.Year(TimeProvider.System), Amount = terms.Budget }],
        }, CancellationToken.None);
        Assert.True(union.Succeeded, union.Error?.Detail);
        var (purchaser, approver) = ($"p{tag}@{terms.EmailDomain}", $"a{tag}@{terms.EmailDomain}");
        var users = services.GetRequiredService<UserAdmin>();
        foreach (var (email, role, name) in new[] { (purchaser, Roles.Purchaser, terms.PurchaserName), (approver, Roles.Approver, terms.ApproverName) })
        {
            var user = await users.CreateAsync(new UserRequest
            {
                Email = email, Password = password, DisplayName = name, Role = role, UnionId = union.Value!.Id,
            }, CancellationToken.None);
            Assert.True(user.Succeeded, user.Error?.Detail);
        }
        return (purchaser, approver);
    }
}
