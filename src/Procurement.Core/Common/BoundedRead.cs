namespace Procurement.Core.Common;

/// <summary>
/// Reading an upload or a response body whole, when it may be no longer than a limit: what it costs to read is the limit,
/// never what the sender chose to send.
/// </summary>
public static class BoundedRead
{
    private const int ChunkBytes = 81920;

    /// <summary>
    /// The stream's bytes, or null when it holds more than <paramref name="max"/>. No more than one byte past
    /// <paramref name="max"/> is ever asked of the stream (the one that tells it was longer), and short reads are fine.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(Stream content, long max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        using var buffer = new MemoryStream();
        var chunk = new byte[max < ChunkBytes ? (int)max + 1 : ChunkBytes];
        int read;
        while ((read = await content.ReadAsync(chunk.AsMemory(0, Want(chunk.Length, max - buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                return null;
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A chunk, or what is left before the limit and the one byte past it.</summary>
    private static int Want(int chunk, long left) => left < chunk ? (int)left + 1 : chunk;
}
