using Procurement.Core.Common;
using Procurement.Core.Users;

namespace Procurement.UnitTests.Common;

/// <summary>The one table of who may do what, read back as a grid: a change to it must change this grid too.</summary>
public sealed class AccessTests
{
    private sealed record Caller(Guid? UserId, string? Role, Guid? UnionId, Guid? SupplierId, bool IsSystem = false) : ICurrentUser;

    //                     Purchase Approve ReadUnion ListOrders ReadOrder FinanceRead FinanceWrite Supply Administer RunJobs
    private static readonly Dictionary<string, string> Grid = new()
    {
        [Roles.Admin] = "   .       .        .         x          x          x           .         .        x        .",
        [Roles.Purchaser] = "   x       .        x         x          x          .           .         .        .        .",
        [Roles.Approver] = "   x       x        x         x          x          .           .         .        .        .",
        [Roles.Finance] = "   .       .        .         .          x          x           x         .        .        .",
        [Roles.Supplier] = "   .       .        .         .          .          .           .         x        .        .",
        ["system"] = "   .       .        .         x          x          x           .         .        x        x",
    };

    private static Caller Person(string role) => new(Guid.NewGuid(), role,
        Roles.BelongsToUnion(role) ? Guid.NewGuid() : null, Roles.BelongsToSupplier(role) ? Guid.NewGuid() : null);

    [Fact]
    public void Each_role_holds_exactly_the_capabilities_of_the_grid()
    {
        var capabilities = Enum.GetValues<Capability>();
        foreach (var (role, row) in Grid)
        {
            var marks = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(capabilities.Length, marks.Length);
            ICurrentUser caller = role == "system" ? SystemUser.Instance : Person(role);
            for (var i = 0; i < capabilities.Length; i++)
            {
                Assert.True(caller.Can(capabilities[i]) == (marks[i] == "x"), $"{role} × {capabilities[i]}: expected {(marks[i] == "x" ? "allowed" : "refused")}");
                Assert.Equal(marks[i] == "x", caller.Refuse(capabilities[i]) is null);
            }
        }
        Assert.Equal(Roles.All.Order(), Grid.Keys.Where(k => k != "system").Order());
    }

    [Theory]
    [InlineData(Roles.Purchaser, Capability.Purchase)]
    [InlineData(Roles.Approver, Capability.Approve)]
    [InlineData(Roles.Approver, Capability.ReadUnion)]
    [InlineData(Roles.Purchaser, Capability.ReadOrder)]
    public void A_union_role_without_its_union_holds_nothing(string role, Capability capability) =>
        Assert.False(new Caller(Guid.NewGuid(), role, null, null).Can(capability));

    [Fact]
    public void A_supplier_user_without_its_supplier_cannot_supply() =>
        Assert.False(new Caller(Guid.NewGuid(), Roles.Supplier, null, null).Can(Capability.Supply));

    [Fact]
    public void Anonymous_and_unknown_roles_hold_nothing()
    {
        foreach (var capability in Enum.GetValues<Capability>())
        {
            Assert.False(new Caller(null, null, null, null).Can(capability));
            Assert.False(new Caller(null, Roles.Admin, null, null).Can(capability));
            Assert.False(new Caller(Guid.NewGuid(), "Auditor", null, null).Can(capability));
        }
    }

    [Fact]
    public void A_refusal_is_forbidden_with_the_first_capabilitys_message_in_both_languages()
    {
        var refused = new Caller(Guid.NewGuid(), Roles.Supplier, null, Guid.NewGuid()).Refuse(Capability.FinanceWrite, Capability.FinanceRead);
        Assert.Equal(ErrorKind.Forbidden, refused?.Kind);
        Assert.Equal(Access.Refusal(Capability.FinanceWrite).Detail, refused!.Detail);
        Assert.Null(new Caller(Guid.NewGuid(), Roles.Admin, null, null).Refuse(Capability.FinanceWrite, Capability.FinanceRead));
        Assert.Equal(Enum.GetValues<Capability>().Length, Enum.GetValues<Capability>().Select(c => Access.Refusal(c).Detail).Distinct().Count());
    }
}
