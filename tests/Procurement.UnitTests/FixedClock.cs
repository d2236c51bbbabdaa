namespace Procurement.UnitTests;

/// <summary>A clock stopped at one instant, for rules that depend on the (China) business day.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
