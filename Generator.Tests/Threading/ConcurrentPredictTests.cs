using NetGen.Tests.Networks;
using NetGen.Tests.Numerics;

namespace NetGen.Tests.Threading;

/// <summary>
/// One network instance shared by many threads, as a web server shares one model: every concurrent Predict,
/// with random batch sizes (so buffers grow while other calls run), equals the serial result bit for bit, with
/// and without a shared <see cref="ParallelRunner"/>.
/// </summary>
public class ConcurrentPredictTests
{
    private const int Threads = 8, CallsPerThread = 30, LargestBatch = 40;

    public static IEnumerable<object[]> Cases => NetworkCases.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConcurrentPredictEqualsSerial(string name)
    {
        (ITrainableNetwork network, _) = NetworkCases.Create(name);
        AssertConcurrentEqualsSerial(network.InputSize, network.OutputSize, (input, output, batch, _) => network.Predict(input, output, batch), lengths: 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConcurrentPredictThroughASharedRunnerEqualsSerial(string name)
    {
        (ITrainableNetwork network, _) = NetworkCases.Create(name);
        using var runner = new ParallelRunner(2) { MinimumWork = 0 }; // split even small batches: calls compete for it
        network.Runner = runner;
        AssertConcurrentEqualsSerial(network.InputSize, network.OutputSize, (input, output, batch, _) => network.Predict(input, output, batch), lengths: 0);
    }

    public static IEnumerable<object[]> RecurrentCases =>
        new[] { "Lstm7x50Sequences", "StackedLstm", "EmbeddingBiGru", "StackedBidirectional", "W4Gru" }.Select(name => new object[] { name });

    [Theory]
    [MemberData(nameof(RecurrentCases))]
    public void ConcurrentRecurrentPredictEqualsSerial(string name)
    {
        ITrainableNetwork network = name switch
        {
            "Lstm7x50Sequences" => new Lstm7x50Sequences(),
            "StackedLstm" => new StackedLstm(),
            "EmbeddingBiGru" => new EmbeddingBiGru(),
            "StackedBidirectional" => new StackedBidirectional(),
            _ => new W4Gru(),
        };
        network.InitializeParameters(4);
        using var runner = new ParallelRunner(2) { MinimumWork = 0 };
        network.Runner = runner;
        // Token ids for the embedding network: small non-negative integers.
        bool tokens = name.StartsWith("Embedding", StringComparison.Ordinal);
        AssertConcurrentEqualsSerial(network.InputSize, network.OutputSize, (input, output, batch, _) => network.Predict(input, output, batch), lengths: 0, tokens);
    }

    [Fact]
    public void ConcurrentVariableLengthPredictEqualsSerial()
    {
        var network = new StackedVariable();
        network.InitializeParameters(6);
        AssertConcurrentEqualsSerial(StackedVariable.InputSize, StackedVariable.OutputSize, (input, output, batch, lengths) => network.Predict(input, output, batch, lengths), lengths: 5);
    }

    [Fact]
    public void WarmSingleThreadedPredictAllocatesNothing()
    {
        (ITrainableNetwork network, _) = NetworkCases.Create("OddConv");
        var input = NetworkCases.Uniform(7 * network.InputSize, seed: 3);
        var output = new float[7 * network.OutputSize];
        for (int i = 0; i < 100; i++) network.Predict(input, output, 7);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) network.Predict(input, output, 7);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private delegate void PredictCall(float[] input, float[] output, int batch, int[] lengths);

    /// <summary>Runs the same seeded calls serially and from <see cref="Threads"/> threads at once; compares every output bit for bit.</summary>
    private static void AssertConcurrentEqualsSerial(int inputSize, int outputSize, PredictCall predict, int lengths, bool tokens = false)
    {
        var calls = new (float[] Input, int[] Lengths, int Batch)[Threads][];
        for (int t = 0; t < Threads; t++)
        {
            var random = new Random(100 + t);
            calls[t] = new (float[], int[], int)[CallsPerThread];
            for (int c = 0; c < CallsPerThread; c++)
            {
                int batch = random.Next(1, LargestBatch + 1);
                float[] input = tokens
                    ? Enumerable.Range(0, batch * inputSize).Select(_ => (float)random.Next(0, 10)).ToArray()
                    : NetworkCases.Uniform(batch * inputSize, seed: 1000 * t + c);
                int[] sampleLengths = lengths == 0 ? [] : Enumerable.Range(0, batch).Select(_ => random.Next(1, lengths + 1)).ToArray();
                calls[t][c] = (input, sampleLengths, batch);
            }
        }
        float[][][] serial = calls.Select(thread => thread.Select(call =>
        {
            var output = new float[call.Batch * outputSize];
            predict(call.Input, output, call.Batch, call.Lengths);
            return output;
        }).ToArray()).ToArray();

        var concurrent = new float[Threads][][];
        var errors = new List<Exception>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                concurrent[t] = calls[t].Select(call =>
                {
                    var output = new float[call.Batch * outputSize];
                    predict(call.Input, output, call.Batch, call.Lengths);
                    return output;
                }).ToArray();
            }
            catch (Exception error)
            {
                lock (errors) errors.Add(error);
            }
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();
        Assert.Empty(errors);
        for (int t = 0; t < Threads; t++)
        {
            for (int c = 0; c < CallsPerThread; c++) Assert.Equal(serial[t][c], concurrent[t][c]);
        }
    }
}
