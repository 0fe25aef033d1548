namespace NetGen.Generator.Model;

/// <summary>The layer families the generator knows; each has its emitter in <c>Emitters/</c>.</summary>
internal enum LayerKind
{
    Dense,
    Dropout,
    Flatten,
}

/// <summary>
/// One declared layer, as written in its attribute (before shape inference). Activation values mirror
/// <c>NetGen.Activation</c>; the generator does not reference the runtime assembly.
/// </summary>
internal sealed record LayerSpec(
    LayerKind Kind,
    string Name,
    int Units,
    ActivationKind Activation,
    float LeakySlope,
    bool HasBias,
    float Rate);

/// <summary>Mirror of <c>NetGen.Activation</c>.</summary>
internal enum ActivationKind
{
    Identity = 0,
    ReLU = 1,
    LeakyReLU = 2,
    Sigmoid = 3,
    Tanh = 4,
    Softmax = 5,
    Step = 6,
}

/// <summary>Mirror of <c>NetGen.LossKind</c>.</summary>
internal enum LossKindSpec
{
    None = 0,
    MeanSquaredError = 1,
    BinaryCrossEntropyWithLogits = 2,
    SoftmaxCrossEntropy = 3,
}
