namespace NetGen.Reference;

/// <summary>The layer kinds of the reference, each as the PyTorch module of the same name.</summary>
public enum LayerKind
{
    /// <summary><c>nn.Linear</c> with an optional fused <see cref="Layer.Activation"/>.</summary>
    Dense,
    /// <summary>An activation on its own (<c>nn.ReLU</c>, …).</summary>
    Activation,
    /// <summary>Multiplies by the given mask (<see cref="Network.DropoutMasks"/>); the identity without one.</summary>
    Dropout,
    /// <summary><c>nn.Flatten</c>: [C, H, W] to [C·H·W], the identity on row-major data.</summary>
    Flatten,
    /// <summary><c>nn.Conv2d</c> / <c>nn.Conv1d</c> with an optional fused activation.</summary>
    Conv,
    MaxPool,
    /// <summary>Average pooling counting the padding (<c>count_include_pad=True</c>).</summary>
    AvgPool,
    /// <summary>Mean over H and W per channel, [C, H, W] to [C].</summary>
    GlobalAvgPool,
    BatchNorm,
    LayerNorm,
    /// <summary><c>nn.Embedding</c>: T token ids to [T, D].</summary>
    Embedding,
    /// <summary><c>nn.RNN</c> (tanh), one layer, batch first.</summary>
    SimpleRNN,
    /// <summary><c>nn.LSTM</c>, one layer, batch first.</summary>
    LSTM,
    /// <summary><c>nn.GRU</c>, one layer, batch first.</summary>
    GRU,
    /// <summary><c>nn.Upsample</c>, nearest or bilinear (<see cref="Layer.Bilinear"/>), by <see cref="Layer.ScaleHeight"/> × <see cref="Layer.ScaleWidth"/>.</summary>
    Upsample,
    /// <summary><c>nn.ConvTranspose2d</c> with an optional fused activation, by <see cref="Layer.TransposedWindow"/>.</summary>
    ConvTranspose,
    /// <summary>Max over the steps of [T, F], to [F].</summary>
    StepMaxPool,
    /// <summary>Mean over the steps of [T, F], to [F].</summary>
    StepAvgPool,
    /// <summary>The sum of the tensors it reads (<see cref="Layer.Reads"/>), then its activation: a residual connection.</summary>
    Add,
    /// <summary><c>torch.cat(dim=1)</c> of the tensors it reads: per sample (and per step, <see cref="Layer.Steps"/>), each one's values in turn.</summary>
    Concatenate,
}

/// <summary>
/// One layer of a <see cref="Network"/>: its kind, the name its tensors are prefixed with (<c>{Name}.weight</c>, …,
/// as in a PyTorch state dict) and whatever the kind needs; build one with the factories.
/// </summary>
public sealed record Layer(LayerKind Kind, string Name = "")
{
    /// <summary>Dense outputs, Conv filters, recurrent hidden size H, embedding dimension D.</summary>
    public int Units { get; init; }

    /// <summary>Features F per step of a recurrent layer's or step pooling's [T, F] input.</summary>
    public int Inputs { get; init; }

    public Activation Activation { get; init; } = Activation.Identity;

    /// <summary>LeakyReLU's slope for negative inputs.</summary>
    public double Slope { get; init; } = 0.01;

    /// <summary>Whether a Dense or Conv layer has a bias.</summary>
    public bool Bias { get; init; } = true;

    /// <summary>Conv and pooling geometry.</summary>
    public Window Window { get; init; } = new(1, 1, 1, 1, 0, 0, 1, 1, false);

    /// <summary>Added to the variance by batch and layer norm.</summary>
    public double Epsilon { get; init; } = 1e-5;

    /// <summary>Batch norm's weight of the newest batch in the running statistics.</summary>
    public double Momentum { get; init; } = 0.1;

    /// <summary>Recurrent: output h_t for every step [T, H] rather than h_T [H] only.</summary>
    public bool ReturnSequences { get; init; }

    /// <summary>Recurrent: a second direction over the reversed steps (tensors with the suffix <c>_reverse</c>), outputs concatenated.</summary>
    public bool Bidirectional { get; init; }

    /// <summary>Upsample: the factors of the height and width, and whether it interpolates bilinearly (else nearest).</summary>
    public int ScaleHeight { get; init; } = 1;

    /// <inheritdoc cref="ScaleHeight"/>
    public int ScaleWidth { get; init; } = 1;

    /// <inheritdoc cref="ScaleHeight"/>
    public bool Bilinear { get; init; }

    /// <summary>ConvTranspose geometry, per axis.</summary>
    public TransposedWindow TransposedWindow { get; init; }

    /// <summary>Embedding table rows V.</summary>
    public int Vocabulary { get; init; }

    /// <summary>Embedding: the id whose row gets no gradient (<c>padding_idx</c>), or −1.</summary>
    public int PaddingIndex { get; init; } = -1;

    /// <summary>
    /// The layers whose outputs this one reads, by index (−1: the network input); null reads the layer above. Add and
    /// Concatenate read two or more.
    /// </summary>
    public int[]? Reads { get; init; }

    /// <summary>Concatenate over sequences [T, F]: the steps T, each step's features joined; 1 joins whole samples (vectors, and images along channels).</summary>
    public int Steps { get; init; } = 1;

    public bool IsRecurrent => Kind is LayerKind.SimpleRNN or LayerKind.LSTM or LayerKind.GRU;

    public static Layer Dense(string name, int outputs, Activation activation = Activation.Identity, double slope = 0.01, bool bias = true) =>
        new(LayerKind.Dense, name) { Units = outputs, Activation = activation, Slope = slope, Bias = bias };

    public static Layer Activate(Activation activation, double slope = 0.01) => new(LayerKind.Activation) { Activation = activation, Slope = slope };

    public static Layer Dropout() => new(LayerKind.Dropout);

    public static Layer Flatten() => new(LayerKind.Flatten);

    /// <summary>
    /// A 2-D convolution of a <paramref name="kernel"/> × <paramref name="kernelWidth"/> window (0: square); stride,
    /// padding and dilation are the height's, and the width's unless <paramref name="strideWidth"/>,
    /// <paramref name="paddingWidth"/> or <paramref name="dilationWidth"/> is given.
    /// </summary>
    public static Layer Conv2D(string name, int filters, int kernel, int kernelWidth = 0, int stride = 1, int padding = 0, int dilation = 1,
        bool same = false, Activation activation = Activation.Identity, double slope = 0.01, bool bias = true,
        int? strideWidth = null, int? paddingWidth = null, int? dilationWidth = null) =>
        new(LayerKind.Conv, name)
        {
            Units = filters, Activation = activation, Slope = slope, Bias = bias,
            Window = new(kernel, kernelWidth == 0 ? kernel : kernelWidth, stride, strideWidth ?? stride, padding, paddingWidth ?? padding,
                dilation, dilationWidth ?? dilation, same),
        };

    /// <summary>A 1-D convolution on [C, 1, L].</summary>
    public static Layer Conv1D(string name, int filters, int kernel, int stride = 1, int padding = 0, int dilation = 1,
        bool same = false, Activation activation = Activation.Identity, double slope = 0.01, bool bias = true) =>
        new(LayerKind.Conv, name)
        {
            Units = filters, Activation = activation, Slope = slope, Bias = bias,
            Window = Window.OneD(kernel, stride, padding, dilation, same),
        };

    /// <summary>
    /// Max or average pooling of a square window; <paramref name="stride"/> 0 means the window size, as PyTorch's default.
    /// Stride and padding are the height's, and the width's unless <paramref name="strideWidth"/> or <paramref name="paddingWidth"/> is given.
    /// </summary>
    public static Layer Pool2D(LayerKind kind, int size, int stride = 0, int padding = 0, int? strideWidth = null, int? paddingWidth = null)
    {
        int width = strideWidth ?? stride;
        return new(kind) { Window = new(size, size, stride == 0 ? size : stride, width == 0 ? size : width, padding, paddingWidth ?? padding, 1, 1, false) };
    }

    public static Layer Pool1D(LayerKind kind, int size, int stride = 0, int padding = 0) =>
        new(kind) { Window = Window.OneD(size, stride == 0 ? size : stride, padding, 1, false) };

    public static Layer GlobalAvgPool() => new(LayerKind.GlobalAvgPool);

    public static Layer Upsample2D(int scaleHeight, int scaleWidth, bool bilinear) =>
        new(LayerKind.Upsample) { ScaleHeight = scaleHeight, ScaleWidth = scaleWidth, Bilinear = bilinear };

    /// <summary>A 2-D transposed convolution of <paramref name="filters"/> output channels.</summary>
    public static Layer ConvTranspose2D(string name, int filters, TransposedWindow window, Activation activation = Activation.Identity, double slope = 0.01, bool bias = true) =>
        new(LayerKind.ConvTranspose, name) { Units = filters, TransposedWindow = window, Activation = activation, Slope = slope, Bias = bias };

    public static Layer BatchNorm(string name, double momentum = 0.1, double epsilon = 1e-5) => new(LayerKind.BatchNorm, name) { Momentum = momentum, Epsilon = epsilon };

    public static Layer LayerNorm(string name, double epsilon = 1e-5) => new(LayerKind.LayerNorm, name) { Epsilon = epsilon };

    public static Layer Embedding(string name, int vocabulary, int dimension, int paddingIndex = -1) =>
        new(LayerKind.Embedding, name) { Vocabulary = vocabulary, Units = dimension, PaddingIndex = paddingIndex };

    /// <summary>A SimpleRNN, LSTM or GRU over [T, <paramref name="features"/>] with <paramref name="hidden"/> units.</summary>
    public static Layer Recurrent(LayerKind kind, string name, int features, int hidden, bool returnSequences = false, bool bidirectional = false) =>
        new(kind, name) { Inputs = features, Units = hidden, ReturnSequences = returnSequences, Bidirectional = bidirectional };

    /// <summary>The sum of the layers <paramref name="reads"/> names by index (−1: the network input), then <paramref name="activation"/>.</summary>
    public static Layer Sum(int[] reads, Activation activation = Activation.Identity, double slope = 0.01) =>
        new(LayerKind.Add) { Reads = reads, Activation = activation, Slope = slope };

    /// <summary>The layers <paramref name="reads"/> names joined along their features (per step over <paramref name="steps"/> steps).</summary>
    public static Layer Concatenate(int[] reads, int steps = 1) => new(LayerKind.Concatenate) { Reads = reads, Steps = steps };

    /// <summary>StepMaxPool or StepAvgPool over [T, <paramref name="features"/>].</summary>
    public static Layer StepPool(LayerKind kind, int features) => new(kind) { Inputs = features };
}
