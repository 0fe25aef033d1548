using NetGen.CompilerServices;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Batched passes split across a <see cref="ParallelRunner"/> give the single-threaded results bit for bit:
/// work is split by rows, never by the summation index.
/// </summary>
[Trait("Category", "Kernels")]
public class ThreadingTests
{
    public static IEnumerable<object[]> Cases =>
        from name in NetworkCases.Names.Select(n => (string)n[0])
        from batch in new[] { 8, 13, 64 }
        select new object[] { name, batch };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwoThreadsGiveTheSingleThreadedResultsExactly(string name, int batch)
    {
        (float[] Output, float[] Prediction, float[] Gradients, float[] InputGradient, float[] State) Run(ParallelRunner? runner)
        {
            (ITrainableNetwork network, _) = NetworkCases.Create(name);
            float[] input = NetworkCases.Uniform(batch * network.InputSize, seed: 41);
            float[] outputGradient = NetworkCases.Uniform(batch * network.OutputSize, seed: 42);
            var output = new float[batch * network.OutputSize];
            var prediction = new float[output.Length];
            var inputGradient = new float[input.Length];
            network.Runner = runner;
            NetworkCases.ReseedAndReplayDropout(network, 3, batch);
            network.Predict(input, prediction, batch);
            network.ZeroGradients();
            network.Forward(input, output, batch);
            network.Backward(outputGradient, inputGradient, batch);
            return (output, prediction, network.Gradients.ToArray(), inputGradient, network.State.ToArray());
        }

        var single = Run(null);
        using var runner = new ParallelRunner(2) { MinimumWork = 0 }; // split even these small networks
        var parallel = Run(runner);
        Assert.Equal(single.Output, parallel.Output);
        Assert.Equal(single.Prediction, parallel.Prediction);
        Assert.Equal(single.Gradients, parallel.Gradients);
        Assert.Equal(single.InputGradient, parallel.InputGradient);
        Assert.Equal(single.State, parallel.State);
    }

    [Fact]
    public void PartitionCoversTheRangeOnTileBoundaries()
    {
        Assert.Equal((0, 32), ParallelRunner.Partition(64, 0, 2));
        Assert.Equal((32, 64), ParallelRunner.Partition(64, 1, 2));
        Assert.Equal((0, 4), ParallelRunner.Partition(13, 0, 2));
        Assert.Equal((4, 13), ParallelRunner.Partition(13, 1, 2));
        Assert.Equal((0, 13), ParallelRunner.Partition(13, 0, 1));
    }

    [Fact]
    public void AStageRunsRightAfterConstruction()
    {
        // Workers that start after the first stage is published must still run their part (once a hang).
        for (int i = 0; i < 200; i++)
        {
            using var runner = new ParallelRunner(2);
            var counter = new Counting();
            runner.Run(counter, 0, default, default);
            Assert.Equal(2, counter.Parts);
        }
    }

    private sealed class Counting : IParallelWork
    {
        private int _parts;

        public int Parts => _parts;

        public void Execute(int stage, int part, int parts, ref float input, ref float output) => Interlocked.Increment(ref _parts);
    }

    [Fact]
    public void ExceptionsInAWorkerReachTheCaller()
    {
        using var runner = new ParallelRunner(2);
        var error = Assert.Throws<InvalidOperationException>(() => runner.Run(new Failing(), 0, default, default));
        Assert.Equal("part 1", error.Message);
    }

    private sealed class Failing : IParallelWork
    {
        public void Execute(int stage, int part, int parts, ref float input, ref float output)
        {
            if (part == 1) throw new InvalidOperationException("part 1");
        }
    }
}
