namespace NetGen;

/// <summary>
/// The tensors a network expects from a weight file — name, shape and where the values go in its flat
/// parameter buffer — checked all together before any value is copied, so a bad file leaves the
/// parameters untouched.
/// </summary>
/// <example>
/// <code>
/// var plan = new WeightLoadPlan()
///     .Add("dense0.weight", [128, 784], offset: 0)
///     .Add("dense0.bias", [128], offset: 100352);
/// plan.Apply(SafetensorsFile.Read(stream), Parameters);
/// </code>
/// </example>
public sealed class WeightLoadPlan
{
    private readonly List<(string Name, int[] Shape, int Offset, int Count)> _entries = [];

    /// <summary>Number of expected tensors.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Expects tensor <paramref name="name"/> of <paramref name="shape"/>, to be copied contiguously
    /// (row-major, PyTorch order) to <c>destination[offset..]</c> by <see cref="Apply"/>.
    /// </summary>
    public WeightLoadPlan Add(string name, ReadOnlySpan<int> shape, int offset)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        long count = 1;
        foreach (int dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count *= dim;
            if (count > Array.MaxLength)
                throw new ArgumentException($"tensor '{name}': shape {SafetensorsTensor.FormatShape(shape)} is too large", nameof(shape));
        }
        _entries.Add((name, shape.ToArray(), offset, (int)count));
        return this;
    }

    /// <summary>
    /// Checks every expected tensor (presence, dtype, shape) and throws one exception listing every
    /// problem, one per line, when any is found.
    /// </summary>
    /// <exception cref="WeightFileException">At least one tensor is missing or does not match.</exception>
    public void Validate(SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var problems = new List<string>();
        foreach (var (name, shape, _, _) in _entries)
        {
            string? problem = Check(file, name, shape, out _);
            if (problem is not null)
                problems.Add(problem);
        }
        if (problems.Count == 1)
            throw new WeightFileException(problems[0]);
        if (problems.Count > 1)
            throw new WeightFileException($"{problems.Count} tensors do not match:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems));
    }

    /// <summary>
    /// Validates all tensors (see <see cref="Validate"/>), then copies each into
    /// <paramref name="destination"/> at its offset. Nothing is written unless every check passes.
    /// </summary>
    /// <exception cref="ArgumentException">An entry's offset and size run past <paramref name="destination"/>.</exception>
    /// <exception cref="WeightFileException">At least one tensor is missing or does not match.</exception>
    public void Apply(SafetensorsFile file, Span<float> destination)
    {
        // The destination is the caller's contract, so it is checked first and reported as an argument error.
        foreach (var (name, _, offset, count) in _entries)
        {
            if ((long)offset + count > destination.Length)
                throw new ArgumentException($"tensor '{name}' needs [{offset}, {(long)offset + count}) but the destination has {destination.Length} elements", nameof(destination));
        }
        Validate(file);
        foreach (var (name, _, offset, count) in _entries)
            file[name].CopyTo(destination.Slice(offset, count));
    }

    /// <summary>
    /// Checks one tensor: present, of a dtype that converts to float32, and of exactly
    /// <paramref name="expectedShape"/>. Returns it for copying.
    /// </summary>
    /// <exception cref="WeightFileException">
    /// With messages such as "tensor 'dense0.weight': expected shape [128, 784], found [128, 780]",
    /// "tensor 'dense0.bias' is missing (file has: ...)" or "tensor 'x': expected dtype F32, found I64".
    /// </exception>
    public static SafetensorsTensor ValidateTensor(SafetensorsFile file, string name, ReadOnlySpan<int> expectedShape)
    {
        ArgumentNullException.ThrowIfNull(file);
        string? problem = Check(file, name, expectedShape, out SafetensorsTensor? tensor);
        return problem is null ? tensor! : throw new WeightFileException(problem);
    }

    private static string? Check(SafetensorsFile file, string name, ReadOnlySpan<int> expectedShape, out SafetensorsTensor? tensor)
    {
        if (!file.TryGetTensor(name, out tensor))
            return file.MissingMessage(name);
        if (!SafetensorsDType.ConvertsToSingle(tensor.DType))
            return $"tensor '{name}': expected dtype F32 (or F16, BF16, F64), found {tensor.DType}";
        if (!tensor.Shape.SequenceEqual(expectedShape))
            return $"tensor '{name}': expected shape {SafetensorsTensor.FormatShape(expectedShape)}, found {tensor.ShapeText}";
        return null;
    }
}
