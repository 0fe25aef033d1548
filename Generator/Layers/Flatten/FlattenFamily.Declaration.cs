using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class FlattenFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("FlattenAttribute", Flatten, false, "flatten")];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named) =>
        new(declared.Kind, named.Name, 0, named.Activation, named.LeakySlope, named.Bias, 0);

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters) =>
        new[] { Product(input) };

    /// <summary>A flat input is only renamed.</summary>
    public override bool KeepsLayout(int[] input) => input.Length == 1;

    /// <summary>
    /// Flattening channels-last positions into PyTorch's [C·H·W] order is a copy, and so is flattening a sequence whose
    /// steps are padded; a flat input is only renamed.
    /// </summary>
    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        bool copies = input.Image is not null || SequenceLayout.IsPaddedSequence(input.Shape.Length, input.Width, input.Stride);
        return new LayerPlacement(copies ? Planner.RoundUp(Product(output)) : input.Stride, HasBuffer: copies);
    }
}
