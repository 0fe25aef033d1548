using System.Collections.Generic;
using NetGen.Generator.Layers;

namespace NetGen.Generator.Planning;

/// <summary>
/// Which of Predict's batch-sized buffers holds each layer's output. A layer writes the first buffer no tensor still to be
/// read occupies (never one it reads); layers that pass their input on at inference (dropout, a Flatten that only renames)
/// keep their input's. A chain thus alternates between two buffers (ping-pong); a branch keeps its tensor alive until
/// its last reader has run, which may take a third.
/// </summary>
internal sealed class PredictBuffers
{
    private readonly string _input;

    private PredictBuffers(string[] outputs, int count, string input)
    {
        Outputs = outputs;
        Count = count;
        _input = input;
    }

    /// <summary>The ref local holding each layer's output at inference: <c>a</c>, <c>b</c>, ... or the network input's <c>input</c> / <c>image</c>.</summary>
    public string[] Outputs { get; }

    /// <summary>How many buffers Predict needs.</summary>
    public int Count { get; }

    /// <summary>The ref local of buffer <paramref name="index"/>: <c>a</c>, <c>b</c>, ...</summary>
    public static string Local(int index) => ((char)('a' + index)).ToString();

    /// <summary>The field of buffer <paramref name="index"/> in the generated InferenceBuffers: <c>A</c>, <c>B</c>, ...</summary>
    public static string Field(int index) => ((char)('A' + index)).ToString();

    /// <summary>The ref local a layer reads at inference for tensor <paramref name="tensor"/> (-1: the network input).</summary>
    public string Of(int tensor) => tensor < 0 ? _input : Outputs[tensor];

    /// <summary>The buffers of <paramref name="layers"/>; the network input is <c>image</c> when it is rearranged into <paramref name="inputImage"/>.</summary>
    public static PredictBuffers Assign(LayerPlan[] layers, ImageLayout? inputImage)
    {
        string input = inputImage is null ? "input" : "image";
        // The last layer that reads each tensor, directly or through layers that pass it on (the output: read at the end).
        var lastRead = new int[layers.Length];
        for (int i = layers.Length - 1; i >= 0; i--)
        {
            if (i == layers.Length - 1) lastRead[i] = layers.Length;
            int reach = PassesOn(layers[i]) ? System.Math.Max(i, lastRead[i]) : i;
            foreach (int tensor in layers[i].TensorInputs)
            {
                if (tensor >= 0) lastRead[tensor] = System.Math.Max(lastRead[tensor], reach);
            }
        }
        var outputs = new string[layers.Length];
        var busyUntil = new List<int>();
        for (int i = 0; i < layers.Length; i++)
        {
            int first = layers[i].TensorInputs[0];
            if (PassesOn(layers[i]))
            {
                outputs[i] = first < 0 ? input : outputs[first];
                continue;
            }
            int slot = busyUntil.FindIndex(until => until < i);
            if (slot < 0)
            {
                slot = busyUntil.Count;
                busyUntil.Add(0);
            }
            busyUntil[slot] = lastRead[i];
            outputs[i] = Local(slot);
        }
        return new PredictBuffers(outputs, System.Math.Max(busyUntil.Count, 2), input);
    }

    /// <summary>Whether Predict gives the layer no buffer of its own: it is the identity there, or only renames its input.</summary>
    private static bool PassesOn(LayerPlan layer) => !layer.HasBuffer || LayerCatalog.For(layer.Spec).IdentityAtInference;
}
