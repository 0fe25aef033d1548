using System.Collections.Generic;
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
        int offset = 0, parameters = 0, maxStride = 0;
        bool hasDropout = false;
        for (int i = 0; i < layers.Length; i++)
        {
            LayerSpec layer = spec.Layers[i];
            int outWidth = ShapeInference.Product(shapes[i]);
            int outStride = layer.Kind switch
            {
                LayerKind.Dense => RoundUp(outWidth),
                _ => stride,
            };
            int weightOffset = -1, biasOffset = -1, count = 0;
            if (layer.Kind == LayerKind.Dense)
            {
                weightOffset = offset;
                offset += width * outStride;
                count = width * outWidth;
                if (layer.HasBias)
                {
                    biasOffset = offset;
                    offset += outStride;
                    count += outWidth;
                }
            }
            hasDropout |= layer.Kind == LayerKind.Dropout;
            parameters += count;
            layers[i] = new LayerPlan(layer, i, Identifier(layer.Name), shapes[i], width, stride, outWidth, outStride,
                weightOffset, biasOffset, count, source);
            if (layers[i].HasBuffer) source = i;
            width = outWidth;
            stride = outStride;
            if (layer.Kind == LayerKind.Dense && stride > maxStride) maxStride = stride;
        }

        return new NetworkPlan(spec, inputSize, layers, width, stride, parameters, offset, maxStride)
        {
            OutputLayer = source,
            HasDropout = hasDropout,
        };
    }

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
