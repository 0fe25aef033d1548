namespace NetGen;

/// <summary>The element types of the IDX format that <see cref="IdxReader"/> reads (the third magic byte).</summary>
public enum IdxDataType : byte
{
    /// <summary>0x08: unsigned byte, as in the MNIST images and labels.</summary>
    UnsignedByte = 0x08,

    /// <summary>0x0D: big-endian IEEE float32.</summary>
    Single = 0x0D,
}

/// <summary>
/// The content of one IDX file: its dimensions (outermost first, e.g. [60000, 28, 28] for MNIST
/// training images) and its elements, row-major, either as bytes or as floats depending on
/// <see cref="DataType"/>.
/// </summary>
public sealed class IdxData
{
    internal IdxData(int[] dimensions, IdxDataType dataType, byte[]? bytes, float[]? singles)
    {
        Dimensions = dimensions;
        DataType = dataType;
        Bytes = bytes;
        Singles = singles;
    }

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Dimensions { get; }

    /// <summary>The element type stored in the file.</summary>
    public IdxDataType DataType { get; }

    /// <summary>The elements when <see cref="DataType"/> is <see cref="IdxDataType.UnsignedByte"/>, else null.</summary>
    public byte[]? Bytes { get; }

    /// <summary>The elements when <see cref="DataType"/> is <see cref="IdxDataType.Single"/>, else null.</summary>
    public float[]? Singles { get; }

    /// <summary>Number of elements (product of <see cref="Dimensions"/>).</summary>
    public int Count => Bytes?.Length ?? Singles!.Length;

    /// <summary>
    /// The elements as floats multiplied by <paramref name="scale"/> — e.g. <c>1f / 255</c> maps MNIST
    /// pixels to [0, 1].
    /// </summary>
    public float[] ToSingles(float scale = 1f)
    {
        var result = new float[Count];
        if (Bytes is not null)
        {
            for (int i = 0; i < result.Length; i++)
                result[i] = Bytes[i] * scale;
        }
        else
        {
            for (int i = 0; i < result.Length; i++)
                result[i] = Singles![i] * scale;
        }
        return result;
    }

    /// <summary>The elements as integers, e.g. class labels; only for <see cref="IdxDataType.UnsignedByte"/>.</summary>
    /// <exception cref="InvalidOperationException">The file holds floats.</exception>
    public int[] ToInt32s() =>
        Bytes is null
            ? throw new InvalidOperationException($"IDX data is {DataType}, not {IdxDataType.UnsignedByte}")
            : Array.ConvertAll(Bytes, b => (int)b);
}
