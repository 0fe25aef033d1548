using Shared = NetGen.Reference;

namespace NetGen.Tests.Reference;

/// <summary>The layer kinds the test networks are described with; all but Input are the shared reference's.</summary>
internal enum ReferenceLayerKind { Dense, Activation, Dropout, Upsample, ConvTranspose, Flatten, Input, Conv, MaxPool, AvgPool, GlobalAvgPool, BatchNorm, LayerNorm, Add, Concatenate }

/// <summary>
/// One layer of a <see cref="ReferenceNetwork"/>, described as the generated network declares it: the shared
/// reference's <see cref="Shared.Layer"/> without the sizes (units, filters, whether there is a bias), which
/// <see cref="ReferenceNetwork"/> reads from the generated network's tensors. Input only sets the per-sample shape
/// (the reference network's input shape); its Layer is a placeholder that never runs.
/// </summary>
internal sealed record ReferenceLayer(ReferenceLayerKind Kind, Shared.Layer Layer)
{
    public string Name => Layer.Name;

    /// <summary>Input: the per-sample shape [C, H, W] (1-D: [C, L]) declared on [Network(...)].</summary>
    public Shared.Shape InputShape { get; init; }

    public static ReferenceLayer Input(params int[] shape) =>
        new(ReferenceLayerKind.Input, new Shared.Layer(Shared.LayerKind.Flatten)) { InputShape = shape.Length == 2 ? new(shape[0], 1, shape[1]) : new(shape[0], shape[1], shape[2]) };

    public static ReferenceLayer Dense(string name, Activation activation = Activation.Identity, float slope = 0.01f, bool bias = true) =>
        new(ReferenceLayerKind.Dense, Shared.Layer.Dense(name, 0, Map(activation), slope, bias));

    public static ReferenceLayer Activate(Activation activation, float slope = 0.01f) =>
        new(ReferenceLayerKind.Activation, Shared.Layer.Activate(Map(activation), slope));

    public static ReferenceLayer Dropout() => new(ReferenceLayerKind.Dropout, Shared.Layer.Dropout());

    public static ReferenceLayer Flatten() => new(ReferenceLayerKind.Flatten, Shared.Layer.Flatten());

    /// <summary>A 2-D convolution; a width's stride, padding or dilation not given is the height's (as on the attribute).</summary>
    public static ReferenceLayer Conv2D(string name, int kernel, int kernelWidth = 0, int stride = 1, int padding = 0, int dilation = 1,
        bool same = false, Activation activation = Activation.Identity, float slope = 0.01f, bool bias = true,
        int? strideWidth = null, int? paddingWidth = null, int? dilationWidth = null) =>
        new(ReferenceLayerKind.Conv, Shared.Layer.Conv2D(name, 0, kernel, kernelWidth, stride, padding, dilation, same, Map(activation), slope, bias,
            strideWidth, paddingWidth, dilationWidth));

    public static ReferenceLayer Conv1D(string name, int kernel, int stride = 1, int padding = 0, int dilation = 1,
        bool same = false, Activation activation = Activation.Identity, float slope = 0.01f, bool bias = true) =>
        new(ReferenceLayerKind.Conv, Shared.Layer.Conv1D(name, 0, kernel, stride, padding, dilation, same, Map(activation), slope, bias));

    /// <summary>Max or average pooling; <paramref name="stride"/> 0 means the window size, and a width's stride or padding not given is the height's (as on the attributes).</summary>
    public static ReferenceLayer Pool2D(ReferenceLayerKind kind, int size, int stride = 0, int padding = 0, int? strideWidth = null, int? paddingWidth = null) =>
        new(kind, Shared.Layer.Pool2D(Map(kind), size, stride, padding, strideWidth, paddingWidth));

    public static ReferenceLayer Pool1D(ReferenceLayerKind kind, int size, int stride = 0, int padding = 0) => new(kind, Shared.Layer.Pool1D(Map(kind), size, stride, padding));

    public static ReferenceLayer Upsample2D(int scaleHeight, int scaleWidth = 0, bool bilinear = false) =>
        new(ReferenceLayerKind.Upsample, Shared.Layer.Upsample2D(scaleHeight, scaleWidth == 0 ? scaleHeight : scaleWidth, bilinear));

    /// <summary>A transposed convolution as the attribute declares it: width settings of 0 (kernel, stride, dilation) or −1 (padding, output padding) mean the height's.</summary>
    public static ReferenceLayer ConvTranspose2D(string name, int kernel, int kernelWidth = 0, int stride = 1, int strideWidth = 0, int padding = 0, int paddingWidth = -1,
        int outputPadding = 0, int outputPaddingWidth = -1, int dilation = 1, int dilationWidth = 0, Activation activation = Activation.Identity, float slope = 0.01f, bool bias = true) =>
        new(ReferenceLayerKind.ConvTranspose, Shared.Layer.ConvTranspose2D(name, 0, new Shared.TransposedWindow(
            kernel, kernelWidth == 0 ? kernel : kernelWidth, stride, strideWidth == 0 ? stride : strideWidth, padding, paddingWidth == -1 ? padding : paddingWidth,
            outputPadding, outputPaddingWidth == -1 ? outputPadding : outputPaddingWidth, dilation, dilationWidth == 0 ? dilation : dilationWidth), Map(activation), slope, bias));

    public static ReferenceLayer GlobalAvgPool() => new(ReferenceLayerKind.GlobalAvgPool, Shared.Layer.GlobalAvgPool());

    public static ReferenceLayer BatchNorm(string name, double momentum = 0.1, double epsilon = 1e-5) =>
        new(ReferenceLayerKind.BatchNorm, Shared.Layer.BatchNorm(name, momentum, epsilon));

    public static ReferenceLayer LayerNorm(string name, double epsilon = 1e-5) => new(ReferenceLayerKind.LayerNorm, Shared.Layer.LayerNorm(name, epsilon));

    /// <summary>The sum of the layers at <paramref name="reads"/> (indices among the layers after Input; −1: the network input), then an activation.</summary>
    public static ReferenceLayer Sum(int[] reads, Activation activation = Activation.Identity, float slope = 0.01f) =>
        new(ReferenceLayerKind.Add, Shared.Layer.Sum(reads, Map(activation), slope));

    /// <summary>The layers at <paramref name="reads"/> joined along their features.</summary>
    public static ReferenceLayer Concatenate(params int[] reads) => new(ReferenceLayerKind.Concatenate, Shared.Layer.Concatenate(reads));

    /// <summary>This layer reading the layer at <paramref name="index"/> (−1: the network input) instead of the one above.</summary>
    public ReferenceLayer Reading(int index) => this with { Layer = Layer with { Reads = [index] } };

    private static Shared.Activation Map(Activation activation) => Enum.Parse<Shared.Activation>(activation.ToString());

    private static Shared.LayerKind Map(ReferenceLayerKind kind) => Enum.Parse<Shared.LayerKind>(kind.ToString());
}
