using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NetGen;

/// <summary>
/// Collects named float32 tensors and writes them as one safetensors file, laid out as the Python
/// <c>safetensors</c> library lays it out: tensors in ordinal (byte-wise UTF-8) order of their names,
/// compact JSON with the fields in the order dtype, shape, data_offsets, "__metadata__" first, and the
/// header padded with spaces to a multiple of 8 bytes so the data section starts aligned.
/// </summary>
/// <remarks>
/// The same tensors always give the same bytes, so weight files can be compared and hashed.
/// Data is copied when added, so callers may pass spans over buffers they keep changing.
/// </remarks>
public sealed class SafetensorsWriter
{
    private readonly List<(string Name, int[] Shape, float[] Data)> _tensors = [];
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Number of tensors added so far.</summary>
    public int Count => _tensors.Count;

    /// <summary>Adds a float32 tensor of a shape given as a list (e.g. a <see cref="TensorLayout.Shape"/>); see the span overload.</summary>
    public SafetensorsWriter Add(string name, IReadOnlyList<int> shape, ReadOnlySpan<float> data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Add(name, (ReadOnlySpan<int>)shape.ToArray(), data);
    }

    /// <summary>Adds a float32 tensor; <paramref name="data"/> is copied.</summary>
    /// <exception cref="ArgumentException">
    /// The name is empty, reserved or already added, a dimension is negative, or the data length is not
    /// product(shape).
    /// </exception>
    public SafetensorsWriter Add(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == "__metadata__")
            throw new ArgumentException("'__metadata__' is reserved for the metadata map", nameof(name));
        if (_names.Contains(name))
            throw new ArgumentException($"tensor '{name}' was already added", nameof(name));

        long elements = 1;
        foreach (int dim in shape)
        {
            if (dim < 0)
                throw new ArgumentException($"tensor '{name}': shape {SafetensorsTensor.FormatShape(shape)} has a negative dimension", nameof(shape));
            elements *= dim;
            if (elements > Array.MaxLength)
                throw new ArgumentException($"tensor '{name}': shape {SafetensorsTensor.FormatShape(shape)} is too large", nameof(shape));
        }
        if (elements != data.Length)
            throw new ArgumentException($"tensor '{name}': shape {SafetensorsTensor.FormatShape(shape)} needs {elements} values, data has {data.Length}", nameof(data));

        _names.Add(name);
        _tensors.Add((name, shape.ToArray(), data.ToArray()));
        return this;
    }

    /// <summary>Adds or replaces a "__metadata__" entry (e.g. "format" = "pt").</summary>
    public SafetensorsWriter AddMetadata(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _metadata[key] = value;
        return this;
    }

    /// <summary>Writes the file to <paramref name="stream"/> (which stays open).</summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ordered = _tensors.ToArray();
        Array.Sort(ordered, (a, b) => CompareNames(a.Name, b.Name));
        WriteHeader(stream, [.. ordered.Select(t => (t.Name, t.Shape, (long)t.Data.Length))], _metadata);
        foreach (var (_, _, data) in ordered)
            WriteLittleEndian(stream, data);
    }

    /// <summary>
    /// Byte-wise UTF-8 order of tensor names, which is what Rust's string comparison in the reference writer does
    /// (ordinal UTF-16 order differs for characters above U+FFFF).
    /// </summary>
    internal static int CompareNames(string a, string b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));

    /// <summary>Writes the 8-byte length and the padded JSON header of float32 tensors, given in file order with their element counts.</summary>
    internal static void WriteHeader(Stream stream, IReadOnlyList<(string Name, int[] Shape, long Elements)> ordered, IReadOnlyDictionary<string, string> metadata)
    {
        byte[] header = BuildHeader(ordered, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
    }

    /// <summary>Writes the file to <paramref name="path"/>, replacing it.</summary>
    public void WriteTo(string path)
    {
        using FileStream stream = File.Create(path);
        WriteTo(stream);
    }

    private static byte[] BuildHeader(IReadOnlyList<(string Name, int[] Shape, long Elements)> ordered, IReadOnlyDictionary<string, string> metadata)
    {
        var buffer = new MemoryStream();
        // The relaxed encoder leaves non-ASCII names readable, as serde_json writes them.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, shape, elements) in ordered)
            {
                long end = offset + elements * sizeof(float);
                json.WriteStartObject(name);
                json.WriteString("dtype", SafetensorsDType.F32);
                json.WriteStartArray("shape");
                foreach (int dim in shape)
                    json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }

        // Pad with spaces (valid JSON whitespace) so the data section starts 8-byte aligned.
        int padding = (int)((8 - buffer.Length % 8) % 8);
        for (int i = 0; i < padding; i++)
            buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    /// <summary>Writes float32 values little-endian, as the format stores them.</summary>
    internal static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        Span<byte> element = stackalloc byte[4];
        foreach (float value in data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(element, value);
            stream.Write(element);
        }
    }
}
