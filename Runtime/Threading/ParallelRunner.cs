using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using NetGen.CompilerServices;

namespace NetGen;

/// <summary>
/// A fixed set of threads for splitting batched forward and backward passes: the calling thread runs
/// part 0 and <see cref="Threads"/> − 1 workers run the rest. Workers spin briefly between stages (a
/// layer's work is microseconds, too short to pay for waking a sleeping thread) and then sleep, so an
/// idle runner costs nothing. Parts are fixed ranges, so results depend only on the thread count; the
/// generated networks split so that each output element is computed exactly as on one thread.
/// One runner may serve several networks and threads: a pass holds it from <see cref="TryAcquire"/> to
/// <see cref="Release"/>, and a pass that finds it held runs on its own thread instead of waiting.
/// </summary>
public sealed class ParallelRunner : IDisposable
{
    /// <summary>How long a worker spins for the next stage before it sleeps.</summary>
    private static readonly long s_spinTicks = Stopwatch.Frequency / 5000; // 200 µs

    private readonly Worker[] _workers;
    private IParallelWork? _work;
    private int _stage;
    private unsafe float* _input, _output;
    private long _generation;
    private int _pending;
    private int _held; // 1 while a pass holds the runner (TryAcquire .. Release)
    private int _running; // 1 while Run publishes a stage: a second, concurrent Run is misuse and throws
    private Exception? _error;
    private volatile bool _disposed;

    /// <summary>Creates a runner with <paramref name="threads"/> threads in all, the caller's included.</summary>
    public ParallelRunner(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _workers = new Worker[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            var worker = new Worker(i + 1);
            _workers[i] = worker;
            worker.Thread = new Thread(() => WorkerLoop(worker)) { IsBackground = true, Name = $"NetGen worker {i + 1}" };
            worker.Thread.Start();
        }
    }

    /// <summary>Threads that share each stage, the caller's included.</summary>
    public int Threads { get; }

    /// <summary>
    /// The least work, in forward FLOP over the batch, worth splitting: below it, handing a stage to
    /// another thread costs more than it saves (2 MFLOP by default, about 10 µs on one core).
    /// </summary>
    public long MinimumWork { get; init; } = 2_000_000;

    // Worthwhile to Partition are what generated passes call: hidden from IntelliSense, since code that uses a runner
    // only creates, configures and disposes it.

    /// <summary>
    /// This runner if a pass over <paramref name="batch"/> samples of <paramref name="flopsPerSample"/> is
    /// worth splitting (and has at least one 4-row tile per thread, so that no <see cref="Partition"/> part is
    /// empty), else null: the caller runs it alone.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ParallelRunner? Worthwhile(int batch, long flopsPerSample) =>
        Threads > 1 && batch >= 4L * Threads && (long)batch * flopsPerSample >= MinimumWork ? this : null;

    /// <summary>
    /// This runner, held by the caller until <see cref="Release"/>, if the pass is <see cref="Worthwhile"/> and
    /// no other pass holds it; else null, and the caller runs the pass alone. Never blocks.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public ParallelRunner? TryAcquire(int batch, long flopsPerSample) =>
        Worthwhile(batch, flopsPerSample) is not null && Interlocked.CompareExchange(ref _held, 1, 0) == 0 ? this : null;

    /// <summary>Lets the next pass <see cref="TryAcquire"/> the runner.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Release() => Volatile.Write(ref _held, 0);

    /// <summary>
    /// Runs every part of <paramref name="stage"/> and returns when all are done; an exception from any
    /// part is rethrown here. <paramref name="input"/> and <paramref name="output"/> stay pinned meanwhile
    /// and reach each part as references.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another thread is inside <see cref="Run"/> on this runner.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public unsafe void Run(IParallelWork work, int stage, ReadOnlySpan<float> input, Span<float> output)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("Another thread is running a stage on this ParallelRunner; passes share a runner one at a time (TryAcquire .. Release).");
        }
        try
        {
            RunStage(work, stage, input, output);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private unsafe void RunStage(IParallelWork work, int stage, ReadOnlySpan<float> input, Span<float> output)
    {
        fixed (float* inputPointer = input)
        fixed (float* outputPointer = output)
        {
            if (_workers.Length == 0)
            {
                work.Execute(stage, 0, 1, ref Unsafe.AsRef<float>(inputPointer), ref Unsafe.AsRef<float>(outputPointer));
                return;
            }
            _work = work;
            _stage = stage;
            _input = inputPointer;
            _output = outputPointer;
            _error = null;
            Volatile.Write(ref _pending, _workers.Length);
            // Full fence: a worker that is about to sleep either sees the new generation or is seen sleeping.
            Interlocked.Increment(ref _generation);
            foreach (Worker worker in _workers)
            {
                if (Volatile.Read(ref worker.Sleeping) == 1) worker.Wake.Set();
            }
            try
            {
                work.Execute(stage, 0, Threads, ref Unsafe.AsRef<float>(inputPointer), ref Unsafe.AsRef<float>(outputPointer));
            }
            finally
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(sleep1Threshold: -1);
                _work = null;
            }
        }
        if (_error is { } error) ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>
    /// The range [Start, End) of part <paramref name="part"/> when <paramref name="length"/> items are split
    /// into <paramref name="parts"/>; boundaries fall on multiples of <paramref name="alignment"/> so that
    /// register tiles are not cut.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static (int Start, int End) Partition(int length, int part, int parts, int alignment = 4)
    {
        int Boundary(int p) => p >= parts ? length : (int)((long)length * p / parts) / alignment * alignment;
        return (Boundary(part), Boundary(part + 1));
    }

    /// <summary>Stops the workers.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Interlocked.Increment(ref _generation);
        foreach (Worker worker in _workers)
        {
            worker.Wake.Set();
            worker.Thread!.Join();
            worker.Wake.Dispose();
        }
    }

    private unsafe void WorkerLoop(Worker worker)
    {
        // Not the current generation: a thread that starts late must still run the stages published before it started.
        long seen = 0;
        while (true)
        {
            long generation = WaitForGeneration(worker, seen);
            if (_disposed) return;
            seen = generation;
            try
            {
                _work!.Execute(_stage, worker.Part, Threads, ref Unsafe.AsRef<float>(_input), ref Unsafe.AsRef<float>(_output));
            }
            catch (Exception exception)
            {
                Interlocked.CompareExchange(ref _error, exception, null);
            }
            Interlocked.Decrement(ref _pending);
        }
    }

    private long WaitForGeneration(Worker worker, long seen)
    {
        long start = Stopwatch.GetTimestamp();
        while (true)
        {
            long generation = Volatile.Read(ref _generation);
            if (generation != seen) return generation;
            if (Stopwatch.GetTimestamp() - start < s_spinTicks)
            {
                Thread.SpinWait(20);
                continue;
            }
            worker.Wake.Reset();
            Interlocked.Exchange(ref worker.Sleeping, 1); // full fence, paired with Run's increment
            generation = Volatile.Read(ref _generation);
            if (generation == seen) worker.Wake.Wait();
            Volatile.Write(ref worker.Sleeping, 0);
            start = Stopwatch.GetTimestamp();
        }
    }

    private sealed class Worker(int part)
    {
        public readonly int Part = part;
        public readonly ManualResetEventSlim Wake = new(false);
        public Thread? Thread;
        public int Sleeping;
    }
}
