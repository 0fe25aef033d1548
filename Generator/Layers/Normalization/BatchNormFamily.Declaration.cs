using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class BatchNormFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } = [new("BatchNormAttribute", BatchNorm, false, "batchnorm")];

    // No activation and always a shift (β).
    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named) =>
        new(declared.Kind, named.Name, 0, ActivationKind.Identity, named.LeakySlope, true, 0,
            Epsilon: named.Float("Epsilon", 1e-5f), Momentum: named.Float("Momentum", 0.1f));

    /// <summary>
    /// Batch norm keeps any shape: a vector is normalized per feature, an image ([C, H, W] or [C, L]) per channel. γ and β
    /// (and the running statistics, as much state again), padded per feature or channel; it also keeps six such rows of
    /// batch statistics and work slots.
    /// </summary>
    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        Normalization.CheckEpsilon(index, layer, errors);
        if (!(layer.Momentum > 0f && layer.Momentum <= 1f))
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.MomentumOutOfRange, new[] { layer.Name, FloatLiteral.Format(layer.Momentum) }));
        }
        BigInteger padded = BufferLimit.RoundUp(input[0]);
        if (!Fits(index, layer, 6 * padded, $"its batch statistics (6 × {Invariant(input[0])})", errors)) return null;
        parameters += Normalization.Parameters(input);
        return input;
    }

    /// <summary>An image ([C, H, W] or [C, L]) is normalized per channel, channels last.</summary>
    public override bool ReadsImage(int inputRank, bool sequenceNetwork) => inputRank >= 2;

    public override bool KeepsLayout(int[] input) => input.Length >= 2;

    /// <summary>
    /// It would read [steps, features] as [channels, length]: per-step normalization of sequences is not offered yet, so it
    /// is an error.
    /// </summary>
    public override ShapeError? InSequenceNetwork(int index, LayerSpec layer, int[] input) =>
        input.Length < 2 ? null : new ShapeError(index, DiagnosticDescriptors.BatchNormOfSequence, new[] { layer.Name, Format(input) });

    /// <summary>γ and β; in the state buffer the running mean and variance, one padded row each.</summary>
    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        LayerPlacement placement = Normalization.Place(input, output, ref parameterOffset) with { StateOffset = stateOffset };
        stateOffset += 2 * Planner.RoundUp(Normalization.Features(input));
        return placement;
    }
}
