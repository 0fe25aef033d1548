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
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("FlattenAttribute", LayerKind.Flatten, false, "flatten")];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named) =>
        new(declared.Kind, named.Name, 0, named.Activation, named.LeakySlope, named.Bias, 0);

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters) =>
        new[] { Product(input) };

    /// <summary>A flat input is only renamed.</summary>
    public override bool KeepsLayout(int[] input) => input.Length == 1;
}
