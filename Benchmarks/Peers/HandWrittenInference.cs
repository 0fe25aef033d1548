namespace NetGen.Benchmarks.Peers;

/// <summary>
/// A hand-written network's batch inference as an <see cref="IInferencePeer"/>: <paramref name="predict"/> runs the
/// samples made once at construction and returns one logit row per sample, allocating as the plain baseline does.
/// </summary>
public sealed class HandWrittenInference(Func<float[][]> predict) : IInferencePeer
{
    private float[][] _rows = [];

    public void Predict() => _rows = predict();

    /// <summary>The rows of the last call, flattened (a copy: only the setup check reads it).</summary>
    public ReadOnlySpan<float> Output => _rows.SelectMany(row => row).ToArray();

    public void Dispose()
    {
    }
}
