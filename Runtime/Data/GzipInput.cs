using System.Buffers.Binary;
using System.IO.Compression;

namespace NetGen;

/// <summary>
/// Reads a data stream to its end, decompressing it when it starts with the gzip magic bytes 1f 8b,
/// so loaders accept "train-images-idx3-ubyte" and "train-images-idx3-ubyte.gz" alike without the
/// caller saying which it has.
/// </summary>
/// <remarks>
/// .NET's <see cref="GZipStream"/> does not report a stream cut short: it returns what it could
/// decompress. The 4-byte size trailer is therefore checked here, so a truncated download is an error
/// rather than a silently shorter file. That check assumes one gzip member, which is what gzip,
/// Python and the MNIST downloads write; concatenated members are rejected.
/// </remarks>
internal static class GzipInput
{
    /// <summary>The whole content of <paramref name="stream"/>, gunzipped if it is gzip.</summary>
    /// <exception cref="InvalidDataException">The gzip data is truncated or corrupt, or decompresses to more than 2 GB.</exception>
    public static byte[] ReadAllBytes(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var raw = new MemoryStream();
        stream.CopyTo(raw);
        byte[] bytes = raw.ToArray();
        if (bytes.Length < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b)
            return bytes;

        // Smallest gzip member: 10-byte header, 2-byte empty deflate block, 8-byte trailer.
        const int MinimumLength = 20;
        if (bytes.Length < MinimumLength)
            throw new InvalidDataException($"gzip data is truncated: expected at least {MinimumLength} bytes, found {bytes.Length}");

        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var decompressed = new MemoryStream();
        try
        {
            gzip.CopyTo(decompressed);
        }
        catch (InvalidDataException e)
        {
            // GZipStream's own message speaks of archives and compression methods; say what the bytes were taken for.
            throw new InvalidDataException($"gzip data is corrupt: the {bytes.Length} bytes start with the gzip magic 1f 8b but do not decompress ({e.Message})", e);
        }
        catch (IOException e) when (decompressed.Length > int.MaxValue - (1 << 20))
        {
            throw new InvalidDataException($"gzip data decompresses to more than {int.MaxValue} bytes, more than one array holds", e);
        }

        // The trailer ends with the uncompressed length modulo 2^32; a cut file ends with other bytes.
        uint recordedLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        if (recordedLength != (uint)decompressed.Length)
        {
            throw new InvalidDataException(
                $"gzip data is truncated or corrupt: the trailer records {recordedLength} uncompressed bytes, decompression gave {decompressed.Length}");
        }
        return decompressed.ToArray();
    }

    /// <summary>A readable stream over the content of <paramref name="stream"/>, gunzipped if it is gzip.</summary>
    public static MemoryStream Open(Stream stream) => new(ReadAllBytes(stream), writable: false);
}
