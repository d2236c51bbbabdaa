namespace Procurement.Core.Common;

/// <summary>
/// The one China business-date helper. Business dates are Beijing's (UTC+8 all year, no daylight saving): a
/// certificate valid "to 2026-12-31" ends at Beijing midnight, a 23:30 order belongs to that day whatever UTC says,
/// and a welfare year is a Beijing calendar year. Times are stored in UTC; only this class turns them into dates.
/// </summary>
public static class BusinessDate
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>How far past our clock a time someone typed (a delivery, a transfer's arrival) may be before it is "in the future": their clocks drift.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>China Standard Time for schedules (Hangfire's cron time zone), found by either of its system names.</summary>
    public static readonly TimeZoneInfo Zone = FindZone();

    public static DateOnly Today(TimeProvider clock) => Of(clock.GetUtcNow());

    /// <summary>The Beijing date an instant falls on.</summary>
    public static DateOnly Of(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>
    /// An instant as every page shows it: Beijing time to the minute (<c>2026-12-03 14:05</c>), so the approval queue,
    /// the order page and its timeline agree on the same moment.
    /// </summary>
    public static string Minutes(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Beijing calendar year today: welfare caps and budgets are per year.</summary>
    public static int Year(TimeProvider clock) => Today(clock).Year;

    /// <summary>The instant a Beijing business date begins (its 00:00), in UTC as every stored time is.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    private static TimeZoneInfo FindZone()
    {
        foreach (var id in new[] { "Asia/Shanghai", "China Standard Time" })
        {
            if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
            {
                return zone;
            }
        }
        return TimeZoneInfo.CreateCustomTimeZone("UTC+08", Offset, "China Standard Time", "China Standard Time");
    }
}
