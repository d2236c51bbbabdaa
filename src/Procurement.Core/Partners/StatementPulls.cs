using Procurement.Core.Common;

namespace Procurement.Core.Partners;

/// <summary>The pull job's statements (the system identity): a file fetched from a partner, checked and stored exactly like an upload.</summary>
public sealed class StatementPulls(StatementIntake intake, ICurrentUser user)
{
    public async Task<Result<StatementStored>> StoreAsync(string partner, DateOnly date, ISpooledFile file, CancellationToken cancellationToken)
    {
        if (user.Refuse(Capability.RunJobs) is { } denied)
        {
            return denied;
        }
        return await intake.StoreAsync(partner, date, file, PartnerStatement.Sources.Pull, null, cancellationToken);
    }
}
