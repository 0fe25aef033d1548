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
        int[][] shapes = ShapeInference.Infer(spec.InputShape, spec.Layers, spec.Loss, new List<ShapeError>());
        int inputSize = 1;
        foreach (int dimension in spec.InputShape) inputSize *= dimension;

        var layers = new LayerPlan[spec.Layers.Count];
        int width = inputSize, stride = inputSize, source = -1;
        int offset = 0, parameters = 0, maxStride = 0, state = 0;
        bool hasDropout = false;
        ImageLayout? image = InputImage(spec.InputShape, spec.Layers, shapes), inputImage = image;
        if (image is not null) stride = image.Stride;
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSpec layer = spec.Layers[i];
            LayerFamily family = LayerCatalog.For(layer);
            int outWidth = ShapeInference.Product(shapes[i]), parameterStart = offset;
            var input = new LayerInput(i == 0 ? spec.InputShape.ToArray() : shapes[i - 1], width, stride, image);
            LayerPlacement placed = family.Place(layer, input, shapes[i], ref offset, ref state);
            hasDropout |= family.OnlyInTraining;
            parameters += placed.ParameterCount;
            layers[i] = new LayerPlan(layer, i, Identifier(layer.Name), shapes[i], width, stride, outWidth, placed.OutputStride,
                placed.WeightOffset, placed.BiasOffset, placed.ParameterCount, source, placed.HasBuffer, image, placed.OutputImage, placed.StateOffset)
            {
                ParameterStart = parameterStart,
                ParameterEnd = offset,
            };
            if (placed.HasBuffer) source = i;
            width = outWidth;
            stride = placed.OutputStride;
            image = placed.OutputImage;
            // Inference ping-pongs between two buffers; dropout is skipped there, so it needs none.
            if (placed.HasBuffer && !family.OnlyInTraining) maxStride = System.Math.Max(maxStride, stride);
        }

        FusePoolingBackward(layers);
        return new NetworkPlan(spec, inputSize, layers, width, stride, parameters, offset, maxStride)
        {
            OutputLayer = source,
            HasDropout = hasDropout,
            InputImage = inputImage,
            StateLength = state,
        };
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
            bool relu = pool.Source >= 0 && layers[pool.Source].Spec is { Activation: ActivationKind.ReLU } source && LayerCatalog.For(source).LendsReluBackward;
            layers[i] = pool with { TilesInput = true, ReluBackwardInPool = relu };
            if (relu) layers[pool.Source] = layers[pool.Source] with { ReluBackwardInPool = true };
        }
    }

    /// <summary>
    /// The channels-last layout the network input is rearranged into when image layers read it (and its gradient
    /// back), else null. A convolution only unfolds its input with block copies, so a first convolution reads the
    /// input unpadded (one channel stays one float per pixel); pooling loads whole vectors of channels.
    /// </summary>
    public static ImageLayout? InputImage(EquatableArray<int> inputShape, EquatableArray<LayerSpec> layers, IReadOnlyList<int[]> shapes)
    {
        // Without sequence layers a global 1-D pooling reads [channels, length] as an image, like the other image layers.
        bool sequenceNetwork = ShapeInference.IsSequenceNetwork(layers);
        if (inputShape.Count < 2 || !layers.Where((layer, i) => LayerCatalog.For(layer).ReadsImage(i == 0 ? inputShape.Count : shapes[i - 1].Length, sequenceNetwork)).Any())
        {
            return null;
        }
        (int c, int h, int w) = ShapeInference.Image(inputShape.ToArray());
        // Dropout passes its input on unchanged, so the first other layer decides.
        bool unpadded = layers.FirstOrDefault(l => !LayerCatalog.For(l).OnlyInTraining) is { } first && LayerCatalog.For(first).ReadsInputUnpadded;
        return new ImageLayout(c, h, w, unpadded ? c : RoundUp(c));
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
