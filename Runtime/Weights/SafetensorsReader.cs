using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// Parses the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
/// (<c>{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}</c>,
/// possibly padded with spaces), then the tensor bytes, offsets relative to the end of the header.
/// </summary>
/// <remarks>
/// The JSON is read token by token with <see cref="Utf8JsonReader"/> so the reader needs no reflection
/// and is safe under trimming and NativeAOT. Everything that can be checked without knowing the network
/// is checked here, so a <see cref="SafetensorsFile"/> never points outside its buffer: every problem
/// is a <see cref="WeightFileException"/>, never an index or null error. Gaps between tensors are
/// tolerated (nothing reads them); overlaps are not, since they mean the offsets are corrupt.
/// </remarks>
public static class SafetensorsReader
{
    /// <summary>Headers larger than this are rejected as corrupt; real headers are a few KB to a few MB.</summary>
    public const long MaxHeaderLength = 100_000_000;

    private const string MetadataKey = "__metadata__";

    /// <summary>
    /// Reads the rest of <paramref name="stream"/> and parses it. The header is read and checked first — its length
    /// against <see cref="MaxHeaderLength"/> and, for a seekable stream, every size against the stream's length — so a
    /// corrupt or truncated file fails before its data is read; the data section is then read into one array of exactly
    /// its size (a non-seekable stream is read in bounded chunks and fails at the first shortfall).
    /// </summary>
    /// <exception cref="WeightFileException">The content is not a valid safetensors file, or its data section is larger
    /// than one array can hold (<see cref="WeightFile.Load(Stream, IReadOnlyList{TensorLayout}, Span{float}, Span{float})"/>
    /// streams such files instead).</exception>
    public static SafetensorsFile Read(Stream stream)
    {
        SafetensorsFile header = ReadHeader(stream, out long dataLength);
        long needed = header.Tensors.Count == 0 ? 0 : header.Tensors.Max(t => t.DataEnd);
        if (dataLength >= 0) needed = dataLength;
        if (needed > Array.MaxLength)
            throw new WeightFileException($"data section of {needed} bytes is larger than one array holds ({Array.MaxLength} bytes); load it with WeightFile.Load, which streams");
        byte[] data = BoundedRead.Exactly(stream, (int)needed) ?? throw Truncated(stream, needed);
        return header.WithData(data);
    }

    /// <summary>Parses a whole file held in <paramref name="content"/>; the file keeps the array.</summary>
    /// <exception cref="WeightFileException">The content is not a valid safetensors file.</exception>
    public static SafetensorsFile Parse(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream(content, writable: false);
        SafetensorsFile header = ReadHeader(stream, out _);
        return header.WithData(content, (int)stream.Position);
    }

    /// <summary>
    /// Reads the header from the current position and checks it: every tensor's dtype, shape and offsets, against
    /// the data section's length when the stream is seekable (<paramref name="dataLength"/>, else -1: then only the
    /// reads find a truncation). Leaves the stream at the start of the data section; the tensors have no data yet.
    /// </summary>
    /// <exception cref="WeightFileException">The header is truncated, too long or invalid.</exception>
    internal static SafetensorsFile ReadHeader(Stream stream, out long dataLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long remaining = stream.CanSeek ? stream.Length - stream.Position : -1;
        Span<byte> prefix = stackalloc byte[8];
        int got = stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false);
        if (got < 8)
            throw new WeightFileException($"file is truncated: expected at least 8 bytes for the header length, found {got}");

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
            throw new WeightFileException($"header length {headerLength} is larger than the limit of {MaxHeaderLength} bytes: the file is corrupt or not safetensors");
        if (remaining >= 0 && headerLength > (ulong)(remaining - 8))
            throw new WeightFileException($"file is truncated: header length is {headerLength} bytes but only {remaining - 8} bytes follow");
        byte[] header = BoundedRead.Exactly(stream, (int)headerLength)
            ?? throw new WeightFileException($"file is truncated: header length is {headerLength} bytes but the stream ended before");
        dataLength = remaining < 0 ? -1 : remaining - 8 - (long)headerLength;

        List<RawEntry> entries;
        Dictionary<string, string> metadata;
        try
        {
            (entries, metadata) = ParseHeader(header);
        }
        catch (JsonException e)
        {
            throw new WeightFileException($"header is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader's Get* methods report bad UTF-8 or out-of-range numbers this way.
            throw new WeightFileException($"header is not valid JSON: {e.Message}", e);
        }

        var tensors = new List<SafetensorsTensor>(entries.Count);
        foreach (RawEntry entry in entries)
            tensors.Add(CheckEntry(entry, dataLength));
        CheckNoOverlap(tensors);
        return new SafetensorsFile(tensors, metadata);
    }

    /// <summary>"file is truncated" for a data section that ends before <paramref name="needed"/> bytes.</summary>
    internal static WeightFileException Truncated(Stream stream, long needed) =>
        new($"file is truncated: the tensors need a data section of {needed} bytes but the stream ended before{(stream.CanSeek ? $" (at byte {stream.Position})" : "")}");

    /// <summary>A header entry before its numbers are checked against the data section.</summary>
    private sealed record RawEntry(string Name, string? DType, List<long>? Shape, List<long>? Offsets);

    private static (List<RawEntry>, Dictionary<string, string>) ParseHeader(ReadOnlySpan<byte> header)
    {
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        var entries = new List<RawEntry>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new WeightFileException("header is not a JSON object");

        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string name = reader.GetString()!;
            if (!seen.Add(name))
                throw new WeightFileException($"header names '{name}' twice");

            if (name == MetadataKey)
            {
                ReadMetadata(ref reader, metadata);
                continue;
            }

            if (Next(ref reader) != JsonTokenType.StartObject)
                throw new WeightFileException($"tensor '{name}': expected an object with dtype, shape and data_offsets, found {reader.TokenType}");

            string? dtype = null;
            List<long>? shape = null, offsets = null;
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                string field = reader.GetString()!;
                switch (field)
                {
                    case "dtype":
                        if (Next(ref reader) != JsonTokenType.String)
                            throw new WeightFileException($"tensor '{name}': dtype must be a string, found {reader.TokenType}");
                        dtype = reader.GetString();
                        break;
                    case "shape":
                        shape = ReadIntegers(ref reader, name, field);
                        break;
                    case "data_offsets":
                        offsets = ReadIntegers(ref reader, name, field);
                        break;
                    default:
                        // Unknown fields are ignored, as the reference (serde) parser does, so a later
                        // format version that adds a field still loads.
                        reader.Skip();
                        break;
                }
            }
            entries.Add(new RawEntry(name, dtype, shape, offsets));
        }

        // Only padding may follow the object: Read() returns false at the end and throws on anything else.
        if (reader.Read())
            throw new WeightFileException($"header has content after the JSON object: {reader.TokenType}");
        return (entries, metadata);
    }

    /// <summary>Advances one token; a header that ends early is truncated JSON.</summary>
    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw new WeightFileException("header is not valid JSON: it ends inside an object");
        return reader.TokenType;
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        if (Next(ref reader) != JsonTokenType.StartObject)
            throw new WeightFileException($"__metadata__ must be an object of strings, found {reader.TokenType}");
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            if (Next(ref reader) != JsonTokenType.String)
                throw new WeightFileException($"__metadata__ entry '{key}' must be a string, found {reader.TokenType}");
            metadata[key] = reader.GetString()!;
        }
    }

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string name, string field)
    {
        if (Next(ref reader) != JsonTokenType.StartArray)
            throw new WeightFileException($"tensor '{name}': {field} must be an array of integers, found {reader.TokenType}");
        var values = new List<long>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long value) || value < 0)
            {
                string found = reader.TokenType == JsonTokenType.Number
                    ? Encoding.UTF8.GetString(reader.ValueSpan)
                    : reader.TokenType.ToString();
                throw new WeightFileException($"tensor '{name}': {field} must hold non-negative integers, found {found}");
            }
            values.Add(value);
        }
        return values;
    }

    /// <summary>Checks one entry against the data section (of unknown length when <paramref name="dataLength"/> is -1) and builds its tensor, without data.</summary>
    private static SafetensorsTensor CheckEntry(RawEntry entry, long dataLength)
    {
        string name = entry.Name;
        if (entry.DType is null)
            throw new WeightFileException($"tensor '{name}' has no dtype");
        if (entry.Shape is null)
            throw new WeightFileException($"tensor '{name}' has no shape");
        if (entry.Offsets is null)
            throw new WeightFileException($"tensor '{name}' has no data_offsets");

        int elementSize = SafetensorsDType.ElementSize(entry.DType);
        if (elementSize == 0)
            throw new WeightFileException($"tensor '{name}': unknown dtype '{entry.DType}'");

        if (entry.Offsets.Count != 2)
            throw new WeightFileException($"tensor '{name}': data_offsets must have 2 entries [begin, end], found {entry.Offsets.Count}");
        long begin = entry.Offsets[0], end = entry.Offsets[1];
        if (begin > end)
            throw new WeightFileException($"tensor '{name}': data_offsets [{begin}, {end}] end before they begin");
        if (dataLength >= 0 && end > dataLength)
            throw new WeightFileException($"tensor '{name}': data_offsets [{begin}, {end}] extend past the data section of {dataLength} bytes (file truncated?)");

        var shape = new int[entry.Shape.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            if (entry.Shape[i] > int.MaxValue)
                throw new WeightFileException($"tensor '{name}': shape [{string.Join(", ", entry.Shape)}] has a dimension above {int.MaxValue}");
            shape[i] = (int)entry.Shape[i];
        }

        // The product is bounded before each multiplication, so neither it nor its byte count can overflow: by the
        // data section when its length is known, always by a sixteenth of what a long addresses.
        long limit = Math.Min(dataLength >= 0 ? dataLength : long.MaxValue, long.MaxValue / 16);
        long elements = shape.Contains(0) ? 0 : 1;
        foreach (int dim in shape)
        {
            if (elements == 0)
                break;
            if (elements > limit / dim + 1)
                throw new WeightFileException(dataLength >= 0
                    ? $"tensor '{name}': shape {SafetensorsTensor.FormatShape(shape)} is larger than the whole data section of {dataLength} bytes"
                    : $"tensor '{name}': shape {SafetensorsTensor.FormatShape(shape)} has more bytes than a file can hold");
            elements *= dim;
        }

        long expectedBytes = elements * elementSize;
        if (end - begin != expectedBytes)
        {
            throw new WeightFileException(
                $"tensor '{name}': {entry.DType} shape {SafetensorsTensor.FormatShape(shape)} needs {expectedBytes} bytes, data_offsets [{begin}, {end}] hold {end - begin}");
        }

        return new SafetensorsTensor(name, entry.DType, shape, elements, begin, end);
    }

    private static void CheckNoOverlap(List<SafetensorsTensor> tensors)
    {
        var sorted = tensors.Where(t => t.DataEnd > t.DataBegin).OrderBy(t => t.DataBegin).ToList();
        for (int i = 1; i < sorted.Count; i++)
        {
            SafetensorsTensor previous = sorted[i - 1], current = sorted[i];
            if (current.DataBegin < previous.DataEnd)
            {
                throw new WeightFileException(
                    $"tensor '{current.Name}': data_offsets [{current.DataBegin}, {current.DataEnd}] overlap tensor '{previous.Name}' at [{previous.DataBegin}, {previous.DataEnd}]");
            }
        }
    }
}
