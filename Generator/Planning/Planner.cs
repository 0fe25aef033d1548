using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>Turns a valid <see cref="NetworkSpec"/> into a <see cref="NetworkPlan"/>: buffers, strides, parameter offsets.</summary>
internal static class Planner
{
    /// <summary>Dense outputs and weight rows are padded to this many floats (one 512-bit vector).</summary>
    public const int Padding = 16;

    public static NetworkPlan Plan(NetworkSpec spec)
    {
        int[][] inputs = LayerGraph.Inputs(spec.Layers, null);
        int[][] shapes = ShapeInference.Infer(spec.InputShape, spec.Layers, spec.Loss, new List<ShapeError>());
        int inputSize = 1;
        foreach (int dimension in spec.InputShape) inputSize *= dimension;

        var layers = new LayerPlan[spec.Layers.Count];
        // What each tensor is laid out as (index t + 1 for tensor t, the network input first): its real floats and stride
        // per sample, its image layout, and the layer whose buffer holds it (a Flatten of a flat buffer only renames it).
        var width = new int[layers.Length + 1];
        var stride = new int[layers.Length + 1];
        var image = new ImageLayout?[layers.Length + 1];
        var buffer = new int[layers.Length + 1];
        var tensorShape = new int[layers.Length + 1][];
        ImageLayout? inputImage = InputImage(spec.InputShape, spec.Layers, inputs, shapes);
        (width[0], stride[0], image[0], buffer[0], tensorShape[0]) = (inputSize, inputImage?.Stride ?? inputSize, inputImage, -1, spec.InputShape.ToArray());
        int offset = 0, parameters = 0, maxStride = 0, state = 0;
        bool hasDropout = false;
        List<int>[] readers = LayerGraph.Readers(inputs);
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSpec layer = spec.Layers[i];
            LayerFamily family = LayerCatalog.For(layer);
            LayerInput[] read = inputs[i].Select(t => new LayerInput(tensorShape[t + 1], width[t + 1], stride[t + 1], image[t + 1])).ToArray();
            int first = inputs[i][0] + 1;
            int outWidth = ShapeInference.Product(shapes[i]), parameterStart = offset;
            LayerPlacement placed = family.Place(layer, read[0], shapes[i], ref offset, ref state);
            hasDropout |= family.OnlyInTraining;
            parameters += placed.ParameterCount;
            layers[i] = new LayerPlan(layer, i, Identifier(layer.Name), shapes[i], width[first], stride[first], outWidth, placed.OutputStride,
                placed.WeightOffset, placed.BiasOffset, placed.ParameterCount, buffer[first], placed.HasBuffer, image[first], placed.OutputImage, placed.StateOffset)
            {
                ParameterStart = parameterStart,
                ParameterEnd = offset,
                Inputs = read,
                TensorInputs = inputs[i],
                Sources = inputs[i].Select(t => buffer[t + 1]).ToArray(),
                Readers = readers[i + 1].Count,
            };
            (width[i + 1], stride[i + 1], image[i + 1], buffer[i + 1], tensorShape[i + 1]) =
                (outWidth, placed.OutputStride, placed.OutputImage, placed.HasBuffer ? i : buffer[first], shapes[i]);
            // Inference keeps layer outputs in a few buffers of the widest stride; dropout is skipped there, so it needs none.
            if (placed.HasBuffer && !family.OnlyInTraining) maxStride = System.Math.Max(maxStride, placed.OutputStride);
        }

        FusePoolingBackward(layers);
        MarkGradientAccumulation(layers);
        int last = layers.Length;
        return new NetworkPlan(spec, inputSize, layers, width[last], stride[last], parameters, offset, maxStride, PredictBuffers.Assign(layers, inputImage))
        {
            BranchGradientStride = layers.Where(layer => layer.HasBuffer && !LayerCatalog.For(layer.Spec).Merges && layer.AccumulatesGradient[0])
                .Select(layer => layer.InputStride).DefaultIfEmpty(0).Max(),
            OutputLayer = buffer[last],
            HasDropout = hasDropout,
            InputImage = inputImage,
            StateLength = state,
        };
    }

    /// <summary>Marks, in reverse, the inputs whose gradient buffer a later reader (earlier in backward) already wrote.</summary>
    private static void MarkGradientAccumulation(LayerPlan[] layers)
    {
        var written = new HashSet<int>();
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            if (!layers[i].HasBuffer) continue;
            layers[i] = layers[i] with { AccumulatesGradient = layers[i].Sources.Select(source => !written.Add(source)).ToArray() };
        }
    }

    /// <summary>
    /// Marks max poolings that tile their input, and where such a pooling reads a ReLU convolution, moves the
    /// ReLU backward into the pooling's backward: one pass over the convolution's output instead of a clear,
    /// the pooling's scatter and the activation's read-modify-write.
    /// </summary>
    private static void FusePoolingBackward(LayerPlan[] layers)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            LayerPlan pool = layers[i];
            if (!LayerCatalog.For(pool.Spec).TilesInput(pool)) continue;
            // Only when the pooling is the one reader of the convolution's output: another reader needs the ReLU applied.
            bool relu = pool.Source >= 0 && layers[pool.Source].Readers == 1 && layers[pool.Source].Spec is { Activation: ActivationKind.ReLU } source
                && LayerCatalog.For(source).LendsReluBackward;
            layers[i] = pool with { TilesInput = true, ReluBackwardInPool = relu };
            if (relu) layers[pool.Source] = layers[pool.Source] with { ReluBackwardInPool = true };
        }
    }

    /// <summary>
    /// The channels-last layout the network input is rearranged into when image layers read it (and its gradient
    /// back), else null. A convolution only unfolds its input with block copies, so a first convolution reads the
    /// input unpadded (one channel stays one float per pixel); pooling loads whole vectors of channels.
    /// </summary>
    public static ImageLayout? InputImage(EquatableArray<int> inputShape, EquatableArray<LayerSpec> layers, int[][] inputs, IReadOnlyList<int[]> shapes)
    {
        // Without sequence layers a global 1-D pooling reads [channels, length] as an image, like the other image layers.
        bool sequenceNetwork = ShapeInference.IsSequenceNetwork(layers);
        if (inputShape.Count < 2 || !layers.Where((layer, i) => LayerCatalog.For(layer).ReadsImage(inputs[i][0] < 0 ? inputShape.Count : shapes[inputs[i][0]].Length, sequenceNetwork)).Any())
        {
            return null;
        }
        (int c, int h, int w) = ShapeInference.Image(inputShape.ToArray());
        return new ImageLayout(c, h, w, ReadUnpadded(layers, inputs, LayerGraph.InputTensor) ? c : RoundUp(c));
    }

    /// <summary>Whether every layer that reads the tensor reads it unpadded; dropout passes it on unchanged, so its readers decide.</summary>
    private static bool ReadUnpadded(EquatableArray<LayerSpec> layers, int[][] inputs, int tensor)
    {
        bool any = false;
        for (int i = tensor + 1; i < layers.Count; i++)
        {
            if (System.Array.IndexOf(inputs[i], tensor) < 0) continue;
            LayerFamily family = LayerCatalog.For(layers[i]);
            if (family.OnlyInTraining ? !ReadUnpadded(layers, inputs, i) : !family.ReadsInputUnpadded) return false;
            any = true;
        }
        return any;
    }

    /// <summary>Layers that work on channels-last images.</summary>
    public static bool IsImageLayer(LayerSpec layer) => LayerCatalog.For(layer).WorksOnImages;

    public static int RoundUp(int value) => (value + Padding - 1) / Padding * Padding;

    /// <summary>A PascalCase C# identifier for a layer name, e.g. <c>encoder.fc1</c> → <c>EncoderFc1</c>.</summary>
    public static string Identifier(string name)
    {
        var builder = new System.Text.StringBuilder();
        bool upper = true;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }
        return builder.ToString();
    }
}
