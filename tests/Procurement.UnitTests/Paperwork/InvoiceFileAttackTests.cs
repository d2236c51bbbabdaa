using System.IO.Compression;
using System.Text;
using Procurement.Core.Paperwork;

namespace Procurement.UnitTests.Paperwork;

/// <summary>
/// Attacks on how an invoice upload is judged (#22 attack review): what it costs to read must stay bounded by a small
/// multiple of the 5 MB read, whatever the bytes claim. Tests named for what they refuse failed on the code they were
/// written against; <c>RESISTED_…</c> pin attacks the code already withstood.
/// </summary>
public sealed class InvoiceFileAttackTests
{
    private const int FiveMb = 5 * 1024 * 1024;

    private static (InvoiceFileKind? Kind, long Allocated) Judge(byte[] bytes)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var kind = InvoiceFileKind.Of(bytes);
        return (kind, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Five_megabytes_of_nested_elements_are_refused_without_a_node_per_level()
    {
        // <a><a><a>…</a></a></a>: well-formed, and the reader would keep one node per open element (~750,000 of them).
        var depth = (FiveMb - 64) / 7;
        var xml = new StringBuilder(depth * 7);
        xml.Insert(0, "<a>", depth).Insert(xml.Length, "</a>", depth);
        var bytes = Encoding.ASCII.GetBytes(xml.ToString());
        Assert.True(bytes.Length <= FiveMb);
        var (kind, allocated) = Judge(bytes);
        Assert.Null(kind);
        Assert.True(allocated < 32L * 1024 * 1024, $"judging 5 MB of nesting allocated {allocated / 1024 / 1024} MB");
    }

    [Fact]
    public void A_zip_whose_directory_holds_fifty_thousand_entries_is_refused_before_it_is_read()
    {
        // The OFD.xml comes last, after 50,000 empty entries: ~4 MB, a directory of 50,000 entries to materialise.
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var i = 0; i < 50_000; i++)
            {
                archive.CreateEntry($"{i}", CompressionLevel.NoCompression);
            }
            archive.CreateEntry("OFD.xml");
        }
        var bytes = zip.ToArray();
        Assert.True(bytes.Length <= FiveMb, $"{bytes.Length}");
        var (kind, allocated) = Judge(bytes);
        Assert.Null(kind);
        Assert.True(allocated < 4L * 1024 * 1024, $"judging a {bytes.Length / 1024} KB directory allocated {allocated / 1024 / 1024} MB");
    }

    [Fact]
    public void RESISTED_a_zip_bomb_is_never_inflated_to_be_judged()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var entry = archive.CreateEntry("OFD.xml", CompressionLevel.SmallestSize).Open())
            {
                var zeros = new byte[1024 * 1024];
                for (var i = 0; i < 512; i++)
                {
                    entry.Write(zeros);
                }
            }
        }
        var bytes = zip.ToArray();
        Assert.True(bytes.Length < FiveMb);
        var (kind, allocated) = Judge(bytes);
        Assert.Equal(".ofd", kind?.Extension);
        Assert.True(allocated < 8L * 1024 * 1024, $"{allocated}");
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE a SYSTEM \"http://127.0.0.1:1/evil.dtd\"><a/>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>")]
    [InlineData("<a>&undefined;</a>")]
    [InlineData("<a></b>")]
    [InlineData("   ")]
    [InlineData("%pdf-1.7")]
    [InlineData(" %PDF-1.7")]
    [InlineData("<html><body>%PDF-1.7</body>")]
    [InlineData("<?xml version=\"1.0\"?>")]
    public void RESISTED_entities_dtds_broken_xml_and_a_pdf_header_not_at_the_start_are_refused(string text) =>
        Assert.Null(InvoiceFileKind.Of(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void RESISTED_an_empty_file_is_nothing()
    {
        Assert.Null(InvoiceFileKind.Of([]));
        Assert.Null(InvoiceFileKind.Of([0xEF, 0xBB, 0xBF]));
        Assert.Null(InvoiceFileKind.Of("PK\u0003\u0004"u8.ToArray()));
    }
}
