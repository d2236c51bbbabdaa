namespace Procurement.Core.Catalog;

/// <summary>消费帮扶产品认定: the certificate that makes a product count toward a union's 帮扶 share.</summary>
public sealed record Certificate(string Number, string Issuer, DateOnly ValidFrom, DateOnly ValidTo)
{
    public bool IsValidOn(DateOnly day) => ValidFrom <= day && day <= ValidTo;
}
