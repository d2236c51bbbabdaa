namespace Procurement.Core.Catalog;

/// <summary>A supplier's listing: what it is, where it comes from, and its SKUs.</summary>
public sealed class Product
{
    private readonly List<Sku> _skus = [];

    private Product()
    {
        Name = "";
        CategoryCode = "";
        CountyCode = "";
        Description = "";
    }

    public Product(Guid supplierId, string name, string categoryCode, string countyCode, string description,
        Certificate? certificate, IEnumerable<Sku> skus, DateTimeOffset createdAt)
    {
        Id = Guid.CreateVersion7();
        SupplierId = supplierId;
        Name = name;
        CategoryCode = categoryCode;
        CountyCode = countyCode;
        Description = description;
        Certificate = certificate;
        CreatedAt = createdAt;
        _skus.AddRange(skus);
    }

    public Guid Id { get; private set; }
    public Guid SupplierId { get; private set; }
    public string Name { get; private set; }
    public string CategoryCode { get; private set; }

    /// <summary>The Gansu county-level division it originates in (62xxxx); the city follows from it.</summary>
    public string CountyCode { get; private set; }

    /// <summary>Sanitized simple HTML.</summary>
    public string Description { get; private set; }

    public Certificate? Certificate { get; private set; }
    public ProductStatus Status { get; private set; }
    public string? RejectionReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? PublishedAt { get; private set; }

    /// <summary>Units sold, for the "best-selling" sort.</summary>
    public int SalesCount { get; private set; }

    /// <summary>Where the cover and gallery images are served from, first is the cover.</summary>
    public string? ImageUrl { get; private set; }

    public IReadOnlyList<Sku> Skus => _skus;

    public bool IsCertifiedOn(DateOnly day) => Certificate?.IsValidOn(day) == true;

    public decimal MinPrice => _skus.Count == 0 ? 0m : _skus.Min(s => s.LowestPrice);

    public decimal MaxPrice => _skus.Count == 0 ? 0m : _skus.Max(s => s.Price);

    /// <summary>Takes a published product off the storefront; it disappears from search within seconds.</summary>
    public bool Unlist()
    {
        if (Status != ProductStatus.Published)
        {
            return false;
        }
        Status = ProductStatus.Unlisted;
        return true;
    }

    /// <summary>Demo and imported catalogs arrive already reviewed.</summary>
    public void PublishReviewed(DateTimeOffset at, int salesCount, string? imageUrl)
    {
        Status = ProductStatus.Published;
        PublishedAt = at;
        SalesCount = salesCount;
        ImageUrl = imageUrl;
    }
}
