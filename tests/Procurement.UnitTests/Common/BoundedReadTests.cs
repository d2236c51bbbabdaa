using Procurement.Core.Common;

namespace Procurement.UnitTests.Common;

public class BoundedReadTests
{
    private static byte[] Bytes(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

    [Theory]
    [InlineData(10)]
    [InlineData(200_000)]
    public async Task Exactly_max_bytes_are_read_whole(int max)
    {
        var content = Bytes(max);

        var read = await BoundedRead.ReadAsync(new MemoryStream(content), max, CancellationToken.None);

        Assert.Equal(content, read);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200_000)]
    public async Task One_byte_past_max_is_refused(int max)
    {
        var read = await BoundedRead.ReadAsync(new MemoryStream(Bytes(max + 1)), max, CancellationToken.None);

        Assert.Null(read);
    }

    [Fact]
    public async Task An_empty_stream_is_no_bytes_not_a_refusal()
    {
        var read = await BoundedRead.ReadAsync(new MemoryStream(), 5, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Empty(read);
    }

    [Fact]
    public async Task Short_reads_are_gathered_whole()
    {
        var content = Bytes(1000);
        var stream = new TrickleStream(content, most: 3);

        var read = await BoundedRead.ReadAsync(stream, 1000, CancellationToken.None);

        Assert.Equal(content, read);
    }

    [Fact]
    public async Task Short_reads_past_max_are_refused()
    {
        var read = await BoundedRead.ReadAsync(new TrickleStream(Bytes(1001), most: 3), 1000, CancellationToken.None);

        Assert.Null(read);
    }

    [Fact]
    public async Task No_more_than_one_byte_past_max_is_asked_of_the_stream()
    {
        var stream = new TrickleStream(Bytes(1_000_000), most: int.MaxValue);

        var read = await BoundedRead.ReadAsync(stream, 100_000, CancellationToken.None);

        Assert.Null(read);
        Assert.Equal(100_001, stream.Served);
    }

    /// <summary>Serves at most <c>most</c> bytes a read, as a network stream may, and counts what it served.</summary>
    private sealed class TrickleStream(byte[] content, int most) : Stream
    {
        public long Served { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = (int)Math.Min(Math.Min(buffer.Length, most), content.Length - Served);
            content.AsSpan((int)Served, n).CopyTo(buffer);
            Served += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
