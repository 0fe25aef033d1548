namespace NetGen;

/// <summary>
/// Reads and writes a network's parameters (and state, such as batch-norm running statistics) as safetensors,
/// tensor by tensor as its <see cref="TensorLayout"/>s describe them (PyTorch layout in the file, the network's
/// own layout in memory).
/// </summary>
public static class WeightFile
{
    /// <summary>Writes every tensor of <paramref name="layouts"/> from <paramref name="parameters"/>.</summary>
    public static void Save(Stream stream, IReadOnlyList<TensorLayout> layouts, ReadOnlySpan<float> parameters) =>
        Save(stream, layouts, parameters, ReadOnlySpan<float>.Empty);

    /// <summary>Writes every tensor of <paramref name="layouts"/>, each from <paramref name="parameters"/> or <paramref name="state"/> as its <see cref="TensorLayout.Buffer"/> says.</summary>
    public static void Save(Stream stream, IReadOnlyList<TensorLayout> layouts, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckBuffers(layouts, parameters.Length, state.Length);
        var writer = new SafetensorsWriter();
        foreach (TensorLayout layout in layouts)
        {
            ReadOnlySpan<float> buffer = layout.Buffer == TensorBuffer.State ? state : parameters;
            var values = new float[layout.ElementCount];
            for (int row = 0; row < layout.Rows; row++)
            {
                for (int column = 0; column < layout.Columns; column++)
                {
                    values[row * layout.Columns + column] = buffer[layout.IndexOf(row, column)];
                }
            }
            writer.Add(layout.Name, layout.Shape, values);
        }
        writer.WriteTo(stream);
    }

    /// <summary>Reads every tensor of <paramref name="layouts"/> into <paramref name="parameters"/>; see the overload with state.</summary>
    public static void Load(Stream stream, IReadOnlyList<TensorLayout> layouts, Span<float> parameters) =>
        Load(stream, layouts, parameters, Span<float>.Empty);

    /// <summary>
    /// Reads every tensor of <paramref name="layouts"/> into <paramref name="parameters"/> or <paramref name="state"/>.
    /// The whole file is parsed and every tensor's presence, dtype and shape checked first; on any problem a
    /// <see cref="WeightFileException"/> lists them all and neither buffer changes. Tensors the layouts do not name
    /// are ignored, e.g. PyTorch's <c>{name}.num_batches_tracked</c> (NetGen's batch norm always uses its momentum).
    /// </summary>
    public static void Load(Stream stream, IReadOnlyList<TensorLayout> layouts, Span<float> parameters, Span<float> state)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckBuffers(layouts, parameters.Length, state.Length);
        SafetensorsFile file = SafetensorsFile.Read(stream);
        var plan = new WeightLoadPlan();
        foreach (TensorLayout layout in layouts) plan.Add(layout.Name, layout.Shape, layout.Offset);
        plan.Validate(file);

        foreach (TensorLayout layout in layouts)
        {
            Span<float> buffer = layout.Buffer == TensorBuffer.State ? state : parameters;
            float[] values = file[layout.Name].ToSingleArray();
            for (int row = 0; row < layout.Rows; row++)
            {
                for (int column = 0; column < layout.Columns; column++)
                {
                    buffer[layout.IndexOf(row, column)] = values[row * layout.Columns + column];
                }
            }
        }
    }

    /// <summary>Writes the network's weights (parameters and state) to a file.</summary>
    public static void Save(this INetwork network, string path)
    {
        using FileStream stream = File.Create(path);
        Save(stream, network.Tensors, network.Parameters, network.State);
    }

    /// <summary>Reads the network's weights (parameters and state) from a file; on error both are untouched.</summary>
    public static void Load(this INetwork network, string path)
    {
        using FileStream stream = File.OpenRead(path);
        Load(stream, network.Tensors, network.Parameters, network.State);
    }

    /// <summary>Every layout must fit its buffer: a mismatch is the caller's error, reported before the file is read.</summary>
    private static void CheckBuffers(IReadOnlyList<TensorLayout> layouts, int parameters, int state)
    {
        ArgumentNullException.ThrowIfNull(layouts);
        foreach (TensorLayout layout in layouts)
        {
            int length = layout.Buffer == TensorBuffer.State ? state : parameters;
            int last = layout.ElementCount == 0 ? -1 : layout.IndexOf(layout.Rows - 1, layout.Columns - 1);
            if (layout.Offset < 0 || last >= length)
            {
                throw new ArgumentException($"tensor '{layout.Name}' needs {layout.Buffer} up to index {last} but that buffer has {length} floats", nameof(layouts));
            }
        }
    }

    /// <summary>
    /// Reads only the tensors of the named layers (<c>{layer}.weight</c>, <c>{layer}.bias</c>, …) and leaves the
    /// rest of the network as it is: how a trained base goes under a new head. The file may hold other tensors
    /// (the old head); every tensor of the named layers must be in it with its shape, all checked before any
    /// parameter (or running statistic) changes.
    /// </summary>
    /// <exception cref="ArgumentException">A layer name is not one of the network's layers with parameters.</exception>
    /// <exception cref="WeightFileException">A tensor of the named layers is missing or does not match.</exception>
    public static void LoadLayers(this INetwork network, Stream stream, params string[] layers)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(layers);
        var selected = new List<TensorLayout>();
        foreach (string layer in layers)
        {
            int before = selected.Count;
            foreach (TensorLayout tensor in network.Tensors)
            {
                if (tensor.Name.Length > layer.Length && tensor.Name.StartsWith(layer, StringComparison.Ordinal) && tensor.Name[layer.Length] == '.')
                {
                    selected.Add(tensor);
                }
            }
            if (selected.Count == before)
            {
                string known = string.Join(", ", network.Tensors.Select(t => t.Name[..t.Name.LastIndexOf('.')]).Distinct());
                throw new ArgumentException($"The network has no layer '{layer}' with parameters; it has: {known}.", nameof(layers));
            }
        }
        Load(stream, selected, network.Parameters, network.State); // a batch norm's running statistics live in State
    }

    /// <inheritdoc cref="LoadLayers(INetwork, Stream, string[])"/>
    public static void LoadLayers(this INetwork network, string path, params string[] layers)
    {
        using FileStream stream = File.OpenRead(path);
        network.LoadLayers(stream, layers);
    }
}
