namespace NetGen.Tests.Training;

/// <summary>
/// Wraps a network and, while <see cref="Poison"/> is set, writes it into one gradient after Backward: a batch whose
/// loss is finite but whose gradients are not, which no real data here produces on demand.
/// </summary>
internal sealed class GradientPoisoningNetwork(ITrainableNetwork inner) : ITrainableNetwork
{
    /// <summary>The value written into gradient <see cref="Index"/>; null leaves the gradients alone.</summary>
    public float? Poison { get; set; }

    public int Index { get; set; }

    public int InputSize => inner.InputSize;
    public int OutputSize => inner.OutputSize;
    public int ParameterCount => inner.ParameterCount;
    public LossKind Loss => inner.Loss;
    public IReadOnlyList<TensorLayout> Tensors => inner.Tensors;
    public Span<float> Parameters => inner.Parameters;
    public Span<float> Gradients => inner.Gradients;
    public ReadOnlySpan<ParameterRange> TrainableRanges => inner.TrainableRanges;
    public Span<float> State => inner.State;
    public ParallelRunner? Runner { get => inner.Runner; set => inner.Runner = value; }

    public void SetFrozen(string layer, bool frozen) => inner.SetFrozen(layer, frozen);
    public bool IsFrozen(string layer) => inner.IsFrozen(layer);
    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batch) => inner.Predict(inputs, outputs, batch);
    public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, int batch) => inner.Forward(inputs, outputs, batch);

    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch)
    {
        inner.Backward(outputGradient, inputGradient, batch);
        if (Poison is float poison) inner.Gradients[Index] = poison;
    }

    public void ZeroGradients() => inner.ZeroGradients();
    public void InitializeParameters(int seed) => inner.InitializeParameters(seed);
    public float ComputeLoss(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> outputGradient, int batch) =>
        inner.ComputeLoss(outputs, targets, outputGradient, batch);
    public void SaveWeights(Stream stream) => inner.SaveWeights(stream);
    public void LoadWeights(Stream stream) => inner.LoadWeights(stream);
}
