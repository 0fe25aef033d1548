using Shared = NetGen.Reference;

namespace NetGen.Tests.Reference;

/// <summary>One layer of <see cref="ReferenceRecurrent"/>, described as in PyTorch.</summary>
public sealed record ReferenceSequenceLayer(ReferenceSequenceKind Kind, string Name, int Inputs, int Units, bool ReturnSequences = false, int Vocabulary = 0, int PaddingIndex = -1, bool Bidirectional = false)
{
    public static ReferenceSequenceLayer Embedding(string name, int vocabulary, int dimension, int paddingIndex = -1) =>
        new(ReferenceSequenceKind.Embedding, name, 0, dimension, Vocabulary: vocabulary, PaddingIndex: paddingIndex);

    public static ReferenceSequenceLayer Recurrent(ReferenceSequenceKind kind, string name, int features, int hidden, bool returnSequences = false, bool bidirectional = false) =>
        new(kind, name, features, hidden, returnSequences, Bidirectional: bidirectional);

    public static ReferenceSequenceLayer Dense(string name, int inputs, int outputs) => new(ReferenceSequenceKind.Dense, name, inputs, outputs);

    /// <summary>Flattening [T, H] row-major is the identity on the reference's per-sample arrays.</summary>
    public static ReferenceSequenceLayer Flatten() => new(ReferenceSequenceKind.Flatten, "flatten", 0, 0);

    /// <summary>Global max or average pooling of [T, features] over the steps into [features].</summary>
    public static ReferenceSequenceLayer GlobalPool(ReferenceSequenceKind kind, int features) => new(kind, "pool", features, features);

    /// <summary>The shared reference's layer.</summary>
    public Shared.Layer Layer => Kind switch
    {
        ReferenceSequenceKind.Embedding => Shared.Layer.Embedding(Name, Vocabulary, Units, PaddingIndex),
        ReferenceSequenceKind.Dense => Shared.Layer.Dense(Name, Units),
        ReferenceSequenceKind.Flatten => Shared.Layer.Flatten(),
        ReferenceSequenceKind.GlobalMaxPool => Shared.Layer.StepPool(Shared.LayerKind.StepMaxPool, Inputs),
        ReferenceSequenceKind.GlobalAveragePool => Shared.Layer.StepPool(Shared.LayerKind.StepAvgPool, Inputs),
        _ => Shared.Layer.Recurrent(Enum.Parse<Shared.LayerKind>(Kind.ToString()), Name, Inputs, Units, ReturnSequences, Bidirectional),
    };
}

public enum ReferenceSequenceKind
{
    Embedding,
    SimpleRNN,
    LSTM,
    GRU,
    Dense,
    Flatten,
    GlobalMaxPool,
    GlobalAveragePool,
}

/// <summary>
/// The shared reference (<see cref="Shared.Network"/>) over sequences of <c>steps</c> steps, with the tensors in
/// PyTorch's names and layout (weight_ih_l0 [G·H, F], …) loaded from a generated network; see
/// <see cref="Shared.RecurrentCell"/> for the equations. Backward adds to <see cref="Gradients"/>.
/// </summary>
public sealed class ReferenceRecurrent(int steps, params ReferenceSequenceLayer[] layers)
{
    private readonly Shared.Network _reference = new(
        Shared.Shape.Vector(layers[0].Kind switch
        {
            ReferenceSequenceKind.Embedding => steps,
            ReferenceSequenceKind.Dense => layers[0].Inputs,
            _ => steps * layers[0].Inputs,
        }),
        [.. layers.Select(layer => layer.Layer)]);

    /// <summary>Tensors by name, PyTorch layout, row-major.</summary>
    public Dictionary<string, double[]> Parameters => _reference.Parameters;

    /// <summary>Gradients of <see cref="Parameters"/>, same names and layout; <see cref="Backward"/> adds to them.</summary>
    public Dictionary<string, double[]> Gradients => _reference.Gradients;

    /// <summary>Initial hidden states h₀ [batch, H] by layer name, as PyTorch's h_0 (batch first); a layer not listed starts from zero.</summary>
    public Dictionary<string, double[]> InitialHidden => _reference.InitialHidden;

    /// <summary>Initial LSTM cell states c₀ [batch, H] by layer name; zero when not listed.</summary>
    public Dictionary<string, double[]> InitialCell => _reference.InitialCell;

    /// <summary>Every recurrent layer's h_n [batch, H] after <see cref="Forward"/>.</summary>
    public Dictionary<string, double[]> FinalHidden => _reference.FinalHidden;

    /// <summary>Every LSTM's c_n [batch, H] after <see cref="Forward"/>.</summary>
    public Dictionary<string, double[]> FinalCell => _reference.FinalCell;

    /// <summary>∂L/∂h₀ [batch, H] of every recurrent layer after <see cref="Backward"/>.</summary>
    public Dictionary<string, double[]> InitialHiddenGradient => _reference.InitialHiddenGradient;

    /// <summary>∂L/∂c₀ [batch, H] of every LSTM after <see cref="Backward"/>.</summary>
    public Dictionary<string, double[]> InitialCellGradient => _reference.InitialCellGradient;

    /// <summary>Copies a generated network's parameters, through its tensor layouts, into PyTorch layout.</summary>
    public void LoadFrom(INetwork network)
    {
        ReadOnlySpan<float> parameters = network.Parameters;
        foreach (TensorLayout tensor in network.Tensors)
        {
            double[] values = Parameters[tensor.Name];
            for (int row = 0; row < tensor.Rows; row++)
                for (int column = 0; column < tensor.Columns; column++) values[row * tensor.Columns + column] = parameters[tensor.IndexOf(row, column)];
        }
    }

    /// <summary>Whether a parameter is, by definition, left without gradient: an element of an embedding's padding row.</summary>
    public bool HasNoGradient(string tensor, int index) => _reference.HasNoGradient(tensor, index);

    public void ZeroGradients() => _reference.ZeroGradients();

    /// <summary>Forward for a batch of samples laid out as the network's input; returns the outputs.</summary>
    public double[] Forward(double[] input, int batch) => _reference.Forward(input, batch);

    /// <summary>Backward through the last forward: adds parameter gradients; returns ∂L/∂input (empty after an embedding).</summary>
    public double[] Backward(double[] outputGradient) => _reference.Backward(outputGradient);
}
