using Procurement.Core.Common;

namespace Procurement.Infrastructure.Persistence;

/// <summary>
/// Set-based statements a store stages for the operation's unit of work: conditional counter updates (stock
/// reservations, budgets, caps) and bulk writes (recipients) that EF's change tracker cannot express. The unit of
/// work runs them, in the order staged, inside its transaction and before it saves the tracked changes; a step that
/// answers an error stops the commit and everything is rolled back.
/// </summary>
public sealed class StagedStatements
{
    private readonly List<Func<CancellationToken, Task<Error?>>> _steps = [];

    public void Add(Func<CancellationToken, Task<Error?>> step) => _steps.Add(step);

    internal bool Any => _steps.Count > 0;

    internal async Task<Error?> RunAsync(CancellationToken cancellationToken)
    {
        foreach (var step in _steps)
        {
            if (await step(cancellationToken) is { } refused)
            {
                return refused;
            }
        }
        return null;
    }

    /// <summary>Forgets the steps once committed, so a second commit in one operation does not run them again.</summary>
    internal void Clear() => _steps.Clear();
}
