namespace NetGen.Generator.Model;

/// <summary>
/// One declared layer, as written in its attribute (before shape inference). Its kind is a name its family declares
/// (<c>DenseFamily.Dense</c>, <c>RecurrentFamily.LSTM</c>), so a new family adds its kinds in its own folder. Activation values mirror
/// <c>NetGen.Activation</c>; the generator does not reference the runtime assembly.
/// </summary>
/// <remarks>
/// Units are a Dense layer's outputs or a convolution's filters; the window of a convolution or pooling is its
/// <see cref="Options"/> (<c>WindowOptions</c>). Recurrent layers keep their hidden size in Units; an embedding its
/// dimension in Units, with
/// <see cref="Vocabulary"/> and <see cref="PaddingIndex"/>; <see cref="State"/> makes a recurrent layer read an
/// initial state and expose its final state, <see cref="Bidirectional"/> adds a reverse-direction cell (compile-time
/// options: layers without them are generated as before). Epsilon and Momentum are the normalization layers'
/// (momentum for batch norm only). What only one family
/// needs is its <see cref="Options"/>. <see cref="Inputs"/> are the names of the layers it reads as written (none: the layer
/// above); <see cref="Planning.LayerGraph"/> resolves them.
/// </remarks>
internal sealed record LayerSpec(
    string Kind,
    string Name,
    int Units,
    ActivationKind Activation,
    float LeakySlope,
    bool HasBias,
    float Rate,
    int Vocabulary = 0,
    int PaddingIndex = -1,
    bool ReturnSequences = false,
    float Epsilon = 0f,
    float Momentum = 0f,
    bool State = false,
    bool Bidirectional = false,
    LayerOptions? Options = null,
    EquatableArray<string> Inputs = default);

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
