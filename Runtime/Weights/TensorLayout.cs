using System.Collections.Immutable;

namespace NetGen;

/// <summary>
/// Where one named tensor of a weight file lives in a network's flat parameter (or state) buffer. Generated
/// networks describe their tensors with these; <c>WeightFile</c> does the reading and writing.
/// </summary>
/// <param name="Name">Tensor name in the file, e.g. <c>dense0.weight</c>.</param>
/// <param name="Shape">
/// Shape in the file (PyTorch layout); dimensions after the first are flattened into columns, row-major. Immutable, so
/// a layout handed out by <see cref="INetwork.Tensors"/> cannot be changed under the network's weight loading; a
/// collection expression (<c>[32, 16]</c>) or <see cref="ImmutableArray.Create{T}(T[])"/> builds one.
/// </param>
/// <param name="Offset">Index of the tensor's first float in its buffer.</param>
/// <param name="Stride">Floats between consecutive rows in the buffer.</param>
/// <param name="Transposed">
/// Whether the buffer holds the transpose of the file tensor seen as [rows, columns]: file element (i, j)
/// tensor is at <c>Offset + j·Stride + i</c>; otherwise at <c>Offset + i·Stride + j</c>.
/// </param>
/// <param name="Channels">
/// For convolution weights: the file's columns are (channel, tap) — PyTorch's [C, KH, KW] flattened — while
/// the buffer orders them (tap, channel), the channels-last order of unfolded patches; 0 for no reordering.
/// </param>
/// <param name="Buffer">
/// The buffer the tensor lives in: the trainable parameters, or the state a network updates itself (batch-norm
/// running statistics), which optimizers never see.
/// </param>
/// <exception cref="ArgumentException"><paramref name="Shape"/> is default (uninitialized).</exception>
public sealed record TensorLayout(string Name, ImmutableArray<int> Shape, int Offset, int Stride, bool Transposed, int Channels = 0, TensorBuffer Buffer = TensorBuffer.Parameters)
{
    /// <summary>The tensor's shape in the file; see the constructor.</summary>
    public ImmutableArray<int> Shape { get; init => field = RequireShape(value); } = RequireShape(Shape);

    private static ImmutableArray<int> RequireShape(ImmutableArray<int> shape) =>
        shape.IsDefault ? throw new ArgumentException("A tensor layout needs a shape, not a default ImmutableArray.", nameof(Shape)) : shape;

    /// <summary>Number of floats in the tensor.</summary>
    public int ElementCount
    {
        get
        {
            int count = 1;
            foreach (int dimension in Shape) count *= dimension;
            return count;
        }
    }

    /// <summary>Rows of the file tensor: its first dimension (1 for a vector).</summary>
    public int Rows => Shape.Length >= 2 ? Shape[0] : 1;

    /// <summary>Columns of the file tensor: the product of the dimensions after the first (its length for a vector).</summary>
    public int Columns => Shape.Length >= 2 ? ElementCount / Shape[0] : Shape[0];

    /// <summary>Index in its buffer (<see cref="Buffer"/>) of file element (row, column).</summary>
    public int IndexOf(int row, int column)
    {
        if (Channels > 0)
        {
            int taps = Columns / Channels;
            column = column % taps * Channels + column / taps;
        }
        return Transposed ? Offset + column * Stride + row : Offset + row * Stride + column;
    }

    /// <summary>
    /// Copies the tensor out of <paramref name="buffer"/> (the buffer it lives in, or the gradients of the parameters,
    /// which share their layout) into <paramref name="destination"/> in the file's layout: row-major in <see cref="Shape"/>,
    /// PyTorch's layout, exactly as <see cref="WeightFile"/> writes it. Element (row, column) of the file tensor lands at
    /// <c>row · Columns + column</c>.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> does not hold exactly <see cref="ElementCount"/> floats, or <paramref name="buffer"/>
    /// is too short for the tensor.
    /// </exception>
    public void CopyTo(ReadOnlySpan<float> buffer, Span<float> destination)
    {
        if (destination.Length != ElementCount)
        {
            throw new ArgumentException($"tensor '{Name}' [{string.Join(", ", Shape)}] has {ElementCount} floats but the destination holds {destination.Length}", nameof(destination));
        }
        if (ElementCount == 0) return;
        int last = IndexOf(Rows - 1, Columns - 1);
        if (Offset < 0 || last >= buffer.Length)
        {
            throw new ArgumentException($"tensor '{Name}' needs its buffer up to index {last} but the buffer has {buffer.Length} floats", nameof(buffer));
        }
        int rows = Rows, columns = Columns;
        for (int row = 0; row < rows; row++)
        {
            Span<float> line = destination.Slice(row * columns, columns);
            if (!Transposed && Channels == 0)
            {
                buffer.Slice(Offset + row * Stride, columns).CopyTo(line); // a row is contiguous in the buffer too
                continue;
            }
            for (int column = 0; column < columns; column++) line[column] = buffer[IndexOf(row, column)];
        }
    }
}
