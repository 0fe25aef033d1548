using System.Collections.Generic;
using System.Linq;
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
            int outWidth = ShapeInference.Product(shapes[i]);
            ImageLayout? outImage = null;
            int outStride = stride;
            bool hasBuffer = true;
            int weightOffset = -1, biasOffset = -1, count = 0, weightRows = 0, parameterStart = offset, stateOffset = -1;
            switch (layer.Kind)
            {
                case LayerKind.Dense:
                    outStride = RoundUp(outWidth);
                    weightRows = width;
                    break;
                case LayerKind.Conv2D or LayerKind.MaxPool2D or LayerKind.AvgPool2D:
                    (int c, int h, int w) = ShapeInference.Image(shapes[i]);
                    outImage = new ImageLayout(c, h, w, RoundUp(c));
                    outStride = outImage.Stride;
                    if (layer.Kind == LayerKind.Conv2D) weightRows = image!.Channels * layer.KernelHeight * layer.KernelWidth;
                    break;
                case LayerKind.GlobalAveragePool2D or LayerKind.GlobalMaxPool1D or LayerKind.GlobalAveragePool1D:
                    outStride = RoundUp(outWidth);
                    break;
                case LayerKind.Flatten:
                    // Flattening channels-last positions into PyTorch's [C·H·W] order is a copy, and so is flattening a
                    // sequence whose steps are padded; a flat input is only renamed.
                    hasBuffer = image is not null || SequenceLayout.IsPaddedSequence(i == 0 ? spec.InputShape.Count : shapes[i - 1].Length, width, stride);
                    outStride = hasBuffer ? RoundUp(outWidth) : stride;
                    break;
                case LayerKind.Dropout:
                    outImage = image;
                    break;
                case LayerKind.Embedding or LayerKind.SimpleRNN or LayerKind.LSTM or LayerKind.GRU:
                    (outStride, weightOffset, count) = SequenceLayout.Place(layer, i == 0 ? spec.InputShape.ToArray() : shapes[i - 1], ref offset);
                    break;
                case LayerKind.BatchNorm or LayerKind.LayerNorm:
                    // Same layout out as in (a flat output padded to whole vectors); γ and β, one per feature or channel.
                    outImage = image;
                    outStride = image is null ? RoundUp(outWidth) : stride;
                    int features = image?.Channels ?? width, paddedFeatures = RoundUp(features);
                    weightOffset = offset;
                    biasOffset = offset + paddedFeatures;
                    offset += 2 * paddedFeatures;
                    count = 2 * features;
                    if (layer.Kind == LayerKind.BatchNorm)
                    {
                        stateOffset = state;
                        state += 2 * paddedFeatures;
                    }
                    break;
            }
            if (weightRows > 0)
            {
                int filters = layer.Units, padded = RoundUp(filters);
                weightOffset = offset;
                offset += weightRows * padded;
                count = weightRows * filters;
                if (layer.HasBias)
                {
                    biasOffset = offset;
                    offset += padded;
                    count += filters;
                }
            }
            hasDropout |= layer.Kind == LayerKind.Dropout;
            parameters += count;
            layers[i] = new LayerPlan(layer, i, Identifier(layer.Name), shapes[i], width, stride, outWidth, outStride,
                weightOffset, biasOffset, count, source, hasBuffer, image, outImage, stateOffset)
            {
                ParameterStart = parameterStart,
                ParameterEnd = offset,
            };
            if (hasBuffer) source = i;
            width = outWidth;
            stride = outStride;
            image = outImage;
            // Inference ping-pongs between two buffers; dropout is skipped there, so it needs none.
            if (hasBuffer && layer.Kind != LayerKind.Dropout) maxStride = System.Math.Max(maxStride, stride);
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
            var s = pool.Spec;
            ImageLayout? input = pool.InputImage, output = pool.OutputImage;
            if (s.Kind != LayerKind.MaxPool2D || input is null || output is null || s.Padding != 0) continue;
            int windowHeight = s.OneD ? 1 : s.KernelHeight, strideHeight = s.OneD ? 1 : s.Stride;
            bool tiles = windowHeight == strideHeight && s.KernelWidth == s.Stride
                && output.Height * strideHeight == input.Height && output.Width * s.Stride == input.Width;
            if (!tiles) continue;
            bool relu = pool.Source >= 0 && layers[pool.Source].Spec is { Kind: LayerKind.Conv2D, Activation: ActivationKind.ReLU };
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
        if (inputShape.Count < 2 || !layers.Where((layer, i) => IsImageLayer(layer) || ShapeInference.IsGlobalPool1D(layer) && !sequenceNetwork
            || layer.Kind == LayerKind.BatchNorm && (i == 0 ? inputShape.Count : shapes[i - 1].Length) >= 2).Any())
        {
            return null;
        }
        (int c, int h, int w) = ShapeInference.Image(inputShape.ToArray());
        bool convolutionFirst = layers.FirstOrDefault(l => l.Kind != LayerKind.Dropout)?.Kind == LayerKind.Conv2D;
        return new ImageLayout(c, h, w, convolutionFirst ? c : RoundUp(c));
    }

    /// <summary>Layers that work on channels-last images.</summary>
    public static bool IsImageLayer(LayerSpec layer) =>
        layer.Kind is LayerKind.Conv2D or LayerKind.MaxPool2D or LayerKind.AvgPool2D or LayerKind.GlobalAveragePool2D;

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
