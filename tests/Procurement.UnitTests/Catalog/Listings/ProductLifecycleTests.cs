using Procurement.Core.Catalog;
using Procurement.Core.Catalog.Listings;
using Procurement.Core.Common;

namespace Procurement.UnitTests.Catalog.Listings;

public sealed class ProductLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly Certificate Cert = new("GS-1", "认定中心", new DateOnly(2026, 1, 1), new DateOnly(2027, 12, 31));

    private static Product Draft() =>
        new(Guid.NewGuid(), "成县核桃", "nuts-dried", "621221", "<p>壳薄</p>", Cert, [new Sku("HT-1", "1kg", 36m, 100, 1, [])], Now);

    private static Product Published()
    {
        var product = Draft();
        Assert.Null(product.Submit(Now));
        Assert.Null(product.Approve(Now));
        return product;
    }

    [Fact]
    public void A_draft_goes_through_review_to_sale_and_off_it()
    {
        var product = Draft();
        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.Null(product.Submit(Now));
        Assert.Equal((ProductStatus.PendingReview, Now), (product.Status, product.SubmittedAt));
        Assert.Null(product.Approve(Now.AddHours(1)));
        Assert.Equal((ProductStatus.Published, Now.AddHours(1)), (product.Status, product.PublishedAt));
        Assert.Equal(product.Content, product.ApprovedContent);
        Assert.Null(product.Unlist());
        Assert.Equal(ProductStatus.Unlisted, product.Status);
        Assert.Null(product.Submit(Now));
        Assert.Equal(ProductStatus.PendingReview, product.Status);
    }

    [Fact]
    public void Moves_that_do_not_fit_the_status_are_refused()
    {
        var draft = Draft();
        Assert.Equal(ErrorKind.InvalidState, draft.Approve(Now)?.Kind);
        Assert.Equal(ErrorKind.InvalidState, draft.Reject("x")?.Kind);
        Assert.Equal(ErrorKind.InvalidState, draft.Unlist()?.Kind);
        var published = Published();
        Assert.Equal(ErrorKind.InvalidState, published.Submit(Now)?.Kind);
        Assert.Equal(ProductStatus.Published, published.Status);
    }

    [Theory]
    [InlineData("name")]
    [InlineData("description")]
    [InlineData("category")]
    [InlineData("county")]
    [InlineData("certificate")]
    public void Changing_what_the_reviewer_vouched_for_sends_a_published_product_back(string field)
    {
        var product = Published();
        var content = product.Content;
        var edited = field switch
        {
            "name" => content with { Name = "成县纸皮核桃" },
            "description" => content with { Description = "<p>壳更薄</p>" },
            "category" => content with { CategoryCode = "gift-box" },
            "county" => content with { CountyCode = "621222" },
            _ => content with { Certificate = Cert with { Number = "GS-2" } },
        };

        Assert.True(product.Edit(edited, Now.AddDays(1)));
        Assert.Equal(ProductStatus.PendingReview, product.Status);
        // Back in the queue by the time of the edit, not of the first submission.
        Assert.Equal(Now.AddDays(1), product.SubmittedAt);
        Assert.Single(ListingDiff.Between(product.ApprovedContent, product.Content));
    }

    [Fact]
    public void An_unchanged_edit_keeps_a_published_product_on_sale()
    {
        var product = Published();
        Assert.False(product.Edit(product.Content with { }, Now));
        Assert.Equal(ProductStatus.Published, product.Status);
    }

    [Fact]
    public void Sku_changes_on_a_published_product_apply_at_once()
    {
        var product = Published();
        var sku = product.Skus[0];
        var error = product.ApplySkus([
            new SkuRequest { Id = sku.Id, Code = "HT-1", Spec = "1kg", Price = 34m, Stock = 80, MinOrderQuantity = 1, TierPrices = [new() { MinQuantity = 50, Price = 30m }] },
            new SkuRequest { Code = "HT-2", Spec = "2.5kg", Price = 80m, Stock = 10, MinOrderQuantity = 1 },
        ]);

        Assert.Null(error);
        Assert.Equal(ProductStatus.Published, product.Status);
        Assert.Equal(2, product.Skus.Count);
        Assert.Equal((34m, 80, 30m), (sku.Price, sku.Stock, product.MinPrice));
        Assert.All(product.Skus, s => Assert.Equal(product.SupplierId, s.SupplierId));
    }

    [Fact]
    public void A_sku_id_from_elsewhere_is_refused()
    {
        var product = Draft();
        var error = product.ApplySkus([new SkuRequest { Id = Guid.NewGuid(), Code = "X", Spec = "x", Price = 1m, Stock = 1, MinOrderQuantity = 1 }]);
        Assert.Equal("skus[0].id", Assert.Single(error!.Fields!).Key);
    }

    [Fact]
    public void A_rejected_product_becomes_a_draft_when_edited()
    {
        var product = Draft();
        product.Submit(Now);
        Assert.Null(product.Reject("证书不符"));
        Assert.Equal(("证书不符", ProductStatus.Rejected), (product.RejectionReason, product.Status));

        product.Edit(product.Content with { Name = "成县核桃 新证书" }, Now);

        Assert.Equal(ProductStatus.Draft, product.Status);
        Assert.Null(product.RejectionReason);
    }

    [Fact]
    public void A_first_review_shows_every_field_as_new()
    {
        var changes = ListingDiff.Between(null, Draft().Content);
        Assert.Equal(["name", "categoryCode", "countyCode", "description", "certificate"], changes.Select(c => c.Field));
        Assert.All(changes, c => Assert.Null(c.Approved));
    }
}
