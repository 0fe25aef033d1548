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
    private static void CheckBuffers(EquatableArray<int> inputShape, EquatableArray<LayerSpec> layers, List<int[]> shapes, List<ShapeError> errors)
    {
        bool sequenceNetwork = IsSequenceNetwork(layers);
        int[] networkInput = inputShape.ToArray();
        ImageLayout? inputImage = Planner.InputImage(inputShape, layers, shapes);
        BigInteger floats = inputImage is null ? Floats(networkInput) : (BigInteger)inputImage.Height * inputImage.Width * inputImage.ChannelStride;
        if (inputImage is not null && !Fits(0, layers[0], floats,
            $"the network input [{Format(networkInput)}] laid out channels last, {Invariant(inputImage.ChannelStride)} floats per position", errors))
        {
            return;
        }
        // Floats per position of the image the current layer reads: only the network input may have unpadded channels.
        int? channelStride = inputImage?.ChannelStride;
        for (int i = 0; i < layers.Count; i++)
        {
            LayerSpec layer = layers[i];
            int[] input = i == 0 ? networkInput : shapes[i - 1], output = shapes[i];
            LayerFamily family = LayerCatalog.For(layer);
            if (!family.FitsWorkBuffers(i, layer, input, output, channelStride, errors)) return;
            if (family.KeepsLayout(input)) continue;
            bool image = output.Length == 3 || output.Length == 2 && !sequenceNetwork;
            floats = image ? Floats(output) / output[0] * BufferLimit.RoundUp(output[0]) : Floats(output) / output[output.Length - 1] * BufferLimit.RoundUp(output[output.Length - 1]);
            string layout = image ? "laid out channels last, each position padded to 16 floats" : output.Length == 1 ? "padded to 16 floats" : "each step padded to 16 floats";
            if (!Fits(i, layer, floats, $"its output [{Format(output)}] {layout}", errors)) return;
            channelStride = image ? Planner.RoundUp(output[0]) : null;
        }
    }
}
