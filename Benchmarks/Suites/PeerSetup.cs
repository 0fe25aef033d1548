using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Builds every peer of one benchmark case from the workload and checks each against
/// <see cref="MlpReference"/> before anything is timed: a peer that disagrees throws from GlobalSetup,
/// so its numbers never appear. A new peer (NetGen) is built next to these and checked with
/// <see cref="CheckInference"/> / <see cref="CheckTraining"/> the same way.
/// </summary>
public static class PeerSetup
{
    /// <summary>
    /// TorchSharp for this case, or null (Program prints the reason once at start) when its native library cannot
    /// load in this process.
    /// </summary>
    public static TorchSharpMlp? TryTorchSharp(MlpWorkload workload, int threads, int batch)
    {
        if (TorchSharpProbe.Unavailable is not null)
        {
            Report($"{workload} TorchSharp    skipped: it cannot load in this process (reason printed at start)");
            return null;
        }
        return new TorchSharpMlp(workload, threads, batch);
    }

    /// <summary>Throws unless <paramref name="logits"/> [batch, out] match the reference forward.</summary>
    public static void CheckInference(string peer, MlpWorkload workload, int batch, int threads, ReadOnlySpan<float> logits)
    {
        double worst = MlpReference.Check($"{workload} {peer} inference, batch {batch}", logits, MlpReference.Forward(workload, batch));
        Report($"{workload} {peer,-12} inference batch {batch,2} threads {threads}: agrees with the reference (max scaled difference {worst:E1})");
    }

    /// <summary>
    /// Throws unless one training step from the workload's initial weights gave the reference loss and
    /// the reference updated parameters ([out*in] weights and [out] biases per layer).
    /// </summary>
    public static void CheckTraining(string peer, MlpWorkload workload, int batch, int threads, float loss, float[][] weights, float[][] biases)
    {
        var expected = MlpReference.TrainStep(workload, batch, MlpWorkload.LearningRate);
        string what = $"{workload} {peer} training step, batch {batch}";
        double worst = MlpReference.Check($"{what}: loss", [loss], [expected.Loss]);
        for (int l = 0; l < workload.LayerCount; l++)
        {
            worst = Math.Max(worst, MlpReference.Check($"{what}: layer {l} updated weight", weights[l], expected.Weights[l]));
            worst = Math.Max(worst, MlpReference.Check($"{what}: layer {l} updated bias", biases[l], expected.Biases[l]));
        }
        Report($"{workload} {peer,-12} training  batch {batch,2} threads {threads}: loss {loss:F5} and updated parameters agree with the reference (max scaled difference {worst:E1})");
    }

    private static void Report(string line) => Console.WriteLine($"// check: {line}");
}
