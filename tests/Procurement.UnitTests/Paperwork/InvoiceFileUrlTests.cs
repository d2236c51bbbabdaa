using Procurement.Core.Paperwork;

namespace Procurement.UnitTests.Paperwork;

/// <summary>An invoice file's two addresses: the API's, in the contract, and the page route a signed-in browser's link opens.</summary>
public sealed class InvoiceFileUrlTests
{
    [Fact]
    public void A_page_links_the_file_by_its_page_route()
    {
        var (invoice, document) = (Guid.NewGuid(), Guid.NewGuid());

        var api = InvoiceView.FileUrlOf(invoice, document);

        Assert.Equal($"/api/v1/invoices/{invoice}/documents/{document}", api);
        Assert.Equal($"/invoices/{invoice}/documents/{document}", InvoiceView.PageFileUrlOf(api));
    }

    [Theory]
    [InlineData("/invoices/1/documents/2")]
    [InlineData("/api/v1/orders/1/invoices/")]
    [InlineData("https://example.com/api/v1/invoices/1")]
    public void Anything_else_is_left_as_it_is(string url) => Assert.Equal(url, InvoiceView.PageFileUrlOf(url));
}
