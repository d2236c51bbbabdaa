namespace Procurement.Web.Components;

/// <summary>
/// Who is on the other end of a circuit, as the page request that started it saw them: the client's address (after
/// the trusted proxies' forwarded headers) and the path it asked for. A circuit has no HTTP request of its own to
/// ask; App passes both to Routes as parameters, which Blazor protects (they cannot be forged by the browser), and
/// Routes hands them here. A circuit started without them counts as one unknown client (fails closed).
/// </summary>
public sealed class CircuitClient
{
    public string Address { get; private set; } = "unknown";

    public string? FirstPath { get; private set; }

    private bool _started;

    public void Start(string? address, string? firstPath)
    {
        if (_started)
        {
            return;
        }
        _started = true;
        Address = string.IsNullOrEmpty(address) ? "unknown" : address;
        FirstPath = firstPath;
    }
}
