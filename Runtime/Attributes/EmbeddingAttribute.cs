namespace NetGen;

/// <summary>
/// A lookup table from token ids to vectors, PyTorch's <c>nn.Embedding</c>: the network input is [steps]
/// token ids (whole numbers in [0, vocabulary) passed as floats), the output [steps, dimension]. Must be the
/// first layer; its weight is <c>{Name}.weight</c> [vocabulary, dimension]. It has no input gradient.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class EmbeddingAttribute : LayerAttribute
{
    public EmbeddingAttribute(int vocabulary, int dimension)
    {
        Vocabulary = vocabulary;
        Dimension = dimension;
    }

    /// <summary>Number of distinct token ids.</summary>
    public int Vocabulary { get; }

    /// <summary>Length of each token's vector.</summary>
    public int Dimension { get; }

    /// <summary>A token id whose vector starts at zero and gets no gradient (PyTorch's <c>padding_idx</c>); −1 for none.</summary>
    public int PaddingIndex { get; set; } = -1;
}
