using NetGen.Tests.Networks;
using NetGen.Tests.Reference;

namespace NetGen.Tests.Numerics;

/// <summary>The generated test networks with their reference descriptions, and seeded data for them.</summary>
internal static class NetworkCases
{
    private static readonly Dictionary<string, (Func<ITrainableNetwork> Create, ReferenceLayer[] Layers)> s_cases = new()
    {
        ["Identity"] = (() => new IdentityNet(), [ReferenceLayer.Dense("dense0"), ReferenceLayer.Dense("dense1")]),
        ["ReLU"] = (() => new ReluNet(), [ReferenceLayer.Dense("dense0", Activation.ReLU), ReferenceLayer.Dense("dense1")]),
        ["LeakyReLU"] = (() => new LeakyReluNet(), [ReferenceLayer.Dense("dense0", Activation.LeakyReLU, 0.1f), ReferenceLayer.Dense("dense1")]),
        ["Sigmoid"] = (() => new SigmoidNet(), [ReferenceLayer.Dense("dense0", Activation.Sigmoid), ReferenceLayer.Dense("dense1")]),
        ["Tanh"] = (() => new TanhNet(), [ReferenceLayer.Dense("dense0", Activation.Tanh), ReferenceLayer.Dense("dense1")]),
        ["Softmax"] = (() => new SoftmaxNet(), [ReferenceLayer.Dense("dense0", Activation.Tanh), ReferenceLayer.Dense("dense1", Activation.Softmax)]),
        ["NoBias"] = (() => new NoBiasNet(), [ReferenceLayer.Dense("dense0", Activation.ReLU), ReferenceLayer.Dense("dense1")]),
        ["Wide"] = (() => new WideNet(), [ReferenceLayer.Dense("dense0", Activation.Tanh), ReferenceLayer.Dense("dense1")]),
        ["Dropout"] = (() => new DropoutNet(), [ReferenceLayer.Dense("dense0", Activation.ReLU), ReferenceLayer.Dropout(), ReferenceLayer.Dense("dense1")]),
        ["Flatten"] = (() => new FlattenNet(), [ReferenceLayer.Flatten(), ReferenceLayer.Dense("dense0")]),
        ["Step"] = (() => new Perceptron(), [ReferenceLayer.Dense("dense0", Activation.Step)]),
        ["Logistic"] = (() => new LogisticRegression(), [ReferenceLayer.Dense("linear")]),
        ["W0"] = (() => new W0Mlp(), [ReferenceLayer.Dense("dense0", Activation.ReLU), ReferenceLayer.Dense("dense1", Activation.ReLU), ReferenceLayer.Dense("dense2")]),
        ["W1"] = (() => new W1Mlp(), [ReferenceLayer.Dense("fc1", Activation.ReLU), ReferenceLayer.Dense("fc2", Activation.ReLU), ReferenceLayer.Dense("fc3")]),
        ["LargeOdd"] = (() => new LargeOddNet(), [ReferenceLayer.Dense("dense0", Activation.Tanh), ReferenceLayer.Dense("dense1")]),
        ["Nested"] = (() => new Outer.NestedNet(), [ReferenceLayer.Dense("dense0", Activation.Sigmoid)]),

        // Convolutional networks (ConvNetworks.cs, SmoothConvNetworks.cs); the first reference layer sets the image shape.
        ["LeNet5"] = (() => new LeNet5(),
        [
            ReferenceLayer.Input(1, 28, 28),
            ReferenceLayer.Conv2D("conv0", 5, padding: 2, activation: Activation.ReLU),
            ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 2),
            ReferenceLayer.Conv2D("conv1", 5, activation: Activation.ReLU),
            ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 2),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0", Activation.ReLU),
            ReferenceLayer.Dense("dense1", Activation.ReLU),
            ReferenceLayer.Dense("dense2"),
        ]),
        ["MaxPoolExample"] = (() => new MaxPoolExample(), [ReferenceLayer.Input(1, 4, 4), ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 2)]),
        ["OddConv"] = (() => new OddConvNet(),
        [
            ReferenceLayer.Input(3, 17, 13),
            ReferenceLayer.Conv2D("conv0", 3, kernelWidth: 2, stride: 2, padding: 1, activation: Activation.Tanh),
            ReferenceLayer.Conv2D("conv1", 3, dilation: 2, padding: 2, activation: Activation.LeakyReLU, slope: 0.1f),
            ReferenceLayer.Pool2D(ReferenceLayerKind.AvgPool, 3, stride: 2, padding: 1),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["SameConv"] = (() => new SameConvNet(),
        [
            ReferenceLayer.Input(2, 9, 11),
            ReferenceLayer.Conv2D("conv0", 3, same: true, stride: 2, bias: false, activation: Activation.ReLU),
            ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 2, stride: 1),
            ReferenceLayer.Conv2D("conv1", 1, activation: Activation.Sigmoid),
            ReferenceLayer.GlobalAvgPool(),
        ]),
        ["Conv1D"] = (() => new Conv1DNet(),
        [
            ReferenceLayer.Input(4, 30),
            ReferenceLayer.Conv1D("conv0", 5, padding: 2, activation: Activation.ReLU),
            ReferenceLayer.Pool1D(ReferenceLayerKind.MaxPool, 2),
            ReferenceLayer.Conv1D("conv1", 3, stride: 2),
            ReferenceLayer.Pool1D(ReferenceLayerKind.AvgPool, 2),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["OneFilterConv"] = (() => new OneFilterConvNet(),
        [
            ReferenceLayer.Input(1, 6, 10),
            ReferenceLayer.Conv2D("conv0", 1, activation: Activation.Tanh),
            ReferenceLayer.Conv2D("conv1", 3, activation: Activation.Tanh),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["ImageOut"] = (() => new ImageOutNet(),
        [
            ReferenceLayer.Input(2, 6, 5),
            ReferenceLayer.Conv2D("conv0", 3, padding: 1, activation: Activation.Tanh),
            ReferenceLayer.Dropout(),
            ReferenceLayer.Conv2D("conv1", 3, padding: 1),
        ]),
        ["SmoothConv"] = (() => new SmoothConvNet(),
        [
            ReferenceLayer.Input(2, 7, 9),
            ReferenceLayer.Conv2D("conv0", 3, stride: 2, padding: 1, activation: Activation.Sigmoid),
            ReferenceLayer.Pool2D(ReferenceLayerKind.AvgPool, 2, stride: 1, padding: 1),
            ReferenceLayer.Conv2D("conv1", 2, same: true, activation: Activation.Tanh),
            ReferenceLayer.Conv2D("conv2", 3, kernelWidth: 2, dilation: 2, padding: 2),
            ReferenceLayer.GlobalAvgPool(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["SmoothConv1D"] = (() => new SmoothConv1DNet(),
        [
            ReferenceLayer.Input(3, 21),
            ReferenceLayer.Conv1D("conv0", 3, dilation: 2, same: true, activation: Activation.Tanh),
            ReferenceLayer.Pool1D(ReferenceLayerKind.AvgPool, 3, stride: 2, padding: 1),
            ReferenceLayer.Conv1D("conv1", 2, same: true, activation: Activation.Sigmoid),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["LongConv1D"] = (() => new LongConv1DNet(),
        [
            ReferenceLayer.Input(1, 151),
            ReferenceLayer.Conv1D("conv0", 70, activation: Activation.Tanh),
            ReferenceLayer.Conv1D("conv1", 3),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),

        // Normalization (NormalizationNetworks.cs).
        ["BatchNormMlp"] = (() => new BatchNormMlp(),
        [
            ReferenceLayer.BatchNorm("bn_in", momentum: 0.3f),
            ReferenceLayer.Dense("dense0", Activation.Tanh),
            ReferenceLayer.BatchNorm("batchnorm1"),
            ReferenceLayer.Dense("dense1"),
        ]),
        ["BatchNormConv"] = (() => new BatchNormConvNet(),
        [
            ReferenceLayer.Input(3, 9, 7),
            ReferenceLayer.BatchNorm("bn_in"),
            ReferenceLayer.Conv2D("conv0", 3, padding: 1, activation: Activation.Tanh),
            ReferenceLayer.BatchNorm("batchnorm1"),
            ReferenceLayer.Conv2D("conv1", 3, stride: 2),
            ReferenceLayer.Pool2D(ReferenceLayerKind.AvgPool, 2, stride: 1),
            ReferenceLayer.BatchNorm("batchnorm2", epsilon: 1e-3f),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["BatchNorm1D"] = (() => new BatchNorm1DNet(),
        [
            ReferenceLayer.Input(2, 11),
            ReferenceLayer.Conv1D("conv0", 3, activation: Activation.Tanh),
            ReferenceLayer.BatchNorm("batchnorm0", momentum: 1),
            ReferenceLayer.Flatten(),
            ReferenceLayer.LayerNorm("layernorm0"),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["LayerNorm"] = (() => new LayerNormNet(),
        [
            ReferenceLayer.LayerNorm("ln_in", epsilon: 1e-3f),
            ReferenceLayer.Dense("dense0", Activation.Tanh),
            ReferenceLayer.LayerNorm("layernorm1"), // the second LayerNorm attribute: default names count every layer of the kind
            ReferenceLayer.Dense("dense1"),
        ]),

        // Stand-alone activations (ActivationNetworks.cs).
        ["ActivationMlp"] = (() => new ActivationMlp(),
        [
            ReferenceLayer.Activate(Activation.Tanh),
            ReferenceLayer.Dense("dense0"),
            ReferenceLayer.Activate(Activation.Sigmoid),
            ReferenceLayer.Dense("dense1"),
            ReferenceLayer.Activate(Activation.Softmax),
        ]),
        ["BatchNormReluMlp"] = (() => new BatchNormReluMlp(),
        [
            ReferenceLayer.Dense("dense0", bias: false),
            ReferenceLayer.BatchNorm("batchnorm0"),
            ReferenceLayer.Activate(Activation.ReLU),
            ReferenceLayer.Dense("dense1"),
        ]),
        ["ConvActivation"] = (() => new ConvActivationNet(),
        [
            ReferenceLayer.Input(2, 8, 6),
            ReferenceLayer.Conv2D("conv0", 3, padding: 1),
            ReferenceLayer.BatchNorm("batchnorm0"),
            ReferenceLayer.Activate(Activation.LeakyReLU, 0.1f),
            ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 2),
            ReferenceLayer.Activate(Activation.Tanh),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["ImageActivation"] = (() => new ImageActivationNet(),
        [
            ReferenceLayer.Input(3, 5, 4),
            ReferenceLayer.Activate(Activation.Sigmoid),
            ReferenceLayer.Conv2D("conv0", 3),
            ReferenceLayer.Activate(Activation.Tanh),
            ReferenceLayer.GlobalAvgPool(),
            ReferenceLayer.Dense("dense0"),
        ]),

        // Upsampling (UpsampleNetworks.cs).
        ["UpsampleNearest"] = (() => new UpsampleNearestNet(),
        [
            ReferenceLayer.Input(2, 3, 4),
            ReferenceLayer.Conv2D("conv0", 3, padding: 1, activation: Activation.Tanh),
            ReferenceLayer.Upsample2D(2),
            ReferenceLayer.Conv2D("conv1", 3, activation: Activation.Tanh),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["UpsampleBilinear"] = (() => new UpsampleBilinearNet(),
        [
            ReferenceLayer.Input(3, 5, 4),
            ReferenceLayer.Upsample2D(2, 3, bilinear: true),
            ReferenceLayer.Conv2D("conv0", 3, activation: Activation.Tanh),
            ReferenceLayer.GlobalAvgPool(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["UpsampleStack"] = (() => new UpsampleStackNet(),
        [
            ReferenceLayer.Input(1, 4, 3),
            ReferenceLayer.Conv2D("conv0", 2, activation: Activation.Sigmoid),
            ReferenceLayer.Upsample2D(3, 1),
            ReferenceLayer.Upsample2D(2, bilinear: true),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),

        // Branching and merging networks (GraphNetworks.cs): indices are those of the layers after Input.
        ["ResidualMlp"] = (() => new ResidualMlp(),
        [
            ReferenceLayer.Dense("stem", Activation.Tanh), ReferenceLayer.Dense("hidden", Activation.Tanh), ReferenceLayer.Dense("branch"),
            ReferenceLayer.Sum([2, 0], Activation.Tanh), ReferenceLayer.Dense("head"),
        ]),
        ["ResidualCnn"] = (() => new ResidualCnn(),
        [
            ReferenceLayer.Input(3, 9, 7),
            ReferenceLayer.Conv2D("stem", 3, padding: 1, activation: Activation.Tanh),
            ReferenceLayer.Conv2D("conv1", 3, padding: 1, bias: false),
            ReferenceLayer.BatchNorm("bn1"),
            ReferenceLayer.Activate(Activation.Tanh),
            ReferenceLayer.Conv2D("conv2", 3, padding: 1),
            ReferenceLayer.Sum([4, 0], Activation.Tanh),
            ReferenceLayer.Conv2D("conv3", 3, stride: 2, padding: 1, activation: Activation.Tanh),
            ReferenceLayer.Conv2D("conv4", 3, padding: 1),
            ReferenceLayer.Conv2D("projection", 1, stride: 2).Reading(5),
            ReferenceLayer.Sum([7, 8], Activation.Tanh),
            ReferenceLayer.GlobalAvgPool(),
            ReferenceLayer.Dense("head"),
        ]),
        ["ResidualReluCnn"] = (() => new ResidualReluCnn(),
        [
            ReferenceLayer.Input(4, 6, 6),
            ReferenceLayer.Conv2D("stem", 3, padding: 1, activation: Activation.ReLU),
            ReferenceLayer.Conv2D("conv1", 3, padding: 1, activation: Activation.ReLU),
            ReferenceLayer.Conv2D("conv2", 3, padding: 1),
            ReferenceLayer.Sum([2, 0], Activation.ReLU),
            ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 2),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("head"),
        ]),
        ["ThreeReaderMlp"] = (() => new ThreeReaderMlp(),
        [
            ReferenceLayer.Dense("shared", Activation.Tanh), ReferenceLayer.Dense("left", Activation.Tanh),
            ReferenceLayer.Dense("right", Activation.Sigmoid).Reading(0), ReferenceLayer.Dense("skip").Reading(0),
            ReferenceLayer.Concatenate(1, 2, 3), ReferenceLayer.Dense("head"),
        ]),
        ["InceptionBlock"] = (() => new InceptionBlock(),
        [
            ReferenceLayer.Input(2, 6, 5),
            ReferenceLayer.Conv2D("a", 1),
            ReferenceLayer.Conv2D("b", 3, padding: 1, activation: Activation.Tanh).Reading(-1),
            ReferenceLayer.Pool2D(ReferenceLayerKind.AvgPool, 3, stride: 1, padding: 1).Reading(-1),
            ReferenceLayer.Concatenate(0, 1, 2),
            ReferenceLayer.Conv2D("mix", 3),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("head"),
        ]),
        ["InputResidualMlp"] = (() => new InputResidualMlp(),
            [ReferenceLayer.Dense("hidden", Activation.Tanh), ReferenceLayer.Sum([0, -1]), ReferenceLayer.Dense("head")]),
        // Stride, padding and dilation per axis (PerAxisNetworks.cs).
        ["PerAxisDirect"] = (() => new PerAxisDirectNet(),
        [
            ReferenceLayer.Input(3, 11, 9),
            ReferenceLayer.Conv2D("conv0", 3, stride: 2, strideWidth: 1, padding: 1, paddingWidth: 2, dilationWidth: 2, activation: Activation.Tanh),
            ReferenceLayer.Pool2D(ReferenceLayerKind.AvgPool, 2, strideWidth: 1, paddingWidth: 1),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["PerAxisUnfold"] = (() => new PerAxisUnfoldNet(),
        [
            ReferenceLayer.Input(17, 7, 9),
            ReferenceLayer.Conv2D("conv0", 3, strideWidth: 2, padding: 2, paddingWidth: 0, dilation: 2, dilationWidth: 1, activation: Activation.Tanh),
            ReferenceLayer.Conv2D("conv1", 3, stride: 2, strideWidth: 1, paddingWidth: 1, dilationWidth: 2, activation: Activation.Tanh),
            ReferenceLayer.Pool2D(ReferenceLayerKind.AvgPool, 2, stride: 1, strideWidth: 2, padding: 1, paddingWidth: 0),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["PerAxisSame"] = (() => new PerAxisSameNet(),
        [
            ReferenceLayer.Input(2, 9, 11),
            ReferenceLayer.Conv2D("conv0", 3, same: true, stride: 2, strideWidth: 1, dilationWidth: 2, activation: Activation.ReLU),
            ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 3, stride: 2, strideWidth: 1, paddingWidth: 1),
            ReferenceLayer.Conv2D("conv1", 1, activation: Activation.Sigmoid),
            ReferenceLayer.GlobalAvgPool(),
        ]),
        ["PerAxisReluPool"] = (() => new PerAxisReluPoolNet(),
        [
            ReferenceLayer.Input(1, 6, 6),
            ReferenceLayer.Conv2D("conv0", 1, activation: Activation.ReLU),
            ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 2, paddingWidth: 1),
            ReferenceLayer.Conv2D("conv1", 1, activation: Activation.ReLU),
            ReferenceLayer.Pool2D(ReferenceLayerKind.MaxPool, 2, padding: 1, paddingWidth: 0),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["PerAxisRows"] = (() => new PerAxisRowsNet(),
        [
            ReferenceLayer.Input(1, 9, 14),
            ReferenceLayer.Conv2D("conv0", 3, stride: 2, strideWidth: 1, dilation: 2, dilationWidth: 1, activation: Activation.Tanh),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["PerAxisColumns"] = (() => new PerAxisColumnsNet(),
        [
            ReferenceLayer.Input(1, 6, 15),
            ReferenceLayer.Conv2D("conv0", 3, strideWidth: 2, dilationWidth: 2, activation: Activation.Tanh),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),

        // Transposed convolutions (ConvTransposeNetworks.cs).
        ["ConvTransposeGenerator"] = (() => new ConvTransposeGeneratorNet(),
        [
            ReferenceLayer.Input(3, 3, 3),
            ReferenceLayer.ConvTranspose2D("deconv0", 3, stride: 2, padding: 1, outputPadding: 1, activation: Activation.Tanh),
            ReferenceLayer.ConvTranspose2D("deconv1", 4, stride: 2, padding: 1, activation: Activation.Sigmoid),
        ]),
        ["ConvTransposeRectangular"] = (() => new ConvTransposeRectangularNet(),
        [
            ReferenceLayer.Input(2, 4, 5),
            ReferenceLayer.ConvTranspose2D("deconv0", 3, kernelWidth: 2, stride: 2, strideWidth: 1, padding: 1, paddingWidth: 0, outputPadding: 1, outputPaddingWidth: 0, activation: Activation.Tanh),
            ReferenceLayer.GlobalAvgPool(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["ConvTransposeDilated"] = (() => new ConvTransposeDilatedNet(),
        [
            ReferenceLayer.Input(3, 5, 3),
            ReferenceLayer.ConvTranspose2D("deconv0", 3, dilation: 2, dilationWidth: 1, strideWidth: 2, outputPadding: 1, bias: false),
            ReferenceLayer.Flatten(),
            ReferenceLayer.Dense("dense0"),
        ]),
        ["ConvTransposeRelu"] = (() => new ConvTransposeReluNet(),
        [
            ReferenceLayer.Input(2, 3, 3),
            ReferenceLayer.ConvTranspose2D("deconv0", 2, stride: 2, activation: Activation.ReLU),
            ReferenceLayer.ConvTranspose2D("deconv1", 3, padding: 1, activation: Activation.LeakyReLU, slope: 0.1f),
        ]),
        ["ConvTransposeAutoencoder"] = (() => new ConvTransposeAutoencoderNet(),
        [
            ReferenceLayer.Input(1, 8, 8),
            ReferenceLayer.Conv2D("conv0", 3, stride: 2, padding: 1, activation: Activation.Tanh),
            ReferenceLayer.Conv2D("conv1", 3, stride: 2, padding: 1, activation: Activation.Tanh),
            ReferenceLayer.ConvTranspose2D("deconv0", 3, stride: 2, padding: 1, outputPadding: 1, activation: Activation.Tanh),
            ReferenceLayer.ConvTranspose2D("deconv1", 3, stride: 2, padding: 1, outputPadding: 1),
        ]),
        ["ConvTransposeWide"] = (() => new ConvTransposeWideNet(),
        [
            ReferenceLayer.Input(20, 3, 2),
            ReferenceLayer.ConvTranspose2D("deconv0", 2, stride: 2, activation: Activation.Sigmoid),
            ReferenceLayer.ConvTranspose2D("deconv1", 3, padding: 1),
            ReferenceLayer.GlobalAvgPool(),
            ReferenceLayer.Dense("dense0"),
        ]),

        // Global 1-D pooling of 1-D images (GlobalPoolNetworks.cs): the reference's pooling window is the whole length.
        ["Conv1DGlobalMaxPool"] = (() => new Conv1DGlobalMaxPool(),
            [ReferenceLayer.Input(3, 10), ReferenceLayer.Conv1D("conv0", 3), ReferenceLayer.Pool1D(ReferenceLayerKind.MaxPool, 8)]),
        ["ImageGlobalMaxPool"] = (() => new ImageGlobalMaxPool(), [ReferenceLayer.Input(2, 5), ReferenceLayer.Pool1D(ReferenceLayerKind.MaxPool, 5)]),
        ["ImageGlobalAveragePool"] = (() => new ImageGlobalAveragePool(), [ReferenceLayer.Input(2, 5), ReferenceLayer.Pool1D(ReferenceLayerKind.AvgPool, 5)]),
    };

    public static IEnumerable<object[]> Names => s_cases.Keys.Select(name => new object[] { name });

    /// <summary>Names of the cases whose activations are smooth, so float finite differences are reliable.</summary>
    public static IEnumerable<object[]> SmoothNames =>
        new[] { "Identity", "Sigmoid", "Tanh", "Softmax", "Wide", "Flatten", "Logistic", "Nested", "SmoothConv", "SmoothConv1D", "LongConv1D", "BatchNormMlp", "BatchNormConv", "BatchNorm1D", "LayerNorm", "ImageGlobalAveragePool", "ActivationMlp", "ImageActivation", "UpsampleNearest", "UpsampleBilinear", "UpsampleStack", "ResidualMlp", "ResidualCnn", "ThreeReaderMlp", "InceptionBlock", "InputResidualMlp", "PerAxisDirect", "PerAxisUnfold", "PerAxisRows", "PerAxisColumns", "ConvTransposeGenerator", "ConvTransposeRectangular", "ConvTransposeDilated", "ConvTransposeAutoencoder", "ConvTransposeWide" }.Select(name => new object[] { name });

    /// <summary>Cases with a batch norm over features (one value per sample), whose training forward needs at least 2 samples.</summary>
    public static bool NeedsTwoSamples(string name) => name is "BatchNormMlp" or "BatchNormReluMlp";

    /// <summary>
    /// A network with seeded weights and (unlike a fresh initialization) non-zero biases; normalization scales γ
    /// drawn from [0.5, 1.5], and running statistics from [-0.5, 0.5] (mean) and [0.5, 1.5] (variance).
    /// </summary>
    public static (ITrainableNetwork Network, ReferenceLayer[] Layers) Create(string name, int seed = 1)
    {
        (Func<ITrainableNetwork> create, ReferenceLayer[] layers) = s_cases[name];
        ITrainableNetwork network = create();
        network.InitializeParameters(seed);
        var random = new RandomSource(seed + 1000);
        foreach (TensorLayout tensor in network.Tensors.Where(t => t.Name.EndsWith(".bias", StringComparison.Ordinal)))
        {
            for (int i = 0; i < tensor.Columns; i++) network.Parameters[tensor.IndexOf(0, i)] = random.NextSingle(-0.5f, 0.5f);
        }
        string[] normalizations = layers.Where(l => l.Kind is ReferenceLayerKind.BatchNorm or ReferenceLayerKind.LayerNorm).Select(l => l.Name + ".weight").ToArray();
        foreach (TensorLayout tensor in network.Tensors.Where(t => normalizations.Contains(t.Name)))
        {
            for (int i = 0; i < tensor.Columns; i++) network.Parameters[tensor.IndexOf(0, i)] = random.NextSingle(0.5f, 1.5f);
        }
        foreach (TensorLayout tensor in network.Tensors.Where(t => t.Buffer == TensorBuffer.State))
        {
            bool variance = tensor.Name.EndsWith(".running_var", StringComparison.Ordinal);
            for (int i = 0; i < tensor.Columns; i++) network.State[tensor.IndexOf(0, i)] = variance ? random.NextSingle(0.5f, 1.5f) : random.NextSingle(-0.5f, 0.5f);
        }
        return (network, layers);
    }

    /// <summary>
    /// The dropout masks a freshly reseeded network draws on its next Forward, in the reference's per-sample
    /// [C, H, W] order, or null for a network without dropout. DropoutNet draws one number per feature, row by
    /// row. ImageOutNet draws one number per element of its channels-last buffer, whose channels are padded to
    /// 16 (its generated Dropout0Forward: [batch, 480] = [batch, 6·5 positions, 16 channels], 4 of them real);
    /// this replay depends on that layout and must follow it if the layout changes.
    /// </summary>
    public static List<double[]>? ReseedAndReplayDropout(ITrainableNetwork network, int seed, int batch)
    {
        switch (network)
        {
            case DropoutNet dropout:
            {
                dropout.ReseedDropout(seed);
                var random = new RandomSource(seed);
                var mask = new double[batch * 23];
                for (int i = 0; i < mask.Length; i++) mask[i] = random.NextSingle() >= 0.3f ? 1f / (1f - 0.3f) : 0f;
                return [mask];
            }
            case ImageOutNet image:
            {
                image.ReseedDropout(seed);
                var random = new RandomSource(seed);
                const int Channels = 4, Positions = 6 * 5, Padded = 16;
                var mask = new double[batch * Channels * Positions];
                for (int n = 0; n < batch; n++)
                    for (int p = 0; p < Positions; p++)
                        for (int c = 0; c < Padded; c++)
                        {
                            float keep = random.NextSingle() >= 0.25f ? 1.3333334f : 0f;
                            if (c < Channels) mask[n * Channels * Positions + c * Positions + p] = keep;
                        }
                return [mask];
            }
            default:
                return null;
        }
    }

    public static float[] Uniform(int count, int seed, float low = -1f, float high = 1f)
    {
        var random = new RandomSource(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = random.NextSingle(low, high);
        return values;
    }

    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    /// <summary>Asserts |actual − expected| ≤ absolute + relative·|expected| everywhere, naming the first offending index.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double absolute, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = absolute + relative * Math.Abs(expected[i]);
            if (!(Math.Abs(actual[i] - expected[i]) <= tolerance))
            {
                Assert.Fail($"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:G3})");
            }
        }
    }
}
