using NetGen.CompilerServices;
using NetGen.Tests.Networks;

namespace NetGen.Tests.Threading;

/// <summary>
/// Training members of one instance run one at a time: a second thread entering one while another runs gets an
/// <see cref="InvalidOperationException"/> and changes nothing. Made deterministic by holding the first member
/// inside LoadWeights, whose stream blocks until the test lets it go.
/// </summary>
public class ExclusiveMemberTests
{
    /// <summary>A weight file whose first read waits until <see cref="Release"/>: the loader is held mid-call.</summary>
    private sealed class BlockingStream(byte[] data) : MemoryStream(data)
    {
        private readonly ManualResetEventSlim _entered = new(), _release = new();

        public void WaitUntilEntered() => Assert.True(_entered.Wait(TimeSpan.FromSeconds(30)), "LoadWeights never read its stream");

        public void Release() => _release.Set();

        public override int Read(byte[] buffer, int offset, int count)
        {
            Hold();
            return base.Read(buffer, offset, count);
        }

        public override int Read(Span<byte> buffer)
        {
            Hold();
            return base.Read(buffer);
        }

        private void Hold()
        {
            _entered.Set();
            _release.Wait();
        }
    }

    private static (Thread Loader, BlockingStream Stream) HoldInLoadWeights(INetwork network)
    {
        var saved = new MemoryStream();
        network.SaveWeights(saved);
        var stream = new BlockingStream(saved.ToArray());
        var loader = new Thread(() => network.LoadWeights(stream));
        loader.Start();
        stream.WaitUntilEntered();
        return (loader, stream);
    }

    [Fact]
    public void TrainingMembersThrowWhileAnotherThreadHoldsTheNetwork()
    {
        var network = new TanhNet();
        network.InitializeParameters(3);
        float[] input = Numerics.NetworkCases.Uniform(2 * TanhNet.InputSize, seed: 1);
        var output = new float[2 * TanhNet.OutputSize];
        float[] parameters = network.Parameters.ToArray();
        (Thread loader, BlockingStream stream) = HoldInLoadWeights(network);
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => network.Forward(input, output, 2));
            Assert.Contains("Forward", error.Message);
            Assert.Contains("another thread", error.Message);
            Assert.Throws<InvalidOperationException>(() => network.InitializeParameters(9));
            Assert.Throws<InvalidOperationException>(() => network.SetFrozen("dense0", true));
            Assert.Throws<InvalidOperationException>(() => network.LoadWeights(new MemoryStream()));
            Assert.Equal(parameters, network.Parameters.ToArray());
            Assert.False(network.IsFrozen("dense0"));

            // Predict reads only the parameters and its own buffers: it runs while training members are held.
            var prediction = new float[2 * TanhNet.OutputSize];
            network.Predict(input, prediction, 2);
            Assert.Contains(prediction, value => value != 0f);
        }
        finally
        {
            stream.Release();
            loader.Join();
        }
        // Released: the members work again.
        network.Forward(input, output, 2);
        network.Backward(new float[2 * TanhNet.OutputSize], [], 2);
    }

    [Fact]
    public void BackwardThrowsWhileAnotherThreadHoldsTheNetwork()
    {
        var network = new TanhNet();
        network.InitializeParameters(3);
        network.Forward(new float[TanhNet.InputSize], new float[TanhNet.OutputSize], 1);
        (Thread loader, BlockingStream stream) = HoldInLoadWeights(network);
        try
        {
            Assert.Throws<InvalidOperationException>(() => network.Backward(new float[TanhNet.OutputSize], [], 1));
            Assert.All(network.Gradients.ToArray(), value => Assert.Equal(0f, value));
        }
        finally
        {
            stream.Release();
            loader.Join();
        }
    }

    [Fact]
    public void StatefulPredictRunsOneCallAtATime()
    {
        // Recurrent State is the network's own, carried from call to call: a concurrent Predict would interleave it.
        var network = new LstmState7x5();
        network.InitializeParameters(2);
        (Thread loader, BlockingStream stream) = HoldInLoadWeights(network);
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => network.Predict(new float[LstmState7x5.InputSize], new float[LstmState7x5.OutputSize], 1));
            Assert.Contains("State", error.Message);
        }
        finally
        {
            stream.Release();
            loader.Join();
        }
        network.Predict(new float[LstmState7x5.InputSize], new float[LstmState7x5.OutputSize], 1);
    }

    /// <summary>An optimizer whose update waits until released, so a step stays in flight.</summary>
    private sealed class HeldOptimizer() : Optimizer(0.1f)
    {
        public readonly ManualResetEventSlim Entered = new(), Release = new();

        protected override void Update(int offset, Span<float> parameters, ReadOnlySpan<float> gradients)
        {
            Entered.Set();
            Release.Wait();
        }
    }

    [Fact]
    public void AnOptimizerRefusesAConcurrentStep()
    {
        var optimizer = new HeldOptimizer();
        var parameters = new float[4];
        var first = new Thread(() => optimizer.Step(parameters, new float[4]));
        first.Start();
        Assert.True(optimizer.Entered.Wait(TimeSpan.FromSeconds(30)));
        try
        {
            Assert.Throws<InvalidOperationException>(() => optimizer.Step(new float[4], new float[4]));
            Assert.Equal(1, optimizer.StepCount);
        }
        finally
        {
            optimizer.Release.Set();
            first.Join();
        }
        optimizer.Step(parameters, new float[4]);
        Assert.Equal(2, optimizer.StepCount);
    }

    /// <summary>Work whose part 0 waits until released, so a stage stays in flight.</summary>
    private sealed class HeldWork : IParallelWork
    {
        public readonly ManualResetEventSlim Entered = new(), Release = new();

        public void Execute(int stage, int part, int parts, ref float input, ref float output)
        {
            if (part != 0) return;
            Entered.Set();
            Release.Wait();
        }
    }

    [Fact]
    public void ARunnerRefusesASecondConcurrentRunAndIsHeldByOnePassAtATime()
    {
        using var runner = new ParallelRunner(2) { MinimumWork = 0 };
        var held = new HeldWork();
        var first = new Thread(() => runner.Run(held, 0, default, default));
        first.Start();
        Assert.True(held.Entered.Wait(TimeSpan.FromSeconds(30)));
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() => runner.Run(new HeldWork(), 0, default, default));
            Assert.Contains("TryAcquire", error.Message);
        }
        finally
        {
            held.Release.Set();
            first.Join();
        }

        Assert.Same(runner, runner.TryAcquire(64, 1));
        Assert.Null(runner.TryAcquire(64, 1)); // held: a second pass runs on its own thread
        runner.Release();
        Assert.Same(runner, runner.TryAcquire(64, 1));
        runner.Release();
        Assert.Null(runner.TryAcquire(1, 1)); // not worth splitting
    }
}
