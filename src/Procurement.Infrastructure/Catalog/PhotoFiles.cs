namespace Procurement.Infrastructure.Catalog;

/// <summary>
/// Where photo files live, by name (<c>ab/{sha256}-400.jpg</c>). Every web instance must see the same files: the
/// local implementation is a folder (<c>Storage:ImagesDirectory</c>) that all replicas mount; an S3-compatible
/// bucket would implement the same few calls (docs/suppliers.md).
/// </summary>
public interface IPhotoFiles
{
    /// <summary>Writes the whole file or nothing: readers never see half a photo, and a failed write leaves no file under the name.</summary>
    Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken);

    Stream? Open(string name);

    /// <summary>Marks the file as stored now; false when there is no such file.</summary>
    bool Touch(string name, DateTimeOffset at);

    /// <summary>When the file was last stored or touched; null when absent.</summary>
    DateTimeOffset? StoredAt(string name);

    /// <summary>Names ending in <paramref name="suffix"/>, with when each was last stored.</summary>
    IEnumerable<(string Name, DateTimeOffset StoredAt)> List(string suffix);

    void Delete(string name);

    /// <summary>Removes unfinished writes older than <paramref name="before"/> (a crash between write and rename); answers how many.</summary>
    int DeleteUnfinished(DateTimeOffset before);
}

/// <summary>Photos in a local (or mounted, shared) folder; writes go to a <c>.tmp</c> file that is renamed into place.</summary>
public sealed class LocalPhotoFiles(string root) : IPhotoFiles
{
    private const string Unfinished = ".tmp";

    public string Root => root;

    public async Task WriteAsync(string name, byte[] content, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Two uploads of the same photo at once each write their own temporary file; the last rename wins, both whole.
        var temporary = $"{path}.{Guid.NewGuid():N}{Unfinished}";
        try
        {
            await File.WriteAllBytesAsync(temporary, content, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public Stream? Open(string name) => File.Exists(PathOf(name)) ? File.OpenRead(PathOf(name)) : null;

    public bool Touch(string name, DateTimeOffset at)
    {
        try
        {
            File.SetLastWriteTimeUtc(PathOf(name), at.UtcDateTime);
            return true;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    public DateTimeOffset? StoredAt(string name) =>
        File.Exists(PathOf(name)) ? new DateTimeOffset(File.GetLastWriteTimeUtc(PathOf(name)), TimeSpan.Zero) : null;

    public IEnumerable<(string Name, DateTimeOffset StoredAt)> List(string suffix) =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*" + suffix, SearchOption.AllDirectories)
                .Select(path => (Path.GetRelativePath(root, path).Replace('\\', '/'), new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero)))
            : [];

    public void Delete(string name) => File.Delete(PathOf(name));

    public int DeleteUnfinished(DateTimeOffset before)
    {
        var deleted = 0;
        foreach (var (name, storedAt) in List(Unfinished).ToList())
        {
            if (storedAt < before)
            {
                Delete(name);
                deleted++;
            }
        }
        return deleted;
    }

    private string PathOf(string name)
    {
        // Names come from our own hashes; refuse anything that could step outside the folder.
        if (name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
        {
            throw new ArgumentException($"Not a photo file name: {name}", nameof(name));
        }
        return Path.Combine(root, name);
    }
}
