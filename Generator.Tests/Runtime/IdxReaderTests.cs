using System.Buffers.Binary;
using System.IO.Compression;
using NetGen;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests;

public class IdxReaderTests
{
    /// <summary>A 2×3 unsigned-byte IDX file, laid out as in the MNIST files.</summary>
    private static byte[] TinyBytes() =>
    [
        0x00, 0x00, 0x08, 0x02,  // magic: unsigned byte, 2 dimensions
        0x00, 0x00, 0x00, 0x02,  // 2 (big-endian)
        0x00, 0x00, 0x00, 0x03,  // 3
        0, 1, 2, 253, 254, 255,
    ];

    private static byte[] Gzip(byte[] content)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(content);
        return output.ToArray();
    }

    [Fact]
    public void Reads_UnsignedBytes()
    {
        IdxData data = IdxReader.Read(new MemoryStream(TinyBytes()));
        Assert.Equal([2, 3], data.Dimensions);
        Assert.Equal(IdxDataType.UnsignedByte, data.DataType);
        Assert.Equal([0, 1, 2, 253, 254, 255], data.Bytes!);
        Assert.Equal([0, 1, 2, 253, 254, 255], data.ToInt32s());
        const float scale = 1f / 255;
        Assert.Equal([0f, 1 * scale, 2 * scale, 253 * scale, 254 * scale, 255 * scale], data.ToSingles(scale));
    }

    [Fact]
    public void Reads_BigEndianFloats()
    {
        var file = new byte[4 + 4 + 8];
        file[2] = 0x0D;
        file[3] = 1;
        BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(4), 2);
        BinaryPrimitives.WriteSingleBigEndian(file.AsSpan(8), 1.5f);
        BinaryPrimitives.WriteSingleBigEndian(file.AsSpan(12), -3f);

        IdxData data = IdxReader.Read(new MemoryStream(file));

        Assert.Equal(IdxDataType.Single, data.DataType);
        Assert.Equal([1.5f, -3f], data.Singles!);
        Assert.Equal([3f, -6f], data.ToSingles(2f));
        Assert.Throws<InvalidOperationException>(() => data.ToInt32s());
    }

    [Fact]
    public void Reads_GzipTransparently()
    {
        IdxData data = IdxReader.Read(new MemoryStream(Gzip(TinyBytes())));
        Assert.Equal([2, 3], data.Dimensions);
        Assert.Equal([0, 1, 2, 253, 254, 255], data.Bytes!);
    }

    [Fact]
    public void WrongMagic_IsRejected()
    {
        byte[] file = TinyBytes();
        file[0] = 0x50; // e.g. a PNG or text file
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file)));
        Assert.Contains("magic number starts with 50 00, expected 00 00", e.Message);
    }

    [Fact]
    public void UnsupportedType_IsRejected()
    {
        byte[] file = TinyBytes();
        file[2] = 0x0C;
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file)));
        Assert.Contains("0x0c", e.Message);
    }

    [Fact]
    public void TruncatedData_NamesExpectedAndFound()
    {
        byte[] file = TinyBytes()[..^2];
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file)));
        Assert.Equal("IDX file is truncated: dimensions [2, 3] need 6 bytes of data, found 4", e.Message);
    }

    [Fact]
    public void ExtraData_IsRejected()
    {
        byte[] file = [.. TinyBytes(), 7];
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file)));
        Assert.Contains("too long", e.Message);
    }

    [Fact]
    public void Truncated_AtEveryCutPoint_ThrowsInvalidData_PlainAndGzip()
    {
        byte[] file = TinyBytes();
        for (int cut = 0; cut < file.Length; cut++)
            Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file[..cut])));

        byte[] gz = Gzip(file);
        for (int cut = 0; cut < gz.Length; cut++)
        {
            // GZipStream itself returns whatever it could decompress; the reader's trailer check
            // turns every cut, even one that keeps all the compressed data, into InvalidDataException.
            Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(gz[..cut])));
        }
    }

    [Fact]
    public void HugeDimensions_AreRejectedWithoutAllocating()
    {
        byte[] file = [0, 0, 0x08, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];
        Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file)));
    }

    /// <summary>A seekable stream of <see cref="Length"/> bytes: the given header, then zeros that are never stored.</summary>
    private sealed class LongStream(byte[] header, long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - Position);
            buffer[..n].Clear();
            for (long i = Position; i < Math.Min(Position + n, header.Length); i++) buffer[(int)(i - Position)] = header[i];
            Position += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => Position = origin == SeekOrigin.Begin ? offset : Position + offset;
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void OversizedHeader_OnAThreeGigabyteStream_IsInvalidDataBeforeAnyLargeRead()
    {
        // [60000, 28, 28] bytes claimed, 3 GB present: previously "IOException: Stream was too long" after copying 2 GB.
        byte[] header = [0, 0, 0x08, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new LongStream(header, 3_000_000_000)));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("IDX file is too long: dimensions [60000, 28, 28] need 47040000 bytes of data, found 2999999984", e.Message);
        Assert.True(allocated < 100_000, $"allocated {allocated}");
    }

    [Fact]
    public void DimensionsBeyondTheStream_AreTruncatedWithoutAllocatingThem()
    {
        // 4 × 2^31 − 1 floats: the byte count needs a long, and the stream holds 20 bytes.
        byte[] file = [0, 0, 0x0D, 2, 0, 0, 0, 4, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(file)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000);
        Assert.StartsWith("IDX dimension 1 is 2147483647", e.Message);
    }

    [Fact]
    public void CorruptGzip_SaysTheGzipDataIsCorrupt()
    {
        byte[] gz = Gzip(TinyBytes());
        for (int i = 10; i < gz.Length - 8; i++) gz[i] = 0xFF; // the deflate stream, not the header or trailer
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(gz)));
        Assert.StartsWith("gzip data is corrupt: it starts with the gzip magic 1f 8b but does not decompress after ", e.Message);
    }

    // ---- Forward-only streams (sockets, decompressors) and gzip: read as the bytes arrive, never whole first ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForwardOnly_ReadsTheSameAndLeavesTheStreamOpen(bool gzip)
    {
        byte[] file = gzip ? Gzip(TinyBytes()) : TinyBytes();
        var stream = new ForwardOnlyStream(new MemoryStream(file));
        IdxData data = IdxReader.Read(stream);
        Assert.Equal(new[] { 2, 3 }, data.Dimensions);
        Assert.Equal(TinyBytes()[12..], data.Bytes);
        Assert.False(stream.Disposed);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForwardOnly_TruncatedOrExtended_AtEveryLength_ThrowsInvalidData(bool gzip)
    {
        byte[] plain = TinyBytes();
        byte[] file = gzip ? Gzip(plain) : plain;
        for (int cut = 0; cut < file.Length; cut++)
            Assert.Throws<InvalidDataException>(() => IdxReader.Read(new ForwardOnlyStream(new MemoryStream(file[..cut]))));
        byte[] longer = gzip ? Gzip([.. plain, 7]) : [.. plain, 7];
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new ForwardOnlyStream(new MemoryStream(longer))));
        Assert.Equal("IDX file is too long: dimensions [2, 3] need 6 bytes of data, found 7", e.Message);
    }

    [Fact]
    public void ForwardOnly_TruncatedData_NamesExpectedAndFound()
    {
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new ForwardOnlyStream(new MemoryStream(TinyBytes()[..^2]))));
        Assert.Equal("IDX file is truncated: dimensions [2, 3] need 6 bytes of data, found 4", e.Message);
    }

    [Fact]
    public void ForwardOnly_ThreeGigabytes_IsTooLongNotAnIOException_AndHoldsOnlyWhatTheHeaderClaims()
    {
        // Before: a forward-only stream was copied whole first, and past 2 GB that was "IOException: Stream was too long".
        byte[] header = [0, 0, 0x08, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new ForwardOnlyStream(new LongStream(header, 3_000_000_000))));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal("IDX file is too long: dimensions [60000, 28, 28] need 47040000 bytes of data, found 2999999984", e.Message);
        // The claimed 47 MB, grown by doubling from 1 MB as bytes arrive (1 + 2 + … + 32 + 47 MB in all); nothing for the rest.
        Assert.True(allocated < 3 * 47_040_000, $"allocated {allocated}");
    }

    [Fact]
    public void ForwardOnly_HeaderClaimingMoreThanArrives_AllocatesOnlyWhatArrives()
    {
        // 2,000,000,000 bytes claimed, 1 KB present.
        byte[] file = [0, 0, 0x08, 1, 0x77, 0x35, 0x94, 0x00, .. new byte[1024]];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new ForwardOnlyStream(new MemoryStream(file))));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 3_000_000);
        Assert.Equal("IDX file is truncated: dimensions [2000000000] need 2000000000 bytes of data, found 1024", e.Message);
    }

    [Fact]
    public void Gzip_DecompressingFarBeyondTheClaim_IsTooLong_CountedNotStored()
    {
        // 64 MB of zeros behind a [1000] header: compressed to about 64 KB; read as it decompresses.
        byte[] plain = new byte[8 + 64_000_000];
        plain[2] = 0x08; plain[3] = 1; BinaryPrimitives.WriteInt32BigEndian(plain.AsSpan(4), 1000);
        byte[] gz;
        using (var output = new MemoryStream())
        {
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(plain);
            gz = output.ToArray();
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => IdxReader.Read(new MemoryStream(gz)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Equal("IDX file is too long: dimensions [1000] need 1000 bytes of data, found 64000000", e.Message);
    }
}
