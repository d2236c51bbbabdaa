namespace Procurement.Core.Suppliers;

/// <summary>A cooperative (合作社) or small firm in a Gansu county that lists products and ships them.</summary>
public sealed class Supplier
{
    private Supplier()
    {
        Name = "";
        Uscc = "";
        CountyCode = "";
        ContactName = "";
        ContactPhone = "";
    }

    public Supplier(string name, string uscc, string countyCode, string contactName, string contactPhone, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        CreatedAt = createdAt;
        Name = name;
        Uscc = uscc;
        CountyCode = countyCode;
        ContactName = contactName;
        ContactPhone = contactPhone;
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>统一社会信用代码, unique across suppliers.</summary>
    public string Uscc { get; private set; }

    public string CountyCode { get; private set; }
    public string ContactName { get; private set; }
    public string ContactPhone { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public void Update(SupplierRequest request)
    {
        Name = request.Name.Trim();
        Uscc = request.Uscc;
        CountyCode = request.CountyCode;
        ContactName = request.ContactName.Trim();
        ContactPhone = request.ContactPhone;
    }
}
