using System.Collections.Generic;
using System.Collections.Immutable;
using System.Numerics;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;
using static NetGen.Generator.Planning.ShapeInference;

namespace NetGen.Generator.Layers;

internal sealed partial class RecurrentFamily
{
    public override IReadOnlyList<LayerAttribute> Attributes { get; } =
    [
        new("SimpleRNNAttribute", SimpleRNN, false, "rnn"),
        new("LSTMAttribute", LSTM, false, "lstm"),
        new("GRUAttribute", GRU, false, "gru"),
    ];

    protected override LayerSpec? Read(LayerAttribute declared, ImmutableArray<TypedConstant> constructor, LayerArguments named)
    {
        if (constructor.Length != 1 || constructor[0].Value is not int hidden) return null;
        return new LayerSpec(declared.Kind, named.Name, hidden, named.Activation, named.LeakySlope, named.Bias, 0,
            ReturnSequences: named.Bool("ReturnSequences", false), State: named.Bool("State", false), Bidirectional: named.Bool("Bidirectional", false));
    }

    /// <summary>Gate blocks stacked in a recurrent layer's weights: 1 (SimpleRNN), 4 (LSTM: i, f, g, o), 3 (GRU: r, z, n).</summary>
    public static int Gates(LayerSpec layer) => layer.Kind switch
    {
        LSTM => 4,
        GRU => 3,
        _ => 1,
    };

    /// <summary>Rows of one direction's parameters, each of gate columns: W_ih's features, W_hh's hidden and the two bias rows.</summary>
    public static long ParameterRows(long features, long hidden) => features + hidden + 2;

    public override int[]? OutputShape(int index, EquatableArray<LayerSpec> layers, int[] input, List<ShapeError> errors, ref BigInteger parameters)
    {
        LayerSpec layer = layers[index];
        if (input.Length != 2)
        {
            string hint = input.Length == 1 && index > 0 && IsRecurrent(layers[index - 1])
                ? $"; set ReturnSequences = true on '{layers[index - 1].Name}' to pass it every step"
                : input.Length == 1 ? "; declare the network input as [steps, features], e.g. [Network(32, 16)]" : "";
            errors.Add(new ShapeError(index, DiagnosticDescriptors.RecurrentNeedsSequence, new[] { layer.Name, Format(input), DeclaredName(layer), hint }));
            return null;
        }
        if (layer.Units <= 0)
        {
            errors.Add(new ShapeError(index, DiagnosticDescriptors.NonPositiveHiddenSize, new[] { layer.Name, Invariant(layer.Units) }));
            return null;
        }
        // Per direction: weights [features + hidden, gates·hidden padded] and two biases; their transposes [gates·hidden,
        // features padded] and [gates·hidden, hidden padded] for backward; per sample the gate values of every step.
        int steps = input[0], features = input[1], hidden = layer.Units;
        BigInteger gates = (BigInteger)Gates(layer) * hidden, columns = BufferLimit.RoundUp(gates);
        string cell = $"{Invariant(features)} features, {Invariant(hidden)} hidden";
        if (!Fits(index, layer, ParameterRows(features, hidden) * columns, $"its weights and biases ({cell}, {Invariant(gates)} gate columns)", errors)
            || !Fits(index, layer, gates * BufferLimit.RoundUp(features), $"its transposed input weights ({Invariant(gates)} × {Invariant(features)}) for backward", errors)
            || !Fits(index, layer, gates * BufferLimit.RoundUp(hidden), $"its transposed recurrent weights ({Invariant(gates)} × {Invariant(hidden)}) for backward", errors)
            || !Fits(index, layer, steps * columns, $"its gates ({Invariant(steps)} steps × {Invariant(gates)})", errors))
        {
            return null;
        }
        parameters += (layer.Bidirectional ? 2 : 1) * ParameterRows(features, hidden) * columns;
        int outputs = layer.Bidirectional ? 2 * layer.Units : layer.Units;
        return layer.ReturnSequences ? new[] { input[0], outputs } : new[] { outputs };
    }

    public override bool WorksOnSequences => true;

    /// <summary>
    /// Per direction W_ih [features, gates padded], W_hh [hidden, gates padded], b_ih and b_hh [gates padded] (see
    /// <see cref="RecurrentPlan"/>); the output every step or the last, each padded to whole vectors.
    /// </summary>
    public override LayerPlacement Place(LayerSpec layer, LayerInput input, int[] output, ref int parameterOffset, ref int stateOffset)
    {
        int start = parameterOffset;
        int steps = input.Shape[0], features = input.Shape[1], hidden = layer.Units, gates = Gates(layer) * hidden;
        int columns = Planner.RoundUp(gates), directions = layer.Bidirectional ? 2 : 1;
        parameterOffset += directions * (int)ParameterRows(features, hidden) * columns;
        int outputs = Planner.RoundUp(directions * hidden);
        return new LayerPlacement(layer.ReturnSequences ? steps * outputs : outputs, WeightOffset: start,
            ParameterCount: directions * gates * (int)ParameterRows(features, hidden));
    }
}
