using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NetGen;

/// <summary>
/// One tensor of a <see cref="SafetensorsFile"/>: its name, dtype, shape and raw little-endian bytes.
/// Created only by <see cref="SafetensorsReader"/>, which has already checked that the bytes exist and
/// that their length is product(shape) × element size. A tensor of a header read on its own (as weight loading
/// does before streaming the data) has no bytes yet.
/// </summary>
public sealed class SafetensorsTensor
{
    private readonly int[] _shape;
    private readonly byte[]? _buffer;
    private readonly int _start;

    internal SafetensorsTensor(string name, string dtype, int[] shape, long elementCount, long dataBegin, long dataEnd)
    {
        Name = name;
        DType = dtype;
        _shape = shape;
        ElementCount = elementCount;
        DataBegin = dataBegin;
        DataEnd = dataEnd;
    }

    private SafetensorsTensor(SafetensorsTensor header, byte[] buffer, int start)
        : this(header.Name, header.DType, header._shape, header.ElementCount, header.DataBegin, header.DataEnd)
    {
        _buffer = buffer;
        _start = start;
    }

    /// <summary>This tensor with its bytes at <c>buffer[dataStart + DataBegin ..]</c>; the caller has checked they exist.</summary>
    internal SafetensorsTensor WithData(byte[] buffer, int dataStart) => new(this, buffer, checked(dataStart + (int)DataBegin));

    /// <summary>The tensor's name as written in the header, e.g. "dense0.weight".</summary>
    public string Name { get; }

    /// <summary>The header's dtype string, e.g. "F32".</summary>
    public string DType { get; }

    /// <summary>The dimensions, outermost first (PyTorch order). Empty for a scalar.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Product of <see cref="Shape"/> (1 for a scalar).</summary>
    public long ElementCount { get; }

    /// <summary>Start of the data, relative to the data section (the header's data_offsets[0]).</summary>
    public long DataBegin { get; }

    /// <summary>End of the data, exclusive, relative to the data section (data_offsets[1]).</summary>
    public long DataEnd { get; }

    /// <summary>The raw little-endian bytes of the tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor comes from a header read without its data.</exception>
    public ReadOnlySpan<byte> Data => _buffer is null
        ? throw new InvalidOperationException($"tensor '{Name}' was read without its data")
        : _buffer.AsSpan(_start, (int)(DataEnd - DataBegin));

    /// <summary>The shape formatted as in error messages, e.g. "[128, 784]".</summary>
    public string ShapeText => FormatShape(_shape);

    /// <summary>
    /// Copies the elements into <paramref name="destination"/> as float32, converting F16, BF16 and F64.
    /// </summary>
    /// <exception cref="ArgumentException">The destination length is not <see cref="ElementCount"/>.</exception>
    /// <exception cref="WeightFileException">The dtype does not convert to float32 (e.g. I64).</exception>
    public void CopyTo(Span<float> destination)
    {
        if (destination.Length != ElementCount)
        {
            throw new ArgumentException(
                $"tensor '{Name}' has {ElementCount} elements {ShapeText}, destination has {destination.Length}",
                nameof(destination));
        }

        Convert(DType, Data, destination, Name);
    }

    /// <summary>
    /// Converts little-endian elements of <paramref name="dtype"/> to float32: exactly for F32, F16 and BF16, rounded
    /// to nearest for F64. <paramref name="destination"/> holds data.Length / element size values.
    /// </summary>
    /// <exception cref="WeightFileException">The dtype does not convert to float32; the message names <paramref name="name"/>.</exception>
    internal static void Convert(string dtype, ReadOnlySpan<byte> data, Span<float> destination, string name)
    {
        switch (dtype)
        {
            case SafetensorsDType.F32:
                if (BitConverter.IsLittleEndian)
                {
                    // Same bit layout as the file: one block copy. The bytes need not be 4-aligned in the
                    // buffer, which MemoryMarshal.Cast tolerates on every platform .NET runs on.
                    MemoryMarshal.Cast<byte, float>(data).CopyTo(destination);
                }
                else
                {
                    for (int i = 0; i < destination.Length; i++)
                        destination[i] = BinaryPrimitives.ReadSingleLittleEndian(data.Slice(i * 4));
                }
                break;
            case SafetensorsDType.F16:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data.Slice(i * 2));
                break;
            case SafetensorsDType.BF16:
                // bfloat16 is the upper half of a float32: widening is exact.
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(i * 2)) << 16);
                break;
            case SafetensorsDType.F64:
                for (int i = 0; i < destination.Length; i++)
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(data.Slice(i * 8));
                break;
            default:
                throw new WeightFileException(
                    $"tensor '{name}': expected dtype F32 (or F16, BF16, F64), found {dtype}");
        }
    }

    /// <summary>Copies the elements into a new float32 array (see <see cref="CopyTo"/>).</summary>
    public float[] ToSingleArray()
    {
        var result = new float[checked((int)ElementCount)];
        CopyTo(result);
        return result;
    }

    internal static string FormatShape(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";
}
