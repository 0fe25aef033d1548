using Shared = NetGen.Reference;

namespace NetGen.Tests.Reference;

/// <summary>
/// The shared reference (<see cref="Shared.Network"/>) holding a generated network's function: it reads the
/// parameters and state from the network's flat buffers through <see cref="INetwork.Tensors"/> and writes the
/// gradients back into that layout, so the two can be compared entry by entry.
/// </summary>
internal sealed class ReferenceNetwork
{
    private readonly int _parameterCount;
    private readonly Shared.Network _reference;
    // Per reference tensor: the flat index, in the network's parameter or state buffer, of each of its elements.
    private readonly List<(double[] Reference, int[] Flat)> _parameters = [], _state = [];
    private readonly List<(string Name, int[] Flat)> _gradients = [];

    public ReferenceNetwork(INetwork network, params ReferenceLayer[] layers)
    {
        _parameterCount = network.Parameters.Length;
        Shared.Shape input = layers is [{ Kind: ReferenceLayerKind.Input } first, ..] ? first.InputShape : Shared.Shape.Vector(network.InputSize);
        _reference = new Shared.Network(input, [.. layers.Where(l => l.Kind != ReferenceLayerKind.Input).Select(l => Sized(l.Layer, network))]);
        foreach ((string name, double[] values) in _reference.Parameters)
        {
            int[] flat = FlatIndices(network, name, values.Length);
            _parameters.Add((values, flat));
            _gradients.Add((name, flat));
        }
        foreach ((string name, double[] values) in _reference.State) _state.Add((values, FlatIndices(network, name, values.Length)));
        Parameters = [.. network.Parameters.ToArray().Select(v => (double)v)];
        State = [.. network.State.ToArray().Select(v => (double)v)];
    }

    /// <summary>The network's state (batch-norm running statistics) in its flat layout, as doubles; training forwards update it.</summary>
    public double[] State { get; }

    /// <summary>Training mode: batch norm uses the batch's statistics and updates <see cref="State"/>; otherwise the running ones.</summary>
    public bool Training { get; set; }

    /// <summary>The parameters in the generated network's flat layout, as doubles; perturb them for finite differences.</summary>
    public double[] Parameters { get; }

    /// <summary>Dropout masks to apply, one per dropout layer in order, each [batch × width]; null means inference.</summary>
    public List<double[]>? DropoutMasks { get; set; }

    /// <summary>Parameter gradients in the generated network's flat layout (padding stays zero).</summary>
    public double[] ParameterGradients { get; private set; } = [];

    public double[] Forward(double[] input, int batch)
    {
        foreach ((double[] reference, int[] flat) in _parameters) Gather(Parameters, flat, reference);
        foreach ((double[] reference, int[] flat) in _state) Gather(State, flat, reference);
        _reference.Training = Training;
        _reference.DropoutMasks = DropoutMasks;
        double[] output = _reference.Forward(input, batch);
        foreach ((double[] reference, int[] flat) in _state)
            for (int i = 0; i < flat.Length; i++) State[flat[i]] = reference[i];
        return output;
    }

    /// <summary>Backward from dL/doutput; returns dL/dinput and sets <see cref="ParameterGradients"/>.</summary>
    public double[] Backward(double[] outputGradient)
    {
        _reference.ZeroGradients();
        double[] inputGradient = _reference.Backward(outputGradient);
        ParameterGradients = new double[_parameterCount];
        foreach ((string name, int[] flat) in _gradients)
        {
            double[] gradient = _reference.Gradients[name];
            for (int i = 0; i < flat.Length; i++) ParameterGradients[flat[i]] = gradient[i];
        }
        return inputGradient;
    }

    /// <summary>The layer with the sizes the generated network's tensors give: its weight's output dimension, and whether it has a bias.</summary>
    private static Shared.Layer Sized(Shared.Layer layer, INetwork network)
    {
        if (layer.Kind is not (Shared.LayerKind.Dense or Shared.LayerKind.Conv or Shared.LayerKind.ConvTranspose)) return layer;
        TensorLayout weight = network.Tensors.Single(t => t.Name == layer.Name + ".weight");
        // A transposed convolution's weight is [channels, filters, KH, KW]: its filters are the second dimension.
        int units = layer.Kind == Shared.LayerKind.ConvTranspose ? weight.Shape[1] : weight.Rows;
        return layer with { Units = units, Bias = network.Tensors.Any(t => t.Name == layer.Name + ".bias") };
    }

    /// <summary>Flat indices of a tensor's row-major [rows, columns] elements in the network's buffer.</summary>
    private static int[] FlatIndices(INetwork network, string name, int length)
    {
        TensorLayout tensor = network.Tensors.SingleOrDefault(t => t.Name == name)
            ?? throw new InvalidOperationException($"the network has no tensor '{name}' (it has {string.Join(", ", network.Tensors.Select(t => t.Name))})");
        Assert.Equal(length, tensor.Rows * tensor.Columns);
        var flat = new int[length];
        for (int row = 0; row < tensor.Rows; row++)
            for (int column = 0; column < tensor.Columns; column++) flat[row * tensor.Columns + column] = tensor.IndexOf(row, column);
        return flat;
    }

    private static void Gather(double[] source, int[] flat, double[] destination)
    {
        for (int i = 0; i < flat.Length; i++) destination[i] = source[flat[i]];
    }
}
