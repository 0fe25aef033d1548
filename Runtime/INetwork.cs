namespace NetGen;

/// <summary>
/// What every generated network offers to code that only runs it: its sizes, its weights (named tensors, weight
/// files) and <see cref="Predict"/>. One interface call per batch, never per layer; the work behind each call is the
/// network's own specialized code. Training adds to it in <see cref="ITrainableNetwork"/>, which generated networks
/// implement too.
/// </summary>
/// <remarks>
/// Shapes: inputs are [batch, <see cref="InputSize"/>] and outputs [batch, <see cref="OutputSize"/>],
/// row-major, in caller-owned spans. Parameters live in one flat buffer; its layout is the network's own (see the
/// generated summary) and may contain zero padding that stays zero.
/// </remarks>
public interface INetwork
{
    /// <summary>Number of floats in one input sample.</summary>
    int InputSize { get; }

    /// <summary>Number of floats in one output sample.</summary>
    int OutputSize { get; }

    /// <summary>Number of trainable parameters (padding excluded).</summary>
    int ParameterCount { get; }

    /// <summary>The named tensors of weight files and where each lives in <see cref="Parameters"/>.</summary>
    IReadOnlyList<TensorLayout> Tensors { get; }

    /// <summary>All parameters, in the network's flat layout.</summary>
    Span<float> Parameters { get; }

    /// <summary>
    /// What the network updates itself and inference reads, but no optimizer may touch: batch-norm running
    /// statistics. Saved in weight files with the parameters (see <see cref="TensorLayout.Buffer"/>); empty for
    /// networks without such layers.
    /// </summary>
    Span<float> State => Span<float>.Empty;

    /// <summary>Threads that share batched passes; null runs on the calling thread. Results do not depend on it.</summary>
    ParallelRunner? Runner { get; set; }

    /// <summary>Inference: no dropout, batch norm with its running statistics, nothing kept for backward.</summary>
    void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batch);

    /// <summary>Writes the weights as safetensors, one named tensor per parameter or state tensor, in PyTorch layout.</summary>
    void SaveWeights(Stream stream);

    /// <summary>
    /// Reads weights written by <see cref="SaveWeights"/> or by PyTorch under the same names. Every
    /// tensor is checked before any parameter changes: on error the weights and state are untouched.
    /// </summary>
    void LoadWeights(Stream stream);
}
