using Microsoft.Extensions.Logging;
using Procurement.Core.Common;

namespace Procurement.Core.Partners;

/// <summary>
/// How a statement file becomes stored rows, whoever brought it (finance's upload, the pull job): the same file twice
/// is the first statement; otherwise it is read and checked row by row, the good rows kept on disk as they are parsed
/// (<see cref="IParsedRows"/>), and only a file whose every row holds is written — in one transaction that does
/// nothing but write, so no writer waits while a file is parsed. A bad file is refused whole, each bad row named (200
/// listed, the rest counted), before any transaction opens. Memory stays flat whatever the file's size. It serves the
/// use cases, not an actor: who may store was asked before.
/// </summary>
public sealed class StatementIntake(IStatementFiles files, IStatementStore store, TimeProvider clock, ILogger<StatementIntake> logger)
{
    public async Task<Result<StatementStored>> StoreAsync(string partner, DateOnly date, ISpooledFile file, string source, Guid? by, CancellationToken cancellationToken)
    {
        if (file.Length == 0)
        {
            return Error.Invalid("file", Texts.Pick("文件是空的。", "The file is empty."));
        }
        if (await store.FindByHashAsync(partner, file.Hash, cancellationToken) is { } known)
        {
            return Same(known, date);
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var parsed = files.ParsedRows();
        var (refusal, count) = Check(partner, date, file, parsed.Add);
        if (refusal is not null)
        {
            return refusal;
        }
        var parsedIn = watch.ElapsedMilliseconds;
        var written = await store.WriteAsync(new PartnerStatement(partner, date, file.Hash, file.Name, source, by, clock.GetUtcNow()), parsed, cancellationToken);
        if (written.Error is { } conflict)
        {
            // The same file stored meanwhile by another upload: that one is the statement.
            return await store.FindByHashAsync(partner, file.Hash, cancellationToken) is { } first ? Same(first, date) : conflict;
        }
        logger.LogInformation("Statement {Partner} {Date:yyyy-MM-dd} stored as {StatementId} ({Source}): {Rows} rows read in {Parsed} ms, written in {Written} ms",
            partner, date, written.Value, source, count, parsedIn, watch.ElapsedMilliseconds - parsedIn);
        return new StatementStored(written.Value, count, Created: true);
    }

    /// <summary>
    /// Reads and checks every row, handing the good ones to <paramref name="add"/> until the first bad one; answers
    /// the refusal (every bad row named) or the row count. Every row read counts against
    /// <see cref="StatementFormats.MaxRows"/>, blank or not.
    /// </summary>
    private (Error? Refusal, int Rows) Check(string partner, DateOnly date, ISpooledFile file, Action<StatementRow> add)
    {
        var errors = new RowErrors();
        var rows = 0;
        var read = 0;
        try
        {
            var sheet = files.Open(partner, file);
            if (StatementFormats.CheckHeader(partner, sheet.Header) is { } wrongHeader)
            {
                errors.Add(1, "header", wrongHeader);
                return (errors.ToError(), 0);
            }
            if (sheet.DeclaredDate is { } declared && declared != date)
            {
                return (Error.Invalid("date", Texts.Pick($"文件中的日期 {declared:yyyy-MM-dd} 与对账日期 {date:yyyy-MM-dd} 不一致。",
                    $"The file's date {declared:yyyy-MM-dd} is not the statement's date {date:yyyy-MM-dd}.")), 0);
            }
            foreach (var cells in sheet.Rows)
            {
                if (++read > StatementFormats.MaxRows)
                {
                    logger.LogInformation("Statement {Partner} {Date:yyyy-MM-dd} refused: more than {Max} rows", partner, date, StatementFormats.MaxRows);
                    return (Error.Invalid("file", Texts.Pick($"对账单超过 {StatementFormats.MaxRows} 行（空行也计入）。",
                        $"The statement has more than {StatementFormats.MaxRows} rows (blank rows count too).")), rows);
                }
                if (cells.Cells.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                rows++;
                if (StatementFormats.ReadRow(partner, date, cells.Line, cells.Cells, cells.Raw, errors) is { } row && !errors.Any)
                {
                    add(row);
                }
                if (rows % 100_000 == 0)
                {
                    logger.LogInformation("Statement {Partner} {Date:yyyy-MM-dd}: {Rows} rows read, {Bad} bad so far", partner, date, rows, errors.BadRows);
                }
            }
        }
        catch (InvalidDataException unreadable)
        {
            logger.LogInformation("Statement {Partner} {Date:yyyy-MM-dd} refused: unreadable {Kind} ({Reason})", partner, date, StatementFormats.KindOf(partner), unreadable.Message);
            return (Error.Invalid("file", Texts.Pick($"文件无法读取：{partner} 的对账单应为 {StatementFormats.KindOf(partner).ToUpperInvariant()} 格式。",
                $"The file cannot be read: {partner} statements are {StatementFormats.KindOf(partner).ToUpperInvariant()}.")), rows);
        }
        if (errors.Any)
        {
            logger.LogInformation("Statement {Partner} {Date:yyyy-MM-dd} refused: {Bad} of {Rows} rows bad; nothing stored", partner, date, errors.BadRows, rows);
            return (errors.ToError(), rows);
        }
        return rows == 0 ? (NoRows(), 0) : (null, rows);
    }

    private static Error NoRows() => Error.Invalid("file", Texts.Pick("对账单没有数据行。", "The statement has no rows."));

    private static Result<StatementStored> Same(PartnerStatement known, DateOnly date) => known.Date == date
        ? new StatementStored(known.Id, known.Rows)
        : new Error(ErrorKind.Conflict, Texts.Pick($"同一文件已作为 {known.Date:yyyy-MM-dd} 的对账单上传过。", $"This file was already uploaded as the statement of {known.Date:yyyy-MM-dd}."));
}
