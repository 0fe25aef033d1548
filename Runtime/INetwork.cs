namespace NetGen;

/// <summary>
/// What every generated network offers to code that is the same for all networks: the training
/// loop, optimizers, weight files and composition. One interface call per step, never per layer;
/// the work behind each call is the network's own specialized code.
/// </summary>
/// <remarks>
/// Shapes: inputs are [batch, <see cref="InputSize"/>] and outputs [batch, <see cref="OutputSize"/>],
/// row-major, in caller-owned spans. Parameters and gradients live in one flat buffer each; their
/// layout is the network's own (see the generated summary) and may contain zero padding that stays zero,
/// so optimizers can run over the whole buffer.
/// </remarks>
public interface INetwork
{
    /// <summary>Number of floats in one input sample.</summary>
    int InputSize { get; }

    /// <summary>Number of floats in one output sample.</summary>
    int OutputSize { get; }

    /// <summary>Number of trainable parameters (padding excluded).</summary>
    int ParameterCount { get; }

    /// <summary>The loss declared on the network.</summary>
    LossKind Loss { get; }

    /// <summary>The named tensors of weight files and where each lives in <see cref="Parameters"/>.</summary>
    IReadOnlyList<TensorLayout> Tensors { get; }

    /// <summary>All parameters, in the network's flat layout.</summary>
    Span<float> Parameters { get; }

    /// <summary>Gradients of the loss with respect to <see cref="Parameters"/>, same layout.</summary>
    Span<float> Gradients { get; }

    /// <summary>
    /// The slices of <see cref="Parameters"/> that are trained: all of them unless layers are frozen with
    /// <see cref="SetFrozen"/>. <see cref="Optimizer.Step(INetwork)"/> updates only these.
    /// </summary>
    ReadOnlySpan<ParameterRange> TrainableRanges { get; }

    /// <summary>
    /// Freezes (or unfreezes) the parameters of the layer named <paramref name="layer"/>: Backward computes
    /// no gradient for them (their part of <see cref="Gradients"/> is left as it is), optimizers stepping the
    /// network leave them alone, and Backward stops below the lowest trainable layer unless the input
    /// gradient is asked for.
    /// </summary>
    /// <exception cref="ArgumentException">The network has no layer of that name with parameters.</exception>
    void SetFrozen(string layer, bool frozen);

    /// <summary>Whether the parameters of the layer named <paramref name="layer"/> are frozen.</summary>
    /// <exception cref="ArgumentException">The network has no layer of that name with parameters.</exception>
    bool IsFrozen(string layer);

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

    /// <summary>Training forward: applies dropout, normalizes batch norm with the batch's statistics (updating <see cref="State"/>) and keeps what <see cref="Backward"/> needs.</summary>
    void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, int batch);

    /// <summary>
    /// Backward through the last <see cref="Forward"/>: accumulates (+=) parameter gradients into
    /// <see cref="Gradients"/> and overwrites (=) <paramref name="inputGradient"/> with ∂loss/∂input
    /// unless it is empty.
    /// </summary>
    void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch);

    /// <summary>Sets <see cref="Gradients"/> to zero.</summary>
    void ZeroGradients();

    /// <summary>Fills the parameters with the declared initializers from a seeded generator and resets <see cref="State"/>.</summary>
    void InitializeParameters(int seed);

    /// <summary>
    /// The declared loss at <paramref name="outputs"/> (mean over the batch); writes ∂loss/∂outputs into
    /// <paramref name="outputGradient"/> unless it is empty.
    /// </summary>
    float ComputeLoss(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> outputGradient, int batch);

    /// <summary>Writes the weights as safetensors, one named tensor per parameter or state tensor, in PyTorch layout.</summary>
    void SaveWeights(Stream stream);

    /// <summary>
    /// Reads weights written by <see cref="SaveWeights"/> or by PyTorch under the same names. Every
    /// tensor is checked before any parameter changes: on error the weights and state are untouched.
    /// </summary>
    void LoadWeights(Stream stream);
}
