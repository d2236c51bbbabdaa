namespace Procurement.Core.Unions;

/// <summary>A trade union (工会): province federation → city federation → enterprise union.</summary>
public sealed class Union
{
    private readonly List<UnionBudget> _budgets = [];

    private Union()
    {
        Name = "";
        Uscc = "";
        ProvinceCode = "";
    }

    public Union(UnionRequest request, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        CreatedAt = createdAt;
        Name = "";
        Uscc = "";
        ProvinceCode = "";
        Update(request);
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }
    public string Uscc { get; private set; }
    public string ProvinceCode { get; private set; }
    public Guid? ParentId { get; private set; }
    public int MemberCount { get; private set; }

    /// <summary>每人年度福利上限: what one member may receive in a calendar year, in 元.</summary>
    public decimal AnnualCapPerMember { get; private set; }

    /// <summary>Orders whose total reaches this need an approver; 0 means every order does.</summary>
    public decimal ApprovalThreshold { get; private set; }

    /// <summary>帮扶占比目标: the share of spending meant for certified products (0–1), shown against the actual share.</summary>
    public decimal TargetCertifiedShare { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public IReadOnlyList<UnionBudget> Budgets => _budgets;

    public decimal? BudgetFor(int year) => _budgets.FirstOrDefault(b => b.Year == year)?.Amount;

    public void Update(UnionRequest request)
    {
        Name = request.Name.Trim();
        Uscc = request.Uscc;
        ProvinceCode = request.ProvinceCode;
        ParentId = request.ParentId;
        MemberCount = request.MemberCount;
        AnnualCapPerMember = request.AnnualCapPerMember;
        ApprovalThreshold = request.ApprovalThreshold ?? 0m;
        TargetCertifiedShare = request.TargetCertifiedShare ?? 0m;
        _budgets.Clear();
        _budgets.AddRange(request.Budgets.OrderBy(b => b.Year).Select(b => new UnionBudget(b.Year, b.Amount)));
    }
}

/// <summary>The welfare budget a union has for one calendar year.</summary>
public sealed record UnionBudget(int Year, decimal Amount);
