using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Xml;
using nietras.SeparatedValues;
using Procurement.Core.Partners;
using Procurement.Infrastructure.Files;

namespace Procurement.Infrastructure.Partners;

/// <summary>
/// Statement files: the upload spooled to a temporary file while it is hashed (a 60 MB file never sits in memory),
/// then each partner's format read lazily from that file. P832's CSV is parsed by Sep, chosen over CsvHelper by
/// measurement (docs/benchmarks.md); its encoding (UTF-8 with or without BOM, or GB18030, what Chinese Excel saves)
/// is found by one strict UTF-8 pass over the file. GSXF's XLSX goes through our streaming sheet reader; JSGH's JSON
/// through System.Text.Json. CSV and XLSX rows are read to the header's width (<see cref="HeaderWidth"/>). Rows once
/// checked wait in a binary file (<see cref="ParsedRows"/>) for the transaction that writes them.
/// </summary>
public sealed class StatementFiles : IStatementFiles
{
    static StatementFiles() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task<ISpooledFile?> SpoolAsync(Stream content, string name, long maxBytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"statement-{Guid.NewGuid():N}.tmp");
        var file = new SpooledFile(path, Path.GetFileName(name));
        try
        {
            await using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    file.Length += read;
                    if (file.Length > maxBytes)
                    {
                        await file.DisposeAsync();
                        return null;
                    }
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                file.Hash = Convert.ToHexStringLower(hash.GetHashAndReset());
            }
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public StatementSheet Open(string partner, ISpooledFile file)
    {
        var path = ((SpooledFile)file).Path;
        return partner switch
        {
            PartnerCodes.P832 => Csv(path),
            PartnerCodes.Gsxf => Xlsx(path),
            _ => Json(path),
        };
    }

    /// <summary>UTF-8 when the file decodes as UTF-8 (a BOM or not); otherwise GB18030.</summary>
    internal static Encoding DetectEncoding(string path)
    {
        using var stream = File.OpenRead(path);
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[(1 << 16) + 4];
        try
        {
            int read;
            while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }
            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.GetEncoding("GB18030");
        }
    }

    private static StatementSheet Csv(string path)
    {
        var encoding = DetectEncoding(path);
        var header = CsvRows(path, encoding).Take(1).Select(r => r.Cells).FirstOrDefault() ?? [];
        return new StatementSheet(header, null, CsvRows(path, encoding).Skip(1));
    }

    private static IEnumerable<StatementCells> CsvRows(string path, Encoding encoding)
    {
        // detectEncodingFromByteOrderMarks drops a BOM whichever encoding was detected.
        using var text = new StreamReader(path, encoding, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        var width = new HeaderWidth();
        var cells = new List<string>();
        foreach (var row in reader)
        {
            // Only the columns within the header's width become strings, and only the raw text that is kept.
            cells.Clear();
            for (var i = 0; i < Math.Min(row.ColCount, width.Columns); i++)
            {
                cells.Add(row[i].ToString());
            }
            var raw = row.Span;
            yield return new StatementCells(row.LineNumberFrom, width.Row(cells), raw[..Math.Min(raw.Length, StatementFormats.MaxRawChars)].ToString());
        }
    }

    private static StatementSheet Xlsx(string path)
    {
        var header = XlsxRows(path).Take(1).Select(r => r.Cells).FirstOrDefault() ?? [];
        return new StatementSheet(header, null, XlsxRows(path).Skip(1));
    }

    private static IEnumerable<StatementCells> XlsxRows(string path)
    {
        using var stream = File.OpenRead(path);
        IEnumerator<(int Row, string[] Cells)> rows;
        try
        {
            rows = XlsxSheetReader.Rows(stream).GetEnumerator();
        }
        catch (Exception exception) when (exception is InvalidDataException or XmlException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException("Not an XLSX workbook", exception);
        }
        using (rows)
        {
            while (true)
            {
                try
                {
                    if (!rows.MoveNext())
                    {
                        yield break;
                    }
                }
                catch (Exception exception) when (exception is InvalidDataException or XmlException or InvalidOperationException or FormatException)
                {
                    throw new InvalidDataException("Not an XLSX workbook", exception);
                }
                var (row, cells) = rows.Current;
                yield return new StatementCells(row, cells, string.Join(",", cells.Select(SheetCells.Csv)));
            }
        }
    }

    /// <summary>
    /// JSGH's <c>{ date, items: [...] }</c>: each item laid out as cells in the contract's field order, its raw text the
    /// item's JSON, its line the item's position (1-based). A field of another type than expected stays as its text
    /// and is refused by the row check, named.
    /// </summary>
    private static StatementSheet Json(string path)
    {
        JsonDocument document;
        using (var stream = File.OpenRead(path))
        {
            try
            {
                document = JsonDocument.Parse(stream, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = 16 });
            }
            catch (JsonException exception)
            {
                throw new InvalidDataException("Not JSON", exception);
            }
        }
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            document.Dispose();
            throw new InvalidDataException("A JSGH statement is { date, items: [...] }");
        }
        DateOnly? declared = root.TryGetProperty("date", out var date) && date.ValueKind == JsonValueKind.String
            ? StatementFormats.ParseDate(date.GetString() ?? "") ?? DateOnly.MinValue
            : DateOnly.MinValue;
        return new StatementSheet(StatementFormats.JsghFields, declared, JsonRows(document, items));
    }

    private static IEnumerable<StatementCells> JsonRows(JsonDocument document, JsonElement items)
    {
        using (document)
        {
            var line = 0;
            foreach (var item in items.EnumerateArray())
            {
                line++;
                var cells = StatementFormats.JsghFields.Select(field => item.ValueKind == JsonValueKind.Object && item.TryGetProperty(field, out var value)
                    ? value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString() ?? "",
                        JsonValueKind.Number => value.GetRawText(),
                        JsonValueKind.Null => "",
                        _ => value.GetRawText(),
                    }
                    : "").ToArray();
                yield return new StatementCells(line, cells, item.GetRawText());
            }
        }
    }

    public IParsedRows ParsedRows() => new ParsedRowsFile(Path.Combine(Path.GetTempPath(), $"statement-rows-{Guid.NewGuid():N}.tmp"));

    /// <summary>Parsed rows as a binary file, written as they are checked and read back by the transaction that stores them.</summary>
    private sealed class ParsedRowsFile(string path) : IParsedRows
    {
        private BinaryWriter? _writer;

        public int Count { get; private set; }

        public void Add(StatementRow row)
        {
            _writer ??= new BinaryWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16), Encoding.UTF8);
            _writer.Write(row.Line);
            _writer.Write(row.PartnerOrderNo);
            _writer.Write(row.OrderNo is not null);
            _writer.Write(row.OrderNo ?? "");
            _writer.Write(row.Amount);
            _writer.Write(row.Refund);
            _writer.Write((int)row.Status);
            _writer.Write(row.Raw);
            Count++;
        }

        public IEnumerable<StatementRow> Read()
        {
            _writer?.Flush();
            if (Count == 0)
            {
                yield break;
            }
            using var reader = new BinaryReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16), Encoding.UTF8);
            for (var i = 0; i < Count; i++)
            {
                var line = reader.ReadInt32();
                var key = reader.ReadString();
                var hasOrderNo = reader.ReadBoolean();
                var orderNo = reader.ReadString();
                yield return new StatementRow(line, key, hasOrderNo ? orderNo : null, reader.ReadDecimal(), reader.ReadDecimal(), (PartnerOrderStatus)reader.ReadInt32(),
                    reader.ReadString());
            }
        }

        public ValueTask DisposeAsync()
        {
            _writer?.Dispose();
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Still open by a reader on Windows; the temp folder's own cleaning takes it.
            }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SpooledFile(string path, string name) : ISpooledFile
    {
        public string Path { get; } = path;
        public string Name { get; } = name;
        public string Hash { get; set; } = "";
        public long Length { get; set; }

        public ValueTask DisposeAsync()
        {
            try
            {
                File.Delete(Path);
            }
            catch (IOException)
            {
                // A file still open by a reader on Windows; the temp folder's own cleaning takes it.
            }
            return ValueTask.CompletedTask;
        }
    }
}
