using System.Threading.RateLimiting;
using Procurement.Web.Platform;

namespace Procurement.Web.Components.Gifts;

/// <summary>
/// One allowance of gift-code lookups per client address and minute, shared by every way to look a code up: the
/// API (<c>/api/v1/gift/*</c>) and the page's HTTP requests (the middleware, <see cref="Api.GiftEndpoints.UseGiftPageLimit"/>)
/// and the page's lookups inside a Blazor circuit (<see cref="GiftPageLookups"/>), which no HTTP request carries.
/// </summary>
public sealed class GiftLookupLimit(RateLimitOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.GiftPerIpPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>One lookup of <paramref name="client"/>'s allowance; dispose the lease (it is not given back either way).</summary>
    public RateLimitLease Acquire(string client) => _limiter.AttemptAcquire(client);

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// The codes one circuit (one browser tab) looks up on the gift page. A member opens their own, perhaps a family
/// member's: at most <see cref="MaxCodes"/> per circuit. Each lookup inside the circuit also counts against the
/// client's allowance (<see cref="GiftLookupLimit"/>), exactly as an HTTP request would — except the page request
/// that opened the circuit on a code, which the middleware counted already (its prerender and its first interactive
/// render are one lookup). Attack review (#24): a script could start circuits anywhere and walk each through three
/// codes without any request the limit saw.
/// </summary>
public sealed class GiftPageLookups(GiftLookupLimit limit, CircuitClient client)
{
    public const int MaxCodes = 3;

    private readonly HashSet<string> _codes = new(StringComparer.OrdinalIgnoreCase);
    private bool _firstUsed;

    /// <param name="interactive">False while prerendering: that render is the page request itself, already counted.</param>
    public bool TryLookUp(string code, bool interactive)
    {
        lock (_codes)
        {
            if (_codes.Contains(code))
            {
                return true;
            }
            if (_codes.Count >= MaxCodes)
            {
                return false;
            }
            if (interactive && !FirstPageOf(code))
            {
                using var lease = limit.Acquire(client.Address);
                if (!lease.IsAcquired)
                {
                    return false;
                }
            }
            return _codes.Add(code);
        }
    }

    /// <summary>Whether this is the code of the page request that started the circuit (once).</summary>
    private bool FirstPageOf(string code)
    {
        if (_firstUsed || client.FirstPath is not { } path || !string.Equals(path, $"/gift/{code}", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        _firstUsed = true;
        return true;
    }
}
