using System.Collections.Generic;
using System.Numerics;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Planning;

/// <summary>The per-sample buffers of a network whose shapes are valid, held to <see cref="BufferLimit"/>.</summary>
internal static partial class ShapeInference
{
    /// <summary>
    /// Each per-sample buffer at the stride the planner gives it: the network input (channels last when image layers
    /// read it), every layer's output — a layer that keeps its input's layout (dropout, batch norm of an image, a
    /// flatten of a vector) at that stride, any other with its rows (a vector, each step of a sequence, each position
    /// of an image) padded to 16 floats — and a padding convolution's zero-bordered copy of its input. The layers'
    /// weights and scratch are checked where their shapes are made; batch-norm state is never more than the parameters.
    /// </summary>
    private static void CheckBuffers(EquatableArray<int> inputShape, EquatableArray<LayerSpec> layers, int[][] inputs, List<int[]> shapes, List<ShapeError> errors)
    {
        bool sequenceNetwork = IsSequenceNetwork(layers);
        int[] networkInput = inputShape.ToArray();
        ImageLayout? inputImage = Planner.InputImage(inputShape, layers, inputs, shapes);
        BigInteger floats = inputImage is null ? Floats(networkInput) : (BigInteger)inputImage.Height * inputImage.Width * inputImage.ChannelStride;
        if (inputImage is not null && !Fits(0, layers[0], floats,
            $"the network input [{Format(networkInput)}] laid out channels last, {Invariant(inputImage.ChannelStride)} floats per position", errors))
        {
            return;
        }
        // Floats per position of the image each tensor holds (index t + 1 for tensor t): only the network input may have unpadded channels.
        var channelStrides = new int?[layers.Count + 1];
        channelStrides[0] = inputImage?.ChannelStride;
        for (int i = 0; i < layers.Count; i++)
        {
            LayerSpec layer = layers[i];
            int[] input = FirstInputShape(networkInput, inputs, shapes, i), output = shapes[i];
            LayerFamily family = LayerCatalog.For(layer);
            int? channelStride = channelStrides[inputs[i][0] + 1];
            if (!family.FitsWorkBuffers(i, layer, input, output, channelStride, errors)) return;
            if (family.KeepsLayout(input))
            {
                channelStrides[i + 1] = channelStride;
                continue;
            }
            bool image = output.Length == 3 || output.Length == 2 && !sequenceNetwork;
            floats = image ? Floats(output) / output[0] * BufferLimit.RoundUp(output[0]) : Floats(output) / output[output.Length - 1] * BufferLimit.RoundUp(output[output.Length - 1]);
            string layout = image ? "laid out channels last, each position padded to 16 floats" : output.Length == 1 ? "padded to 16 floats" : "each step padded to 16 floats";
            if (!Fits(i, layer, floats, $"its output [{Format(output)}] {layout}", errors)) return;
            channelStrides[i + 1] = image ? Planner.RoundUp(output[0]) : null;
        }
    }
}
