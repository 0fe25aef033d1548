using System.Buffers.Binary;

namespace NetGen;

/// <summary>
/// Reads the IDX format of the MNIST files: two zero bytes, a type byte (0x08 unsigned byte or 0x0D
/// float32), a dimension count, the dimensions as big-endian 32-bit integers, then the elements,
/// big-endian, row-major. Gzip-compressed files (the ".gz" downloads) are recognised by their magic
/// bytes and decompressed as they are read.
/// </summary>
/// <remarks>
/// Every problem — wrong magic, unsupported type, truncated or over-long data, truncated or corrupt gzip — is an
/// <see cref="InvalidDataException"/> stating what was expected and what was found.
/// </remarks>
public static class IdxReader
{
    /// <summary>
    /// Reads one IDX file from <paramref name="stream"/>, header first: its dimensions' byte count (computed in long,
    /// overflow-safe) is checked against the stream's length when the stream is seekable and uncompressed, so a corrupt
    /// header fails before anything large is allocated; a gzip or forward-only stream is read into a buffer that grows
    /// only as bytes arrive, up to what the header claims. The stream is left open.
    /// </summary>
    /// <exception cref="InvalidDataException">The content is not a supported, complete IDX file.</exception>
    public static IdxData Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek)
        {
            long start = stream.Position;
            Span<byte> magic = stackalloc byte[2];
            int got = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            stream.Position = start;
            if (!GzipInput.IsGzip(magic[..got])) return ReadContent(stream);
        }
        using Stream content = GzipInput.Open(stream);
        return ReadContent(content);
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
    public static IdxData Parse(ReadOnlySpan<byte> content)
    {
        Header header = ReadHeader(content);
        CheckDataLength(header, content.Length - header.Length);
        return Decode(header, content.Slice(header.Length), owned: null);
    }

    /// <summary>The IDX header: element type, dimensions, the header's own length and the data's byte count.</summary>
    private readonly record struct Header(IdxDataType Type, int[] Dimensions, int Length, long DataBytes);

    /// <summary>Reads uncompressed IDX content from <paramref name="content"/>'s position on.</summary>
    private static IdxData ReadContent(Stream content)
    {
        // 4-byte magic, then four bytes per dimension; a short read gives ReadHeader what there is to word the error.
        (byte[] magic, int got) = BoundedRead.UpTo(content, 4);
        byte[] headerBytes = magic[..got];
        if (got == 4)
        {
            (byte[] dimensions, int gotDimensions) = BoundedRead.UpTo(content, 4 * magic[3]);
            headerBytes = [.. magic, .. dimensions.AsSpan(0, gotDimensions)];
        }
        Header header = ReadHeader(headerBytes);
        if (content.CanSeek) CheckDataLength(header, BoundedRead.Remaining(content));
        if (header.DataBytes > Array.MaxLength)
            throw new InvalidDataException($"IDX data of {header.DataBytes} bytes is larger than one array holds ({Array.MaxLength} bytes)");

        (byte[] data, int filled) = BoundedRead.UpTo(content, (int)header.DataBytes);
        // Complete: whatever follows (counted, not stored) makes the file too long.
        long found = filled == header.DataBytes ? filled + BoundedRead.Remaining(content) : filled;
        CheckDataLength(header, found);
        return Decode(header, data, owned: data);
    }

    private static Header ReadHeader(ReadOnlySpan<byte> content)
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

        var dimensions = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            uint dim = BinaryPrimitives.ReadUInt32BigEndian(content.Slice(4 + 4 * i));
            // Checked before multiplying: the product never overflows a long.
            if (dim > int.MaxValue || dim != 0 && count > Array.MaxLength / dim)
                throw new InvalidDataException($"IDX dimension {i} is {dim}: the data would exceed {Array.MaxLength} elements");
            count *= dim;
            dimensions[i] = (int)dim;
        }
        return new Header((IdxDataType)type, dimensions, headerLength, count * elementSize);
    }

    private static void CheckDataLength(Header header, long found)
    {
        if (found == header.DataBytes) return;
        string what = found < header.DataBytes ? "truncated" : "too long";
        throw new InvalidDataException(
            $"IDX file is {what}: dimensions [{string.Join(", ", header.Dimensions)}] need {header.DataBytes} bytes of data, found {found}");
    }

    /// <summary>The elements of <paramref name="data"/>; <paramref name="owned"/>, when given, is that data's own array, kept instead of copied.</summary>
    private static IdxData Decode(Header header, ReadOnlySpan<byte> data, byte[]? owned)
    {
        if (header.Type == IdxDataType.UnsignedByte)
            return new IdxData(header.Dimensions, IdxDataType.UnsignedByte, owned ?? data.ToArray(), null);

        var singles = new float[header.DataBytes / 4];
        for (int i = 0; i < singles.Length; i++)
            singles[i] = BinaryPrimitives.ReadSingleBigEndian(data.Slice(i * 4));
        return new IdxData(header.Dimensions, IdxDataType.Single, null, singles);
    }
}
