namespace Procurement.Core.Catalog;

/// <summary>From <see cref="MinQuantity"/> units on, each unit costs <see cref="Price"/>.</summary>
public sealed record TierPrice(int MinQuantity, decimal Price);
