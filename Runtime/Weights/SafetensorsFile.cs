namespace NetGen;

/// <summary>
/// A parsed safetensors file held in memory: its tensors by name and its optional string metadata.
/// Every tensor's bytes have been checked to exist; dtype and shape are checked by the caller against
/// what it expects (see <see cref="WeightLoadPlan"/>).
/// </summary>
public sealed class SafetensorsFile
{
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    internal SafetensorsFile(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, SafetensorsTensor>(tensors.Count, StringComparer.Ordinal);
        foreach (SafetensorsTensor tensor in tensors)
            _byName.Add(tensor.Name, tensor);
    }

    /// <summary>The same tensors with their bytes in <paramref name="data"/>, whose data section starts at <paramref name="dataStart"/>.</summary>
    internal SafetensorsFile WithData(byte[] data, int dataStart = 0) =>
        new(Tensors.Select(t => t.WithData(data, dataStart)).ToList(), Metadata);

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The "__metadata__" entries (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Reads and validates a whole file; see <see cref="SafetensorsReader.Read(Stream)"/>.</summary>
    public static SafetensorsFile Read(Stream stream) => SafetensorsReader.Read(stream);

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    public static SafetensorsFile Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return SafetensorsReader.Read(stream);
    }

    /// <summary>The tensor called <paramref name="name"/>, or false when the file has none.</summary>
    public bool TryGetTensor(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SafetensorsTensor? tensor) =>
        _byName.TryGetValue(name, out tensor);

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <exception cref="WeightFileException">The file has no such tensor; the message lists the names it has.</exception>
    public SafetensorsTensor this[string name] =>
        _byName.TryGetValue(name, out SafetensorsTensor? tensor) ? tensor : throw new WeightFileException(MissingMessage(name));

    /// <summary>"tensor 'x' is missing (file has: a, b)", the names in header order.</summary>
    internal string MissingMessage(string name)
    {
        string names = Tensors.Count == 0 ? "no tensors" : string.Join(", ", Tensors.Select(t => t.Name));
        return $"tensor '{name}' is missing (file has: {names})";
    }
}
