using System.Buffers.Binary;

namespace NetGen;

/// <summary>
/// Reads the IDX format of the MNIST files: two zero bytes, a type byte (0x08 unsigned byte or 0x0D
/// float32), a dimension count, the dimensions as big-endian 32-bit integers, then the elements,
/// big-endian, row-major. Gzip-compressed files (the ".gz" downloads) are recognised by their magic
/// bytes and decompressed transparently.
/// </summary>
/// <remarks>
/// Every problem — wrong magic, unsupported type, truncated or over-long data — is an
/// <see cref="InvalidDataException"/> stating what was expected and what was found.
/// </remarks>
public static class IdxReader
{
    /// <summary>
    /// Reads one IDX file from <paramref name="stream"/>. An uncompressed seekable stream has its header read first
    /// and the dimensions' byte count (computed in long, overflow-safe) checked against the stream's length, so a
    /// corrupt header fails before anything large is allocated; gzip and forward-only streams are read whole first.
    /// </summary>
    /// <exception cref="InvalidDataException">The content is not a supported, complete IDX file.</exception>
    public static IdxData Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek) return Parse(GzipInput.ReadAllBytes(stream));
        long start = stream.Position, length = stream.Length - start;
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        stream.Position = start;
        if (got < 4 || magic[0] == 0x1f && magic[1] == 0x8b) return Parse(GzipInput.ReadAllBytes(stream));

        int headerLength = 4 + 4 * magic[3];
        byte[] header = BoundedRead.Exactly(stream, (int)Math.Min(headerLength, length)) ?? [];
        long expected = ExpectedLength(header);
        if (expected != length)
        {
            // Parse words the error (truncated, too long, bad magic) from the header alone.
            Parse(header.AsSpan(), dataLength: length - header.Length);
        }
        if (expected > Array.MaxLength)
            throw new InvalidDataException($"IDX file of {expected} bytes is larger than one array holds ({Array.MaxLength} bytes)");
        byte[] content = new byte[expected];
        header.CopyTo(content, 0);
        stream.ReadExactly(content, header.Length, content.Length - header.Length);
        return Parse(content);
    }

    /// <summary>Reads the IDX file at <paramref name="path"/> (compressed or not).</summary>
    public static IdxData Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        try
        {
            return Read(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Parses an uncompressed IDX file held in <paramref name="content"/>.</summary>
    /// <exception cref="InvalidDataException">The content is not a supported, complete IDX file.</exception>
    public static IdxData Parse(ReadOnlySpan<byte> content) => Parse(content, dataLength: -1);

    /// <summary>Header plus data length of a file whose header is <paramref name="header"/>; -1 when the header itself is bad (Parse reports it).</summary>
    private static long ExpectedLength(ReadOnlySpan<byte> header)
    {
        if (header.Length < 4 || header[0] != 0 || header[1] != 0 || header.Length < 4 + 4 * header[3]) return -1;
        int elementSize = header[2] switch { (byte)IdxDataType.UnsignedByte => 1, (byte)IdxDataType.Single => 4, _ => 0 };
        long count = elementSize;
        for (int i = 0; i < header[3]; i++)
        {
            uint dim = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4 + 4 * i));
            if (dim != 0 && count > Array.MaxLength / dim) return -1; // checked before multiplying: no overflow
            count *= dim;
        }
        return count == 0 && elementSize == 0 ? -1 : header.Length + count;
    }

    /// <summary>
    /// Parses <paramref name="content"/>; with <paramref name="dataLength"/> ≥ 0 the content is only the header and the
    /// data, of that many bytes, is checked by length (and always found wrong: the caller knows it is).
    /// </summary>
    private static IdxData Parse(ReadOnlySpan<byte> content, long dataLength)
    {
        if (content.Length < 4)
            throw new InvalidDataException($"IDX file is truncated: expected a 4-byte magic number, found {content.Length} bytes");
        if (content[0] != 0 || content[1] != 0)
            throw new InvalidDataException($"not an IDX file: magic number starts with {content[0]:x2} {content[1]:x2}, expected 00 00");

        byte type = content[2];
        int elementSize = type switch
        {
            (byte)IdxDataType.UnsignedByte => 1,
            (byte)IdxDataType.Single => 4,
            _ => throw new InvalidDataException($"IDX type byte 0x{type:x2} is not supported: expected 0x08 (unsigned byte) or 0x0D (float32)"),
        };

        int rank = content[3];
        int headerLength = 4 + 4 * rank;
        if (content.Length < headerLength)
            throw new InvalidDataException($"IDX file is truncated: {rank} dimensions need a {headerLength}-byte header, found {content.Length} bytes");
        if (dataLength >= 0) content = content[..headerLength];

        var dimensions = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            uint dim = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(4 + 4 * i));
            count *= dim;
            if (dim > int.MaxValue || count > Array.MaxLength)
                throw new InvalidDataException($"IDX dimension {i} is {dim}: the data would exceed {Array.MaxLength} elements");
            dimensions[i] = (int)dim;
        }

        long expected = count * elementSize;
        long found = dataLength >= 0 ? dataLength : content.Length - headerLength;
        if (found != expected)
        {
            string what = found < expected ? "truncated" : "too long";
            throw new InvalidDataException(
                $"IDX file is {what}: dimensions [{string.Join(", ", dimensions)}] need {expected} bytes of data, found {found}");
        }

        ReadOnlySpan<byte> data = content.Slice(headerLength);
        if (type == (byte)IdxDataType.UnsignedByte)
            return new IdxData(dimensions, IdxDataType.UnsignedByte, data.ToArray(), null);

        var singles = new float[count];
        for (int i = 0; i < singles.Length; i++)
            singles[i] = BinaryPrimitives.ReadSingleBigEndian(data.Slice(i * 4));
        return new IdxData(dimensions, IdxDataType.Single, null, singles);
    }
}
