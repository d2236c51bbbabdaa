using FluentValidation;
using Microsoft.Extensions.Logging;
using Procurement.Core.Common;
using Procurement.Core.Users;

namespace Procurement.Core.Partners;

/// <summary>A file held on disk while it is checked, with its SHA-256 and length; deleted when disposed.</summary>
public interface ISpooledFile : IAsyncDisposable
{
    string Hash { get; }
    long Length { get; }
    string Name { get; }
}

/// <summary>One row of a statement file as text cells in the format's column order, its line, and its raw text.</summary>
public sealed record StatementCells(int Line, IReadOnlyList<string> Cells, string Raw);

/// <summary>
/// A statement file opened: its header (for JSGH the item fields, always right), the date the file itself declares
/// (JSGH's <c>date</c>), and its rows, read lazily. A file that cannot be read throws <see cref="InvalidDataException"/>
/// while its rows are read.
/// </summary>
public sealed record StatementSheet(IReadOnlyList<string> Header, DateOnly? DeclaredDate, IEnumerable<StatementCells> Rows);

/// <summary>The file side of statements: spooling an upload to disk and reading each partner's format (CSV, XLSX, JSON).</summary>
public interface IStatementFiles
{
    /// <summary>Copies the upload to a temporary file while hashing it; null when it is longer than <paramref name="maxBytes"/>.</summary>
    Task<ISpooledFile?> SpoolAsync(Stream content, string name, long maxBytes, CancellationToken cancellationToken);

    StatementSheet Open(string partner, ISpooledFile file);
}

public interface IStatementStore
{
    Task<PartnerStatement?> FindByHashAsync(string partner, string hash, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the statement and the rows <paramref name="rows"/> hands to its writer, in one transaction: committed
    /// when it answers the row count, rolled back (and null answered) when it answers null. A conflict when the same
    /// file was stored meanwhile. The callback may run again when SQL Server retries a transient fault.
    /// </summary>
    Task<Result<long?>> WriteAsync(PartnerStatement statement, Func<Action<StatementRow>, int?> rows, CancellationToken cancellationToken);

    /// <summary>The date's statement reconciliation uses: the last one stored for it.</summary>
    Task<PartnerStatement?> LatestAsync(string partner, DateOnly date, CancellationToken cancellationToken);

    Task<IReadOnlyList<PartnerStatement>> ListAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>A statement's rows as reconciliation reads them, in line order.</summary>
    IAsyncEnumerable<RemoteEntry> RowsAsync(long statementId, CancellationToken cancellationToken);
}

public sealed record StatementStored(long StatementId, int Rows, bool Created = false);

public sealed record StatementView(long Id, string PartnerCode, DateOnly Date, string FileName, string Source, int Rows, DateTimeOffset UploadedAt, string ContentHash);

/// <summary>
/// A partner's statement of a business date, uploaded by finance (P832 CSV, GSXF XLSX, JSGH JSON) or pulled from
/// JSGH by the 02:00 job — stored the same way. The file is spooled to disk while it is hashed (the same file twice
/// is the first statement), then read row by row: every row stored with its line and raw text in one transaction as
/// it is checked, and the transaction rolled back whole if any row is bad, each bad row named (200 listed, the rest
/// counted). Memory stays flat whatever the file's size.
/// </summary>
public sealed class StatementDesk(
    IStatementFiles files, IStatementStore store, ICurrentUser user, IValidator<StatementUpload> validator, TimeProvider clock, ILogger<StatementDesk> logger)
{
    public async Task<Result<StatementStored>> UploadAsync(StatementUpload upload, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceWrite) is { } denied)
        {
            return denied;
        }
        var checkedUpload = await validator.ValidateAsync(upload, cancellationToken);
        if (!checkedUpload.IsValid)
        {
            return Error.Invalid(checkedUpload.ToFieldErrors());
        }
        var partner = PartnerCodes.Normalize(upload.PartnerCode)!;
        var day = BusinessDay.Parse(upload.Date, clock)!.Value;
        await using var spooled = await files.SpoolAsync(upload.File!, upload.FileName ?? "statement", StatementFormats.MaxBytes, cancellationToken);
        if (spooled is null)
        {
            return new Error(ErrorKind.TooLarge, Texts.Pick($"对账单超过 {StatementFormats.MaxBytes / 1024 / 1024} MB。", $"The statement is over {StatementFormats.MaxBytes / 1024 / 1024} MB."));
        }
        return await StoreAsync(partner, day, spooled, PartnerStatement.Sources.Upload, user.UserId, cancellationToken);
    }

    /// <summary>A statement fetched by the pull job (the system identity), checked and stored exactly like an upload.</summary>
    public async Task<Result<StatementStored>> StorePulledAsync(string partner, DateOnly date, ISpooledFile file, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is { } denied)
        {
            return denied;
        }
        return await StoreAsync(partner, date, file, PartnerStatement.Sources.Pull, null, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<StatementView>>> ListAsync(string? partnerCode, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.FinanceRead) is { } refused)
        {
            return refused;
        }
        var filter = PartnerCodes.ListFilter(partnerCode, from, to, clock);
        if (filter.Error is { } invalid)
        {
            return invalid;
        }
        var (partner, start, end) = filter.Value;
        var found = await store.ListAsync(partner, start, end, cancellationToken);
        return found.Select(s => new StatementView(s.Id, s.Partner, s.Date, s.FileName, s.Source, s.Rows, s.UploadedAt, s.ContentHash)).ToList();
    }

    private async Task<Result<StatementStored>> StoreAsync(string partner, DateOnly date, ISpooledFile file, string source, Guid? by, CancellationToken cancellationToken)
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
        Error? refusal = null;
        var count = 0;
        var written = await store.WriteAsync(new PartnerStatement(partner, date, file.Hash, file.Name, source, by, clock.GetUtcNow()), add =>
        {
            (refusal, count) = Check(partner, date, file, add);
            return refusal is null ? count : null;
        }, cancellationToken);
        if (written.Error is { } conflict)
        {
            // The same file stored meanwhile by another upload: that one is the statement.
            return await store.FindByHashAsync(partner, file.Hash, cancellationToken) is { } first ? Same(first, date) : conflict;
        }
        if (refusal is not null || written.Value is not { } statementId)
        {
            return refusal ?? NoRows();
        }
        logger.LogInformation("Statement {Partner} {Date:yyyy-MM-dd} stored as {StatementId} ({Source}): {Rows} rows in {Elapsed} ms", partner, date, statementId, source,
            count, watch.ElapsedMilliseconds);
        return new StatementStored(statementId, count, Created: true);
    }

    /// <summary>
    /// Reads and checks every row, handing the good ones to <paramref name="add"/> until the first bad one; answers
    /// the refusal (every bad row named) or the row count.
    /// </summary>
    private (Error? Refusal, int Rows) Check(string partner, DateOnly date, ISpooledFile file, Action<StatementRow> add)
    {
        var errors = new RowErrors();
        var rows = 0;
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
