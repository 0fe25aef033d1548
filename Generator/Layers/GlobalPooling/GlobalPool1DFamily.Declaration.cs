using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class GlobalPool1DFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } =
    [
        new("GlobalMaxPool1DAttribute", GlobalMaxPool1D, true, "globalmaxpool"),
        new("GlobalAveragePool1DAttribute", GlobalAveragePool1D, true, "globalavgpool"),
    ];

    // The spec keeps OneD false: these layers have no 2-D form to tell apart.
    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named) =>
        new(declared.Kind, named.Name, 0, named.Activation, named.LeakySlope, named.Bias, 0);

    /// <summary>
    /// A global 1-D pooling reduces over the steps of a sequence [steps, features] → [features], or, in a network without
    /// sequence layers, over the positions of a 1-D image [channels, length] → [channels].
    /// </summary>
    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (input.Length != 2)
        {
            string hint =
                input.Length == 1 && index > 0 && IsRecurrent(layers[index - 1]) ? $"; set ReturnSequences = true on '{layers[index - 1].Name}' to pool every step" :
                input.Length == 3 && layer.Kind == GlobalAveragePool1D ? "; use GlobalAveragePool2D for a [channels, height, width] image" :
                "";
            errors.Add(new ShapeError(index, DiagnosticDescriptors.GlobalPool1DNeedsSequence, new[] { layer.Name, Format(input), DeclaredName(layer), hint }));
            return null;
        }
        return new[] { IsSequenceNetwork(layers) ? input[1] : input[0] };
    }

    /// <summary>Without sequence layers it reads [channels, length] as an image, like the other image layers.</summary>
    public override bool ReadsImage(int inputRank, bool sequenceNetwork) => !sequenceNetwork;

    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset) =>
        new(Planner.RoundUp(Product(output)));

    public override string SummaryType(LayerSpec layer) => layer.Kind == GlobalMaxPool1D ? "GlobalMaxPool1D" : "GlobalAvgPool1D";
}
