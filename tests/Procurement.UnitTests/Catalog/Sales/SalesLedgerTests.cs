using Procurement.Core.Catalog.Sales;

namespace Procurement.UnitTests.Catalog.Sales;

public sealed class SalesLedgerTests
{
    private sealed class Store : ISalesStore
    {
        public Dictionary<Guid, (Guid ProductId, Guid SupplierId)> Owners { get; } = [];
        public List<(ProductSale Sale, DateOnly Day)> Added { get; } = [];

        public Task<IReadOnlyDictionary<Guid, (Guid ProductId, Guid SupplierId)>> OwnersAsync(IReadOnlyCollection<Guid> skuIds, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyDictionary<Guid, (Guid, Guid)>>(Owners.Where(o => skuIds.Contains(o.Key)).ToDictionary());

        public Task AddAsync(IReadOnlyList<ProductSale> sales, DateOnly day, CancellationToken cancellationToken)
        {
            Added.AddRange(sales.Select(s => (s, day)));
            return Task.CompletedTask;
        }
    }

    private static readonly Guid Supplier = Guid.NewGuid();
    private readonly Store _store = new();
    private readonly Guid _product = Guid.NewGuid();
    private readonly Guid _small = Guid.NewGuid();
    private readonly Guid _large = Guid.NewGuid();

    public SalesLedgerTests()
    {
        _store.Owners[_small] = (_product, Supplier);
        _store.Owners[_large] = (_product, Supplier);
    }

    // 2026-11-25 17:30 UTC is already the 26th in China.
    private SalesLedger Ledger() => new(_store, new FixedClock(new DateTimeOffset(2026, 11, 25, 17, 30, 0, TimeSpan.Zero)));

    [Fact]
    public async Task Lines_of_one_product_are_summed_on_the_china_business_day()
    {
        Assert.Null(await Ledger().RecordAsync([new SaleLine(_small, 10, 360m), new SaleLine(_large, 2, 176.50m)], CancellationToken.None));

        var (sale, day) = Assert.Single(_store.Added);
        Assert.Equal((_product, Supplier, 12, 536.50m), (sale.ProductId, sale.SupplierId, sale.Units, sale.Amount));
        Assert.Equal(new DateOnly(2026, 11, 26), day);
    }

    [Theory]
    [InlineData(0, 0, "lines[0].quantity")]
    [InlineData(2, 10.005, "lines[0].amount")]
    [InlineData(2, -20, "lines[0].amount")]
    [InlineData(-2, 20, "lines[0].amount")]
    public async Task Bad_lines_are_refused_and_nothing_is_added(int quantity, decimal amount, string field)
    {
        var error = await Ledger().RecordAsync([new SaleLine(_small, quantity, amount)], CancellationToken.None);

        Assert.Equal(field, Assert.Single(error!.Fields!.Keys));
        Assert.Empty(_store.Added);
    }

    [Fact]
    public async Task A_refund_is_a_negative_sale() =>
        Assert.Null(await Ledger().RecordAsync([new SaleLine(_small, -2, -72m)], CancellationToken.None));
}
