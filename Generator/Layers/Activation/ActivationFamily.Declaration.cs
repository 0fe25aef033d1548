using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Emitters;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class ActivationFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("ActivationAttribute", Activation, false, "activation")];

    /// <summary>The function is the constructor argument; LeakySlope and Name are read as on every layer.</summary>
    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 1 || constructor[0].Value is not int function) return null;
        return new LayerSpec(declared.Kind, named.Name, 0, (ActivationKind)function, named.LeakySlope, false, 0);
    }

    /// <summary>The input's shape; Softmax normalizes a vector, so it takes only one (NG0042).</summary>
    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (layer.Activation == ActivationKind.Softmax && input.Length != 1)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.SoftmaxNeedsVector, new[] { layer.Name, Format(input) }));
            return null;
        }
        return input;
    }

    /// <summary>An image or a sequence keeps its layout; a vector's output is padded to whole vectors like a Dense layer's.</summary>
    public override bool KeepsLayout(int[] input) => input.Length >= 2;

    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset) =>
        new(input.Image is null && output.Length == 1 ? Planner.RoundUp(input.Width) : input.Stride, input.Image);

    public override string SummaryType(LayerSpec layer) => ActivationEmitter.Describe(layer);
}
