namespace Procurement.Core.Catalog.Listings;

/// <summary>What a supplier enters to create or edit a listing (API body and portal form alike).</summary>
public sealed class ProductRequest
{
    public string Name { get; set; } = "";
    public string CategoryCode { get; set; } = "";
    public string CountyCode { get; set; } = "";

    /// <summary>Simple rich text; sanitized before it is stored.</summary>
    public string Description { get; set; } = "";

    public CertificateRequest? Certificate { get; set; }
    public List<SkuRequest> Skus { get; set; } = [];

    /// <summary>
    /// On an edit, the listing's <c>version</c> as the editor read it (optional): if someone else saved since, the
    /// edit answers 409 <c>conflict</c> instead of overwriting what the editor never saw.
    /// </summary>
    public long? Version { get; set; }
}

public sealed class SkuRequest
{
    /// <summary>Set when editing an existing SKU; absent for a new one.</summary>
    public Guid? Id { get; set; }

    public string Code { get; set; } = "";
    public string Spec { get; set; } = "";
    public decimal Price { get; set; }
    public int Stock { get; set; }
    public int MinOrderQuantity { get; set; } = 1;
    public List<TierPriceRequest> TierPrices { get; set; } = [];
}

public sealed class TierPriceRequest
{
    public int MinQuantity { get; set; }
    public decimal Price { get; set; }
}

/// <summary>消费帮扶产品认定证书.</summary>
public sealed class CertificateRequest
{
    public string Number { get; set; } = "";
    public string Issuer { get; set; } = "";
    public DateOnly ValidFrom { get; set; }
    public DateOnly ValidTo { get; set; }
}
