using Procurement.Core.Common;
using Procurement.Core.Common.Regions;

namespace Procurement.Core.Ordering;

/// <summary>
/// A member who receives packages of an order: 姓名, 手机号, address as GB/T 2260 codes, and 份数 (<see cref="Packages"/>).
/// A member is their mobile number within the union; what they receive counts against the union's annual cap.
/// Rows are written in bulk and replaced whole, so they are plain data rather than part of the order aggregate.
/// </summary>
public sealed class Recipient
{
    public const int MaxNameLength = 50;
    public const int MaxAddressLength = 200;
    public const int MaxPackages = 1_000;

    private Recipient()
    {
        Name = "";
        Mobile = "";
        ProvinceCode = "";
        CityCode = "";
        DistrictCode = "";
        Address = "";
    }

    public Recipient(Guid orderId, Guid unionId, int row, string name, string mobile, ResolvedAddress region, string address, int packages)
    {
        OrderId = orderId;
        UnionId = unionId;
        Row = row;
        Name = name;
        Mobile = mobile;
        ProvinceCode = region.Province.Code;
        CityCode = region.City.Code;
        DistrictCode = region.District.Code;
        Address = address;
        Packages = packages;
    }

    public Guid OrderId { get; private set; }
    public Guid UnionId { get; private set; }

    /// <summary>The row number in the uploaded sheet, so every message and export can point back at it.</summary>
    public int Row { get; private set; }

    public string Name { get; private set; }
    public string Mobile { get; private set; }
    public string ProvinceCode { get; private set; }
    public string CityCode { get; private set; }
    public string DistrictCode { get; private set; }

    /// <summary>详细地址: street, building and door.</summary>
    public string Address { get; private set; }

    /// <summary>份数: how many packages this member receives.</summary>
    public int Packages { get; private set; }

    public string RegionLabel => Addresses.Label(ProvinceCode, CityCode, DistrictCode);
}

/// <summary>One data row of a recipients sheet as typed, with its row number in the file.</summary>
public sealed record RecipientSheetRow(int Row, string Name, string Mobile, string Province, string City, string District, string Address, string Packages);

/// <summary>Reads a recipients sheet (CSV in UTF-8 or GB18030, or the first sheet of an XLSX), checking its header.</summary>
public interface IRecipientSheetReader
{
    Result<IReadOnlyList<RecipientSheetRow>> Read(Stream content, CancellationToken cancellationToken);
}

/// <summary>What a checked recipients sheet holds: the recipients, the packages they take, and where they live.</summary>
public sealed record RecipientList(IReadOnlyList<Recipient> Recipients, int Packages, IReadOnlyList<ProvinceCount> Provinces);

public sealed record ProvinceCount(string ProvinceCode, string ProvinceName, int Recipients, int Packages);

/// <summary>
/// The recipients sheet's rules (columns <c>姓名,手机号,省,市,区县,详细地址,份数</c>), checked on every row before anything is
/// kept: each bad row is reported as <c>row N: column</c> with its reason, and the same mobile twice names both rows.
/// </summary>
public static class RecipientRules
{
    public const int MaxRows = 20_000;

    public const string NameColumn = "姓名";
    public const string MobileColumn = "手机号";
    public const string AddressColumn = "详细地址";
    public const string PackagesColumn = "份数";

    public static readonly string[] Columns = [NameColumn, MobileColumn, Addresses.Province, Addresses.City, Addresses.District, AddressColumn, PackagesColumn];

    public static Result<RecipientList> Check(Guid orderId, Guid unionId, IReadOnlyList<RecipientSheetRow> rows)
    {
        if (rows.Count > MaxRows)
        {
            return Error.Invalid("file", Texts.Pick($"一张订单最多 {MaxRows} 位收件人，此文件超过了这个数。请拆成几张订单。",
                $"An order takes at most {MaxRows:N0} recipients and this file has more; split it into several orders."));
        }
        var errors = new RowErrors();
        var recipients = new List<Recipient>(rows.Count);
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var duplicatesNamed = new HashSet<int>();
        foreach (var row in rows)
        {
            void Fail(string column, string message) => errors.Add(row.Row, column, message);

            var name = row.Name.Trim();
            if (name.Length == 0)
            {
                Fail(NameColumn, Texts.Pick("姓名不能为空。", "The name is empty."));
            }
            else if (name.Length > Recipient.MaxNameLength)
            {
                Fail(NameColumn, Texts.Pick($"姓名最多 {Recipient.MaxNameLength} 个字。", $"The name may have at most {Recipient.MaxNameLength} characters."));
            }

            var mobile = MobileNumber.Normalize(row.Mobile);
            if (!MobileNumber.IsValid(mobile))
            {
                Fail(MobileColumn, row.Mobile.Trim().Length == 0
                    ? Texts.Pick("手机号不能为空。", "The mobile number is empty.")
                    : Texts.Pick($"{SheetLimits.Echo(row.Mobile.Trim())} 不是有效的手机号（11 位，以 1 开头）。", $"{SheetLimits.Echo(row.Mobile.Trim())} is not a valid mobile number (11 digits starting with 1)."));
            }
            else if (firstRowOf.TryGetValue(mobile, out var first))
            {
                Fail(MobileColumn, Texts.Pick($"与第 {first} 行的手机号相同。", $"Same mobile number as row {first}."));
                if (duplicatesNamed.Add(first))
                {
                    errors.Add(first, MobileColumn, Texts.Pick($"与第 {row.Row} 行的手机号相同。", $"Same mobile number as row {row.Row}."));
                }
            }
            else
            {
                firstRowOf[mobile] = row.Row;
            }

            var region = Addresses.Resolve(row.Province, row.City, row.District);
            if (region.Error is { Fields: { } fields })
            {
                foreach (var (column, messages) in fields)
                {
                    Fail(column, messages[0]);
                }
            }

            var address = row.Address.Trim();
            if (address.Length == 0)
            {
                Fail(AddressColumn, Texts.Pick("详细地址不能为空。", "The street address is empty."));
            }
            else if (address.Length > Recipient.MaxAddressLength)
            {
                Fail(AddressColumn, Texts.Pick($"详细地址最多 {Recipient.MaxAddressLength} 个字。", $"The street address may have at most {Recipient.MaxAddressLength} characters."));
            }

            var packages = ParsePackages(row.Packages);
            if (packages is null)
            {
                Fail(PackagesColumn, Texts.Pick($"份数须为 1 到 {Recipient.MaxPackages} 之间的整数（实际为：{SheetLimits.Echo(row.Packages.Trim())}）。",
                    $"份数 must be a whole number from 1 to {Recipient.MaxPackages} (found: {SheetLimits.Echo(row.Packages.Trim())})."));
            }

            if (!errors.Any && region.Value is { } where && packages is { } count)
            {
                recipients.Add(new Recipient(orderId, unionId, row.Row, name, mobile, where, address, count));
            }
        }
        if (errors.Any)
        {
            return errors.ToError();
        }
        var provinces = recipients.GroupBy(r => r.ProvinceCode)
            .Select(g => new ProvinceCount(g.Key, Regions.NameOf(g.Key), g.Count(), g.Sum(r => r.Packages)))
            .OrderByDescending(p => p.Recipients).ThenBy(p => p.ProvinceCode, StringComparer.Ordinal)
            .ToList();
        return new RecipientList(recipients, recipients.Sum(r => r.Packages), provinces);
    }

    /// <summary>A whole number of packages; Excel hands "2" as "2" or "2.0", and a person never meant 2.5.</summary>
    private static int? ParsePackages(string text)
    {
        var value = text.Trim();
        if (decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var number)
            && number == decimal.Truncate(number) && number is >= 1 and <= Recipient.MaxPackages)
        {
            return (int)number;
        }
        return null;
    }
}

/// <summary>The recipients template and the order's shipping export.</summary>
public interface IOrderSheets
{
    byte[] Template(SheetFormat format);

    Task WriteShippingAsync(OrderDetails order, IAsyncEnumerable<Recipient> recipients, Stream output, CancellationToken cancellationToken);
}
