using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;

namespace Procurement.UnitTests.Catalog.Listings;

/// <summary>Entities check before they change: a refused SKU edit leaves the product exactly as it was.</summary>
public sealed class ProductSkuChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static Product WithTwoSkus(int reservedOnSecond)
    {
        var product = new Product(Guid.NewGuid(), "成县核桃", "nuts-dried", "621221", "<p>壳薄</p>", null,
            [new Sku("HT-1", "1kg", 36m, 100, 1, []), new Sku("HT-2", "2kg", 66m, 100, 1, [])], Now);
        // Reservations come from orders (set-based in the database); here the entity is given one directly.
        typeof(Sku).GetProperty(nameof(Sku.Reserved))!.SetValue(product.Skus[1], reservedOnSecond);
        return product;
    }

    private static SkuRequest Keep(Sku sku, int stock) => new() { Id = sku.Id, Code = sku.Code, Spec = sku.Spec, Price = sku.Price, Stock = stock, MinOrderQuantity = 1 };

    [Fact]
    public void Cutting_a_reserved_sku_below_its_reservations_removes_nothing_else()
    {
        var product = WithTwoSkus(reservedOnSecond: 5);
        var version = product.Version;

        // Drops HT-1 and cuts HT-2 below its 5 reserved: refused, so HT-1 must still be there.
        var error = product.ApplySkus([Keep(product.Skus[1], stock: 2)]);

        Assert.Equal(ErrorKind.Validation, error?.Kind);
        Assert.True(error!.Fields!.ContainsKey("skus[0].stock"));
        Assert.Equal(["HT-1", "HT-2"], product.Skus.Select(s => s.Code));
        Assert.Equal(100, product.Skus[1].Stock);
        Assert.Equal(version, product.Version);
    }

    [Fact]
    public void Removing_a_reserved_sku_changes_nothing()
    {
        var product = WithTwoSkus(reservedOnSecond: 5);

        var error = product.ApplySkus([Keep(product.Skus[0], stock: 1), new SkuRequest { Code = "HT-3", Spec = "3kg", Price = 90m, Stock = 10, MinOrderQuantity = 1 }]);

        Assert.Equal(ErrorKind.InvalidState, error?.Kind);
        Assert.Equal(["HT-1", "HT-2"], product.Skus.Select(s => s.Code));
        Assert.Equal(100, product.Skus[0].Stock);
    }

    [Fact]
    public void An_accepted_edit_normalises_codes_and_moves_the_version_on()
    {
        var product = WithTwoSkus(reservedOnSecond: 0);
        var version = product.Version;

        Assert.Null(product.ApplySkus([Keep(product.Skus[0], 80), new SkuRequest { Code = " ht-9 ", Spec = "礼盒", Price = 120m, Stock = 5, MinOrderQuantity = 1 }]));

        Assert.Equal(["HT-1", "HT-9"], product.Skus.Select(s => s.Code));
        Assert.True(product.Version > version);
        Assert.NotNull(product.CheckVersion(version));
        Assert.Null(product.CheckVersion(product.Version));
        Assert.Null(product.CheckVersion(null));
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(Sku.MaxStock, true)]
    [InlineData(Sku.MaxStock + 1L, false)]
    public void One_stock_range_for_every_entry_point(long stock, bool valid) =>
        Assert.Equal(valid, Sku.StockOutOfRange(stock) is null);
}
