namespace NetGen.Benchmarks.Suites;

/// <summary>
/// A peer as the training suites time it: <see cref="Step"/> is one training step on the peer's fixed batch (returning
/// the loss), <see cref="Check"/> compares the loss of a step and the parameters it left with the reference (each
/// workload family reads its peers' parameters in its own layout), and <see cref="Owner"/> is what to dispose.
/// </summary>
public sealed class TrainingPeer(Func<float> step, Action<float> check, IDisposable? owner = null) : IDisposable
{
    public Func<float> Step { get; } = step;

    public Action<float> Check { get; } = check;

    public IDisposable? Owner { get; } = owner;

    public void Dispose() => Owner?.Dispose();
}
