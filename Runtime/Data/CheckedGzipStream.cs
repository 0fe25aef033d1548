using System.Buffers.Binary;
using System.IO.Compression;

namespace NetGen;

/// <summary>
/// The decompressed content of one gzip member, read as it arrives. .NET's <see cref="GZipStream"/> does not report
/// a stream cut short: it returns what it could decompress. So at the end this stream checks the 4-byte size trailer
/// against the bytes it gave, and a truncated download is an <see cref="InvalidDataException"/> instead of a silently
/// shorter file. That check assumes one gzip member, which is what gzip, Python and the MNIST downloads write;
/// concatenated members are rejected.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    // Smallest gzip member: 10-byte header, 2-byte empty deflate block, 8-byte trailer.
    private const int MinimumLength = 20;

    private readonly PeekedInput _compressed;
    private readonly GZipStream _gzip;
    private long _decompressed;
    private bool _checked;

    public CheckedGzipStream(PeekedInput compressed)
    {
        _compressed = compressed;
        _gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _decompressed; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <exception cref="InvalidDataException">The gzip data is truncated or corrupt.</exception>
    public override int Read(Span<byte> buffer)
    {
        if (_checked || buffer.IsEmpty) return 0;
        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            // GZipStream's own message speaks of archives and compression methods; say what the bytes were taken for.
            throw new InvalidDataException(
                $"gzip data is corrupt: it starts with the gzip magic 1f 8b but does not decompress after {_compressed.Count} compressed bytes ({e.Message})", e);
        }
        _decompressed += read;
        if (read == 0) CheckTrailer();
        return read;
    }

    private void CheckTrailer()
    {
        _checked = true;
        // Whatever follows the member (a second member, garbage) must reach the trailer check too.
        Span<byte> rest = stackalloc byte[256];
        while (_compressed.Read(rest) > 0) { }
        if (_compressed.Count < MinimumLength)
            throw new InvalidDataException($"gzip data is truncated: expected at least {MinimumLength} bytes, found {_compressed.Count}");
        // The trailer ends with the uncompressed length modulo 2^32; a cut file ends with other bytes.
        uint recordedLength = BinaryPrimitives.ReadUInt32LittleEndian(_compressed.Last[^4..]);
        if (recordedLength != (uint)_decompressed)
        {
            throw new InvalidDataException(
                $"gzip data is truncated or corrupt: the trailer records {recordedLength} uncompressed bytes, decompression gave {_decompressed}");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
