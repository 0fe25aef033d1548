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

    /// <summary>
    /// Writes every tensor of <paramref name="layouts"/>, each from <paramref name="parameters"/> or <paramref name="state"/>
    /// as its <see cref="TensorLayout.Buffer"/> says, in the byte layout <see cref="SafetensorsWriter"/> gives. Streams
    /// tensor by tensor through one buffer of the largest tensor, never holding the whole file.
    /// </summary>
    /// <exception cref="ArgumentException">A layout does not fit its buffer, or two layouts share a name.</exception>
    public static void Save(Stream stream, IReadOnlyList<TensorLayout> layouts, ReadOnlySpan<float> parameters, ReadOnlySpan<float> state)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckBuffers(layouts, parameters.Length, state.Length);
        TensorLayout[] ordered = [.. layouts];
        Array.Sort(ordered, (a, b) => SafetensorsWriter.CompareNames(a.Name, b.Name));
        SafetensorsWriter.WriteHeader(stream, [.. ordered.Select(l => (l.Name, l.Shape.ToArray(), (long)l.ElementCount))], new Dictionary<string, string>());
        var values = new float[ordered.Length == 0 ? 0 : ordered.Max(l => l.ElementCount)];
        foreach (TensorLayout layout in ordered)
        {
            layout.CopyTo(layout.Buffer == TensorBuffer.State ? state : parameters, values.AsSpan(0, layout.ElementCount));
            SafetensorsWriter.WriteLittleEndian(stream, values.AsSpan(0, layout.ElementCount));
        }
    }

    /// <summary>Reads every tensor of <paramref name="layouts"/> into <paramref name="parameters"/>; see the overload with state.</summary>
    public static void Load(Stream stream, IReadOnlyList<TensorLayout> layouts, Span<float> parameters) =>
        Load(stream, layouts, parameters, Span<float>.Empty);

    /// <summary>
    /// Reads every tensor of <paramref name="layouts"/> into <paramref name="parameters"/> or <paramref name="state"/>.
    /// Tensors the layouts do not name are ignored (skipped by seeking when the stream can), e.g. PyTorch's
    /// <c>{name}.num_batches_tracked</c> (NetGen's batch norm always uses its momentum).
    /// </summary>
    /// <remarks>
    /// The header is read and checked first: its length against <see cref="SafetensorsReader.MaxHeaderLength"/>, then every
    /// tensor's offsets and size against the stream's length (when it is seekable) and every expected tensor's presence,
    /// dtype and shape, all problems listed in one exception — before any data is read. The data is then streamed in
    /// file order through a 64 KB buffer into one staging copy of the expected tensors (as many floats as they hold), and
    /// copied into the buffers only once all of it has arrived: a truncated or corrupt file, seekable or not, leaves both
    /// buffers untouched. Peak memory beyond the header is that staging copy — about the file's size for float32 —
    /// whatever the file's total size.
    /// </remarks>
    /// <exception cref="ArgumentException">A layout does not fit its buffer, or two layouts share a name.</exception>
    /// <exception cref="WeightFileException">The file is malformed or truncated, or a tensor is missing or does not match.</exception>
    public static void Load(Stream stream, IReadOnlyList<TensorLayout> layouts, Span<float> parameters, Span<float> state)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckBuffers(layouts, parameters.Length, state.Length);
        SafetensorsFile header = SafetensorsReader.ReadHeader(stream, out _);
        var plan = new WeightLoadPlan();
        foreach (TensorLayout layout in layouts) plan.Add(layout.Name, layout.Shape.AsSpan(), layout.Offset);
        plan.Validate(header);

        // Staging: each expected tensor's values in file (row-major) order, at starts[i].
        var starts = new int[layouts.Count];
        long total = 0;
        for (int i = 0; i < layouts.Count; i++)
        {
            starts[i] = (int)total;
            total += layouts[i].ElementCount; // every layout fits a Span<float>, so at most two of them: no overflow of a long
        }
        var staged = new float[checked((int)total)];
        int[] byOffset = [.. Enumerable.Range(0, layouts.Count).OrderBy(i => header[layouts[i].Name].DataBegin)];
        var chunk = new byte[64 * 1024];
        long position = 0; // in the data section
        foreach (int i in byOffset)
        {
            SafetensorsTensor tensor = header[layouts[i].Name];
            if (!BoundedRead.Skip(stream, tensor.DataBegin - position, chunk) ||
                !ReadConverted(stream, tensor, staged.AsSpan(starts[i], layouts[i].ElementCount), chunk))
            {
                throw new WeightFileException($"file is truncated: tensor '{tensor.Name}' needs bytes [{tensor.DataBegin}, {tensor.DataEnd}) of the data section but the stream ended before");
            }
            position = tensor.DataEnd;
        }

        for (int i = 0; i < layouts.Count; i++)
        {
            TensorLayout layout = layouts[i];
            Span<float> buffer = layout.Buffer == TensorBuffer.State ? state : parameters;
            ReadOnlySpan<float> values = staged.AsSpan(starts[i], layout.ElementCount);
            for (int row = 0; row < layout.Rows; row++)
            {
                for (int column = 0; column < layout.Columns; column++)
                {
                    buffer[layout.IndexOf(row, column)] = values[row * layout.Columns + column];
                }
            }
        }
    }

    /// <summary>Reads <paramref name="tensor"/>'s bytes chunk by chunk, converting each to float32; false when the stream ends first.</summary>
    private static bool ReadConverted(Stream stream, SafetensorsTensor tensor, Span<float> destination, byte[] chunk)
    {
        int elementSize = SafetensorsDType.ElementSize(tensor.DType);
        int perChunk = chunk.Length / elementSize;
        for (int done = 0; done < destination.Length; done += perChunk)
        {
            int count = Math.Min(perChunk, destination.Length - done);
            Span<byte> bytes = chunk.AsSpan(0, count * elementSize);
            if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length) return false;
            SafetensorsTensor.Convert(tensor.DType, bytes, destination.Slice(done, count), tensor.Name);
        }
        return true;
    }

    /// <summary>Writes the network's weights (parameters and state) to a file.</summary>
    public static void Save(this INetwork network, string path)
    {
        using FileStream stream = File.Create(path);
        Save(stream, network.Tensors, network.Parameters, network.State);
    }

    /// <summary>
    /// Writes the network's gradients (<see cref="ITrainableNetwork.Gradients"/>, what Backward accumulated) as safetensors, under the
    /// names and in the PyTorch layout of its weight files: each tensor holds what PyTorch's <c>parameter.grad</c> would,
    /// so a file of PyTorch's gradients compares tensor by tensor.
    /// </summary>
    /// <remarks>
    /// Only parameters have gradients: <see cref="TensorBuffer.State"/> tensors (batch-norm <c>running_mean</c> and
    /// <c>running_var</c>, updated by Forward) are left out of the file, as PyTorch's buffers have no <c>.grad</c>. Such a
    /// file loads back into gradients with <see cref="Load(Stream, IReadOnlyList{TensorLayout}, Span{float})"/> given the
    /// network's <see cref="TensorBuffer.Parameters"/> layouts and <see cref="ITrainableNetwork.Gradients"/>.
    /// </remarks>
    public static void SaveGradients(this ITrainableNetwork network, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(network);
        Save(stream, ParameterTensors(network), network.Gradients);
    }

    /// <summary>Writes the network's gradients to a file; see <see cref="SaveGradients(ITrainableNetwork, Stream)"/>.</summary>
    public static void SaveGradients(this ITrainableNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = File.Create(path);
        network.SaveGradients(stream);
    }

    /// <summary>The tensors of <paramref name="network"/> that are trained, hence have gradients: all but its state.</summary>
    private static TensorLayout[] ParameterTensors(INetwork network) =>
        [.. network.Tensors.Where(t => t.Buffer == TensorBuffer.Parameters)];

    /// <summary>Reads the network's weights (parameters and state) from a file; on error both are untouched.</summary>
    /// <exception cref="WeightFileException">The file is malformed or does not match; the message starts with its path.</exception>
    public static void Load(this INetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(network);
        using FileStream stream = File.OpenRead(path);
        NamingFile(path, () => Load(stream, network.Tensors, network.Parameters, network.State));
    }

    /// <summary>Runs <paramref name="load"/>, prefixing the message of a <see cref="WeightFileException"/> with the file's path.</summary>
    private static void NamingFile(string path, Action load)
    {
        try
        {
            load();
        }
        catch (WeightFileException e)
        {
            throw new WeightFileException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Every layout must fit its buffer and have its own name: a mismatch is the caller's error, reported before the file is read.</summary>
    private static void CheckBuffers(IReadOnlyList<TensorLayout> layouts, int parameters, int state)
    {
        ArgumentNullException.ThrowIfNull(layouts);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (TensorLayout layout in layouts)
        {
            if (!names.Add(layout.Name))
            {
                throw new ArgumentException($"tensor '{layout.Name}' appears twice in the layouts", nameof(layouts));
            }
            int length = layout.Buffer == TensorBuffer.State ? state : parameters;
            int last = layout.ElementCount == 0 ? -1 : layout.IndexOf(layout.Rows - 1, layout.Columns - 1);
            if (layout.Offset < 0 || last >= length)
            {
                throw new ArgumentException($"tensor '{layout.Name}' needs {layout.Buffer} up to index {last} but that buffer has {length} floats", nameof(layouts));
            }
        }
    }

    /// <summary>
    /// Reads only the tensors of the named layers (<c>{layer}.weight</c>, <c>{layer}.bias</c>, …: tensors whose name up to
    /// the last dot is the layer's whole name, so "enc" does not take "enc.fc.weight") and leaves the
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
                if (LayerOf(tensor.Name) == layer)
                {
                    selected.Add(tensor);
                }
            }
            if (selected.Count == before)
            {
                string known = string.Join(", ", network.Tensors.Select(t => LayerOf(t.Name)).Distinct());
                throw new ArgumentException($"The network has no layer '{layer}' with parameters; it has: {known}.", nameof(layers));
            }
        }
        Load(stream, selected, network.Parameters, network.State); // a batch norm's running statistics live in State
    }

    /// <inheritdoc cref="LoadLayers(INetwork, Stream, string[])"/>
    /// <remarks>A <see cref="WeightFileException"/>'s message starts with the file's path.</remarks>
    public static void LoadLayers(this INetwork network, string path, params string[] layers)
    {
        using FileStream stream = File.OpenRead(path);
        NamingFile(path, () => network.LoadLayers(stream, layers));
    }

    /// <summary>The layer part of a tensor name: all before the last dot ("enc.fc" for "enc.fc.weight").</summary>
    private static string LayerOf(string tensorName)
    {
        int dot = tensorName.LastIndexOf('.');
        return dot < 0 ? tensorName : tensorName[..dot];
    }
}
