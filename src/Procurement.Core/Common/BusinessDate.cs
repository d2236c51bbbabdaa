namespace Procurement.Core.Common;

/// <summary>Business dates are China's (UTC+8 all year, no daylight saving): a certificate valid "to 2026-12-31" ends at Beijing midnight.</summary>
public static class BusinessDate
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
