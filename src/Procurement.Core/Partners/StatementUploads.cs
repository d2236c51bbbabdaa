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

/// <summary>
/// A statement's rows once read and checked, held on disk until they are written: the transaction that stores them
/// only writes, and a million rows never sit in memory. Deleted when disposed.
/// </summary>
public interface IParsedRows : IAsyncDisposable
{
    int Count { get; }

    void Add(StatementRow row);

    /// <summary>The rows in the order added, once adding is done; may be read again (a retried transaction does).</summary>
    IEnumerable<StatementRow> Read();
}

/// <summary>The file side of statements: spooling an upload to disk and reading each partner's format (CSV, XLSX, JSON).</summary>
public interface IStatementFiles
{
    /// <summary>Copies the upload to a temporary file while hashing it; null when it is longer than <paramref name="maxBytes"/>.</summary>
    Task<ISpooledFile?> SpoolAsync(Stream content, string name, long maxBytes, CancellationToken cancellationToken);

    StatementSheet Open(string partner, ISpooledFile file);

    /// <summary>An empty store for parsed rows, on disk.</summary>
    IParsedRows ParsedRows();
}

public interface IStatementStore
{
    Task<PartnerStatement?> FindByHashAsync(string partner, string hash, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts the statement and its <paramref name="rows"/>, already read and checked, in one transaction that does
    /// nothing but write; the statement's id. A conflict when the same file was stored meanwhile. The rows are read
    /// again when SQL Server retries a transient fault.
    /// </summary>
    Task<Result<long>> WriteAsync(PartnerStatement statement, IParsedRows rows, CancellationToken cancellationToken);

    /// <summary>The date's statement reconciliation uses: the last one stored for it.</summary>
    Task<PartnerStatement?> LatestAsync(string partner, DateOnly date, CancellationToken cancellationToken);

    Task<IReadOnlyList<PartnerStatement>> ListAsync(string? partner, DateOnly from, DateOnly to, CancellationToken cancellationToken);

    /// <summary>A statement's rows as reconciliation reads them, in line order.</summary>
    IAsyncEnumerable<RemoteEntry> RowsAsync(long statementId, CancellationToken cancellationToken);
}

public sealed record StatementStored(long StatementId, int Rows, bool Created = false);

public sealed record StatementView(long Id, string PartnerCode, DateOnly Date, string FileName, string Source, int Rows, DateTimeOffset UploadedAt, string ContentHash);

/// <summary>
/// Finance's statements: uploading a partner's file of a business date (P832 CSV, GSXF XLSX, JSGH JSON), spooled to
/// disk while it is hashed and stored by <see cref="StatementIntake"/>, and listing what was stored. The job's pulled
/// statements go through <see cref="StatementPulls"/> and the same intake.
/// </summary>
public sealed class StatementUploads(
    IStatementFiles files, IStatementStore store, StatementIntake intake, ICurrentUser user, IValidator<StatementUpload> validator, TimeProvider clock)
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
        return await intake.StoreAsync(partner, day, spooled, PartnerStatement.Sources.Upload, user.UserId, cancellationToken);
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
}
