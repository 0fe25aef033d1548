namespace NetGen.Tests.Training;

/// <summary>
/// A hand-written single linear layer (outputs = W·x + b) implementing <see cref="ITrainableNetwork"/>, with the
/// losses computed inline in plain scalar code: a reference network for testing the training loop
/// without depending on generated code or the loss classes.
/// </summary>
/// <remarks>
/// Parameters: W [outputSize, inputSize] row-major, then b [outputSize]. With
/// <see cref="LossKind.SoftmaxCrossEntropy"/> this is softmax regression, with
/// <see cref="LossKind.BinaryCrossEntropyWithLogits"/> and one output logistic regression.
/// </remarks>
internal sealed class SoftmaxRegressionNetwork : ITrainableNetwork
{
    private readonly float[] _parameters;
    private readonly float[] _gradients;
    private float[] _savedInputs = []; // [batch, InputSize] of the last Forward, for Backward

    public SoftmaxRegressionNetwork(int inputSize, int outputSize, LossKind loss)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        Loss = loss;
        _parameters = new float[outputSize * inputSize + outputSize];
        _gradients = new float[_parameters.Length];
        _all = [new ParameterRange(0, _parameters.Length)];
    }

    public int InputSize { get; }
    public int OutputSize { get; }
    public int ParameterCount => _parameters.Length;
    public ParallelRunner? Runner { get; set; }
    public IReadOnlyList<TensorLayout> Tensors =>
    [
        new("linear.weight", [OutputSize, InputSize], Offset: 0, Stride: InputSize, Transposed: false),
        new("linear.bias", [OutputSize], Offset: OutputSize * InputSize, Stride: OutputSize, Transposed: false),
    ];
    public LossKind Loss { get; }
    public Span<float> Parameters => _parameters;
    public Span<float> Gradients => _gradients;
    public ReadOnlySpan<ParameterRange> TrainableRanges => _frozen ? [] : _all;
    private readonly ParameterRange[] _all;
    private bool _frozen;

    public void SetFrozen(string layer, bool frozen)
    {
        CheckLayer(layer);
        _frozen = frozen;
    }

    public bool IsFrozen(string layer)
    {
        CheckLayer(layer);
        return _frozen;
    }

    private void CheckLayer(string layer)
    {
        if (layer != "linear") throw new ArgumentException($"No layer named '{layer}'; the only layer is 'linear'.", nameof(layer));
    }

    public void Predict(ReadOnlySpan<float> inputs, Span<float> outputs, int batch)
    {
        CheckLength(batch * InputSize, inputs.Length);
        CheckLength(batch * OutputSize, outputs.Length);
        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < OutputSize; o++)
            {
                float sum = _parameters[OutputSize * InputSize + o];
                for (int i = 0; i < InputSize; i++) sum += _parameters[o * InputSize + i] * inputs[n * InputSize + i];
                outputs[n * OutputSize + o] = sum;
            }
        }
    }

    public void Forward(ReadOnlySpan<float> inputs, Span<float> outputs, int batch)
    {
        if (_savedInputs.Length < inputs.Length) _savedInputs = new float[inputs.Length];
        inputs.CopyTo(_savedInputs);
        Predict(inputs, outputs, batch);
    }

    public void Backward(ReadOnlySpan<float> outputGradient, Span<float> inputGradient, int batch)
    {
        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < OutputSize; o++)
            {
                float dout = outputGradient[n * OutputSize + o];
                _gradients[OutputSize * InputSize + o] += dout; // db +=
                for (int i = 0; i < InputSize; i++) _gradients[o * InputSize + i] += dout * _savedInputs[n * InputSize + i]; // dW +=
            }
        }
        if (!inputGradient.IsEmpty)
        {
            for (int n = 0; n < batch; n++)
            {
                for (int i = 0; i < InputSize; i++)
                {
                    float sum = 0;
                    for (int o = 0; o < OutputSize; o++) sum += _parameters[o * InputSize + i] * outputGradient[n * OutputSize + o];
                    inputGradient[n * InputSize + i] = sum; // dx =
                }
            }
        }
    }

    public void ZeroGradients() => Array.Clear(_gradients);

    public void InitializeParameters(int seed)
    {
        var random = new RandomSource(seed);
        for (int i = 0; i < OutputSize * InputSize; i++) _parameters[i] = 0.1f * random.NextGaussian();
        Array.Clear(_parameters, OutputSize * InputSize, OutputSize);
    }

    public float ComputeLoss(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> outputGradient, int batch)
    {
        CheckLength(batch * OutputSize, outputs.Length);
        CheckLength(batch * OutputSize, targets.Length);
        double total = 0;
        bool wantGradient = !outputGradient.IsEmpty;
        switch (Loss)
        {
            case LossKind.SoftmaxCrossEntropy:
                // Mean over the batch of −Σ t·log softmax(z); ∂/∂z = (softmax(z) − t) / batch.
                for (int n = 0; n < batch; n++)
                {
                    ReadOnlySpan<float> z = outputs.Slice(n * OutputSize, OutputSize);
                    float max = z[0];
                    for (int o = 1; o < OutputSize; o++) max = MathF.Max(max, z[o]);
                    double sumExp = 0;
                    for (int o = 0; o < OutputSize; o++) sumExp += Math.Exp(z[o] - max);
                    double logSumExp = max + Math.Log(sumExp);
                    for (int o = 0; o < OutputSize; o++)
                    {
                        float t = targets[n * OutputSize + o];
                        total -= t * (z[o] - logSumExp);
                        if (wantGradient) outputGradient[n * OutputSize + o] = (float)((Math.Exp(z[o] - logSumExp) - t) / batch);
                    }
                }
                return (float)(total / batch);
            case LossKind.BinaryCrossEntropyWithLogits:
                // Mean over all elements of softplus(z) − t·z; ∂/∂z = (sigmoid(z) − t) / (batch·outputs).
                for (int k = 0; k < outputs.Length; k++)
                {
                    double z = outputs[k];
                    total += Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - targets[k] * z;
                    if (wantGradient) outputGradient[k] = (float)((1 / (1 + Math.Exp(-z)) - targets[k]) / outputs.Length);
                }
                return (float)(total / outputs.Length);
            case LossKind.MeanSquaredError:
                // Mean over all elements of (y − t)²; ∂/∂y = 2(y − t) / (batch·outputs).
                for (int k = 0; k < outputs.Length; k++)
                {
                    double d = outputs[k] - targets[k];
                    total += d * d;
                    if (wantGradient) outputGradient[k] = (float)(2 * d / outputs.Length);
                }
                return (float)(total / outputs.Length);
            default:
                throw new NotSupportedException($"Loss {Loss}.");
        }
    }

    // Not Assert.Equal: the allocation tests need this path to allocate nothing.
    private static void CheckLength(int expected, int actual)
    {
        if (expected != actual) throw new ArgumentException($"Span length must be {expected}, but is {actual}.");
    }

    public void SaveWeights(Stream stream) => throw new NotSupportedException();
    public void LoadWeights(Stream stream) => throw new NotSupportedException();
}
