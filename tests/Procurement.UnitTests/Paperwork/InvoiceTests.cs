using System.IO.Compression;
using System.Text;
using Procurement.Core.Common;
using Procurement.Core.Paperwork;

namespace Procurement.UnitTests.Paperwork;

/// <summary>An invoice's rules (#22): issued for exactly what is owed, cancelled by a red invoice of its own amount, following the union's request.</summary>
public sealed class InvoiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);
    private static readonly InvoiceRequestDetails Normal = new(InvoiceType.Normal, "南京市总工会", "81320100MC1234567X", null);

    private static Invoice Owed(long shareFen = 12_000) => new(Guid.NewGuid(), "LP20261203-000001", Guid.NewGuid(), Guid.NewGuid(), Normal, shareFen, Now);

    private static InvoiceIssue Blue(decimal amount) => new("24320000000012345678", new DateOnly(2026, 12, 3), amount);

    [Fact]
    public void An_invoice_is_issued_only_for_exactly_what_is_owed()
    {
        var invoice = Owed();
        Assert.Equal(120m, invoice.Amount);
        var wrong = invoice.Issue(Blue(119.99m), Guid.NewGuid(), Now);
        Assert.Equal(ErrorKind.Validation, wrong!.Kind);
        Assert.True(wrong.Fields!.ContainsKey("amount"));
        Assert.Equal(InvoiceStatus.Requested, invoice.Status);
        Assert.Null(invoice.Issue(Blue(120m), Guid.NewGuid(), Now));
        Assert.Equal((InvoiceStatus.Issued, 120m), (invoice.Status, invoice.IssuedAmount));
        Assert.Equal(ErrorKind.InvalidState, invoice.Issue(Blue(120m), Guid.NewGuid(), Now)!.Kind);
    }

    [Fact]
    public void A_red_invoice_must_cancel_the_issued_amount_and_leaves_the_invoice_owed_or_void()
    {
        var invoice = Owed();
        Assert.Equal(ErrorKind.InvalidState, invoice.CancelByRed(Blue(-120m), Now)!.Kind);
        invoice.Issue(Blue(120m), Guid.NewGuid(), Now);
        Assert.True(invoice.Follow(Normal with { Type = InvoiceType.Special }, Now));
        Assert.Equal((InvoiceStatus.RedRequired, RedReason.RequestChanged), (invoice.Status, invoice.RedReason));
        Assert.True(invoice.CancelByRed(Blue(-40m), Now)!.Fields!.ContainsKey("amount"));
        Assert.Null(invoice.CancelByRed(Blue(-120m), Now));
        Assert.Equal((InvoiceStatus.Requested, (string?)null, InvoiceType.Special), (invoice.Status, invoice.Number, invoice.Type));

        var nothingOwed = Owed(0);
        Assert.Equal(InvoiceStatus.Voided, nothingOwed.Status);
        Assert.False(nothingOwed.Follow(Normal with { Title = "别的抬头" }, Now));
    }

    [Fact]
    public void A_request_that_says_the_same_changes_nothing()
    {
        var invoice = Owed();
        invoice.Issue(Blue(120m), Guid.NewGuid(), Now);
        var version = invoice.Version;
        Assert.False(invoice.Follow(Normal, Now));
        Assert.Equal((InvoiceStatus.Issued, version), (invoice.Status, invoice.Version));
    }

    [Theory]
    [InlineData("%PDF-1.7\n", "application/pdf")]
    [InlineData("<?xml version=\"1.0\"?><EInvoice/>", "application/xml")]
    [InlineData("\uFEFF  <EInvoice><A>1</A></EInvoice>", "application/xml")]
    [InlineData("<EInvoice>", null)]
    [InlineData("<!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>", null)]
    [InlineData("plain text", null)]
    [InlineData("", null)]
    public void A_files_kind_is_read_from_its_bytes(string text, string? type) =>
        Assert.Equal(type, InvoiceFileKind.Of(Encoding.UTF8.GetBytes(text))?.ContentType);

    [Fact]
    public void An_ofd_is_a_zip_holding_ofd_xml_and_a_zip_of_too_many_entries_is_refused()
    {
        Assert.Equal("application/ofd", InvoiceFileKind.Of(Zip(["Doc_0/Document.xml", "OFD.xml"]))?.ContentType);
        Assert.Null(InvoiceFileKind.Of(Zip(["word/document.xml"])));
        Assert.Null(InvoiceFileKind.Of(Zip([.. Enumerable.Range(0, InvoiceFileKind.MaxOfdEntries + 1).Select(i => $"f{i}"), "OFD.xml"])));
        Assert.Null(InvoiceFileKind.Of([(byte)'P', (byte)'K', 3, 4, 0, 0]));
    }

    private static byte[] Zip(IEnumerable<string> names)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in names)
            {
                zip.CreateEntry(name);
            }
        }
        return buffer.ToArray();
    }
}
