namespace NetGen;

/// <summary>
/// What a generated network adds to <see cref="INetwork"/> for training, for code that is the same for all networks:
/// the training loop, optimizers, losses, frozen layers and networks chained at run time.
/// </summary>
/// <remarks>
/// Gradients live in one flat buffer with the layout of <see cref="INetwork.Parameters"/>, padding included, so
/// optimizers can run over the whole buffer.
/// </remarks>
public interface ITrainableNetwork : INetwork
{
    /// <summary>The loss declared on the network.</summary>
    LossKind Loss { get; }

    /// <summary>Gradients of the loss with respect to <see cref="INetwork.Parameters"/>, same layout.</summary>
    Span<float> Gradients { get; }

    /// <summary>
    /// The slices of <see cref="INetwork.Parameters"/> that are trained: all of them unless layers are frozen with
    /// <see cref="SetFrozen"/>. <see cref="Optimizer.Step(ITrainableNetwork)"/> updates only these.
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

    /// <summary>Training forward: applies dropout, normalizes batch norm with the batch's statistics (updating <see cref="INetwork.State"/>) and keeps what <see cref="Backward"/> needs.</summary>
    void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, int batch);

    /// <summary>
    /// Backward through the last <see cref="Forward"/>: accumulates (+=) parameter gradients into
    /// <see cref="Gradients"/> and overwrites (=) <paramref name="inputGradient"/> with ∂loss/∂input
    /// unless it is empty.
    /// </summary>
    void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch);

    /// <summary>Sets <see cref="Gradients"/> to zero.</summary>
    void ZeroGradients();

    /// <summary>Fills the parameters with the declared initializers from a seeded generator and resets <see cref="INetwork.State"/>.</summary>
    void InitializeParameters(int seed);

    /// <summary>
    /// The declared loss at <paramref name="outputs"/> (mean over the batch); writes ∂loss/∂outputs into
    /// <paramref name="outputGradient"/> unless it is empty.
    /// </summary>
    float ComputeLoss(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> outputGradient, int batch);
}
