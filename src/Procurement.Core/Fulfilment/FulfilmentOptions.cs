namespace Procurement.Core.Fulfilment;

/// <summary><c>Fulfilment:*</c>: how long after delivery an order completes by itself (the daily job, through the order workflow).</summary>
public sealed class FulfilmentOptions
{
    public int CompleteAfterDays { get; set; } = 7;

    public TimeSpan CompleteAfter => TimeSpan.FromDays(CompleteAfterDays);
}
