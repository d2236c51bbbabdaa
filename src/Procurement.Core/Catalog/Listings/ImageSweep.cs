namespace Procurement.Core.Catalog.Listings;

/// <summary>Which photo hashes any product still uses, whoever owns it.</summary>
public interface IImageReferences
{
    Task<IReadOnlySet<string>> InUseAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Photos are stored by content before the product takes them, and one file may serve several products, so a
/// removed photo or a refused upload (a duplicate, a lost race for the ninth place) leaves a file nobody points
/// at. The daily <c>image-sweep</c> job deletes those, but only once they are a day old: a photo stored a moment
/// ago may belong to an upload whose save has not committed yet.
/// </summary>
public sealed class ImageSweep(IImageStore images, IImageReferences references, TimeProvider clock)
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(24);

    /// <summary>Deletes unused photos stored before the grace period; answers how many.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        // Files are listed before the references are read, and each is checked again as it is deleted: uploading a
        // photo that is already stored marks it stored now, so one taken by a product during the sweep is spared.
        var cutoff = clock.GetUtcNow() - Grace;
        images.DeleteUnfinishedBefore(cutoff);
        var candidates = images.StoredBefore(cutoff);
        if (candidates.Count == 0)
        {
            return 0;
        }
        var inUse = await references.InUseAsync(cancellationToken);
        var deleted = 0;
        foreach (var hash in candidates.Where(h => !inUse.Contains(h)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            deleted += images.DeleteIfStoredBefore(hash, cutoff) ? 1 : 0;
        }
        return deleted;
    }
}
