namespace Procurement.Web.Platform;

/// <summary><c>Storage:DataDirectory</c> (default <c>./data</c>): the SQLite file, the search index, Hangfire's store, logs.</summary>
public static class DataDirectory
{
    public static string Resolve(IConfiguration configuration)
    {
        var path = Path.GetFullPath(configuration["Storage:DataDirectory"] is { Length: > 0 } configured ? configured : "data");
        Directory.CreateDirectory(path);
        return path;
    }
}
