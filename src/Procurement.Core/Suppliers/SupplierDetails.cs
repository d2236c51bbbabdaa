using Procurement.Core.Common.Regions;

namespace Procurement.Core.Suppliers;

public sealed record SupplierDetails(
    Guid Id, string Name, string Uscc, string CountyCode, string CountyName, string CityCode, string CityName,
    string ContactName, string ContactPhone, DateTimeOffset CreatedAt);

public static class SupplierMapping
{
    public static SupplierDetails ToDetails(this Supplier supplier)
    {
        var origin = Regions.OriginOf(supplier.CountyCode);
        return new SupplierDetails(supplier.Id, supplier.Name, supplier.Uscc, supplier.CountyCode, origin.CountyName,
            origin.CityCode, origin.CityName, supplier.ContactName, supplier.ContactPhone, supplier.CreatedAt);
    }
}
