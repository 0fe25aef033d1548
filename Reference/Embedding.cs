namespace NetGen.Reference;

/// <summary>
/// PyTorch's <c>nn.Embedding</c> on one sample of T token ids: y[t, :] = table[id_t, :], table [V, D].
/// Backward: dtable[id_t, :] += dy[t, :], except for the padding id (<c>padding_idx</c>), whose row gets no gradient.
/// The ids are not differentiable: there is no dx.
/// </summary>
public static class Embedding
{
    public static void Forward(Span<double> y, ReadOnlySpan<double> ids, double[] table, int dimension)
    {
        for (int t = 0; t < ids.Length; t++) table.AsSpan(Id(ids[t], table.Length / dimension) * dimension, dimension).CopyTo(y.Slice(t * dimension, dimension));
    }

    public static void Backward(double[] dtable, ReadOnlySpan<double> dy, ReadOnlySpan<double> ids, int dimension, int paddingIndex)
    {
        for (int t = 0; t < ids.Length; t++)
        {
            int id = Id(ids[t], dtable.Length / dimension);
            if (id == paddingIndex) continue;
            for (int j = 0; j < dimension; j++) dtable[id * dimension + j] += dy[t * dimension + j];
        }
    }

    private static int Id(double value, int vocabulary)
    {
        int id = (int)value;
        if (id != value || id < 0 || id >= vocabulary) throw new ArgumentException($"token id {value} is not an integer in [0, {vocabulary})");
        return id;
    }
}
