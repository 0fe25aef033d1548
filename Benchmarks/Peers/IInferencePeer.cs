namespace NetGen.Benchmarks.Peers;

/// <summary>
/// A peer as the inference suites time it: one network of one workload, built for one batch size and thread count
/// with its inputs already in place, so <see cref="Predict"/> is the whole timed call.
/// </summary>
public interface IInferencePeer : IDisposable
{
    /// <summary>The logits of the batch, into <see cref="Output"/>.</summary>
    void Predict();

    /// <summary>The logits of the last <see cref="Predict"/>, [batch, classes] row-major: what the suites check.</summary>
    ReadOnlySpan<float> Output { get; }
}
