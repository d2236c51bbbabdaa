namespace Procurement.Core.Catalog.Sales;

/// <summary>
/// One product's sales on one business day (China time): units and CNY. Dashboards read these rows instead of
/// scanning orders, so a supplier's month is thirty rows per product however many orders made it.
/// </summary>
public sealed class SalesDay
{
    public SalesDay(Guid productId, Guid supplierId, DateOnly day)
    {
        ProductId = productId;
        SupplierId = supplierId;
        Day = day;
    }

    public Guid ProductId { get; private set; }
    public Guid SupplierId { get; private set; }
    public DateOnly Day { get; private set; }
    public int Units { get; private set; }
    public decimal Amount { get; private set; }

    /// <summary>Negative units and amounts take a sale back (a cancelled line, a refund) on the day it is taken back.</summary>
    public void Add(int units, decimal amount)
    {
        Units += units;
        Amount += amount;
    }
}
