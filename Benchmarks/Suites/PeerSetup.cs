using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Workloads;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// Builds every peer of one benchmark case from the workload and checks each against the shared reference (NetGen.Reference)
/// through <see cref="MlpReference"/> (MLPs), <see cref="CnnReference"/> (CNNs) or <see cref="RnnReference"/> (LSTM, GRU) before anything is timed: a peer that disagrees throws from GlobalSetup,
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

    /// <summary>TorchSharp for this CNN case, or null when its native library cannot load in this process.</summary>
    public static TorchSharpCnn? TryTorchSharp(CnnWorkload workload, int threads, int batch)
    {
        if (TorchSharpProbe.Unavailable is not null)
        {
            Report($"{workload} TorchSharp    skipped: it cannot load in this process (reason printed at start)");
            return null;
        }
        return new TorchSharpCnn(workload, threads, batch);
    }

    /// <summary>TorchSharp for this recurrent case, or null when its native library cannot load in this process.</summary>
    public static TorchSharpRnn? TryTorchSharp(RnnWorkload workload, int threads, int batch)
    {
        if (TorchSharpProbe.Unavailable is not null)
        {
            Report($"{workload} TorchSharp    skipped: it cannot load in this process (reason printed at start)");
            return null;
        }
        return new TorchSharpRnn(workload, threads, batch);
    }

    /// <summary>Throws unless <paramref name="logits"/> [batch, out] match the reference forward.</summary>
    public static void CheckInference(string peer, MlpWorkload workload, int batch, int threads, ReadOnlySpan<float> logits)
        => CheckInference(peer, workload.Name, batch, threads, logits, MlpReference.Forward(workload, batch));

    /// <summary>Throws unless <paramref name="logits"/> [batch, out] match the CNN reference forward.</summary>
    public static void CheckInference(string peer, CnnWorkload workload, int batch, int threads, ReadOnlySpan<float> logits)
        => CheckInference(peer, workload.Name, batch, threads, logits, CnnReference.Forward(workload, batch));

    /// <summary>Throws unless <paramref name="logits"/> [batch, out] match the LSTM/GRU reference forward.</summary>
    public static void CheckInference(string peer, RnnWorkload workload, int batch, int threads, ReadOnlySpan<float> logits)
        => CheckInference(peer, workload.Name, batch, threads, logits, RnnReference.Forward(workload, batch));

    /// <summary>Throws unless <paramref name="logits"/> match <paramref name="expected"/>, the reference's logits.</summary>
    public static void CheckInference(string peer, string workload, int batch, int threads, ReadOnlySpan<float> logits, ReadOnlySpan<double> expected)
    {
        double worst = Check($"{workload} {peer} inference, batch {batch}", logits, expected);
        Report($"{workload} {peer,-12} inference batch {batch,2} threads {threads}: agrees with the reference (max scaled difference {worst:E1})");
    }

    /// <summary>
    /// Throws unless one training step from the workload's initial weights gave the reference loss and
    /// the reference updated parameters ([out*in] weights and [out] biases per layer).
    /// </summary>
    public static void CheckTraining(string peer, MlpWorkload workload, int batch, int threads, float loss, float[][] weights, float[][] biases)
        => CheckTraining(peer, workload.Name, batch, threads, loss, weights, biases, MlpReference.TrainStep(workload, batch, MlpWorkload.LearningRate));

    /// <summary>
    /// Throws unless one training step from the CNN workload's initial weights gave the reference loss and the
    /// reference updated parameters (weight and bias per Conv/Dense layer, in order, PyTorch layout).
    /// </summary>
    public static void CheckTraining(string peer, CnnWorkload workload, int batch, int threads, float loss, float[][] weights, float[][] biases)
        => CheckTraining(peer, workload.Name, batch, threads, loss, weights, biases, CnnReference.TrainStep(workload, batch, CnnWorkload.LearningRate),
            (workload.Weights, workload.Biases));

    /// <summary>
    /// Throws unless the loss and updated parameters match <paramref name="expected"/>, the reference's step.
    /// With <paramref name="initial"/> (the parameters before the step), also the updates themselves:
    /// see <see cref="UpdateTolerance"/>.
    /// </summary>
    public static void CheckTraining(string peer, string workload, int batch, int threads, float loss, float[][] weights, float[][] biases,
        (double Loss, double[][] Weights, double[][] Biases) expected, (float[][] Weights, float[][] Biases)? initial = null)
    {
        string what = $"{workload} {peer} training step, batch {batch}";
        if (weights.Length != expected.Weights.Length || biases.Length != expected.Biases.Length)
        {
            throw new InvalidOperationException($"{what}: expected {expected.Weights.Length} parameter layers, got {weights.Length} weights and {biases.Length} biases.");
        }
        double worst = Check($"{what}: loss", [loss], [expected.Loss]);
        for (int l = 0; l < expected.Weights.Length; l++)
        {
            worst = Math.Max(worst, Check($"{what}: layer {l} updated weight", weights[l], expected.Weights[l]));
            worst = Math.Max(worst, Check($"{what}: layer {l} updated bias", biases[l], expected.Biases[l]));
        }
        string updates = "";
        if (initial is { } before)
        {
            double worstUpdate = 0;
            for (int l = 0; l < expected.Weights.Length; l++)
            {
                worstUpdate = Math.Max(worstUpdate, CheckUpdate($"{what}: layer {l} weight update", weights[l], expected.Weights[l], before.Weights[l]));
                worstUpdate = Math.Max(worstUpdate, CheckUpdate($"{what}: layer {l} bias update", biases[l], expected.Biases[l], before.Biases[l]));
            }
            updates = $"; updates within {worstUpdate:P2} of each layer's largest";
        }
        Report($"{workload} {peer,-12} training  batch {batch,2} threads {threads}: loss {loss:F5} and updated parameters agree with the reference (max scaled difference {worst:E1}{updates})");
    }

    /// <summary>
    /// Throws unless one training step from the recurrent workload's initial weights gave the reference loss, the
    /// reference updated parameters (the six tensors of <see cref="RnnWorkload.ParameterNames"/>, in that order) and,
    /// per tensor, the reference update (see <see cref="UpdateTolerance"/>): lr·grad is ~1e-4 here, so the
    /// updated-parameter check alone would pass a peer that never updated.
    /// </summary>
    public static void CheckTraining(string peer, RnnWorkload workload, int batch, int threads, float loss, float[][] parameters)
    {
        string what = $"{workload.Name} {peer} training step, batch {batch}";
        var expected = RnnReference.TrainStep(workload, batch, RnnWorkload.LearningRate);
        IReadOnlyList<string> names = RnnWorkload.ParameterNames;
        if (parameters.Length != names.Count)
        {
            throw new InvalidOperationException($"{what}: expected {names.Count} parameter tensors ({string.Join(", ", names)}), got {parameters.Length}.");
        }
        float[][] initial = workload.Parameters;
        double worst = Check($"{what}: loss", [loss], [expected.Loss]);
        double worstUpdate = 0;
        for (int p = 0; p < names.Count; p++)
        {
            worst = Math.Max(worst, Check($"{what}: updated {names[p]}", parameters[p], expected.Parameters[p]));
            worstUpdate = Math.Max(worstUpdate, CheckUpdate($"{what}: {names[p]} update", parameters[p], expected.Parameters[p], initial[p]));
        }
        Report($"{workload.Name} {peer,-12} training  batch {batch,2} threads {threads}: loss {loss:F5} and updated parameters agree with the reference " +
               $"(max scaled difference {worst:E1}; updates within {worstUpdate:P2} of each tensor's largest)");
    }

    /// <summary>Tolerance of every agreement check: |peer - reference| / max(1, |reference|).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Throws when <paramref name="actual"/> differs from <paramref name="expected"/> beyond <see cref="Tolerance"/>.</summary>
    /// <returns>The largest scaled difference, for reporting.</returns>
    public static double Check(string what, ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        if (actual.Length != expected.Length)
        {
            throw new InvalidOperationException($"{what}: expected {expected.Length} values, got {actual.Length}.");
        }
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < actual.Length; i++)
        {
            double diff = Math.Abs(actual[i] - expected[i]) / Math.Max(1.0, Math.Abs(expected[i]));
            if (!(diff <= worst)) // also catches NaN
            {
                worst = double.IsNaN(diff) ? double.PositiveInfinity : diff;
                worstIndex = i;
            }
        }
        if (worst > Tolerance)
        {
            throw new InvalidOperationException(
                $"{what}: disagrees with the reference at [{worstIndex}]: {actual[worstIndex]} vs {expected[worstIndex]} " +
                $"(scaled difference {worst:E2} > {Tolerance:E0}).");
        }
        return worst;
    }

    /// <summary>
    /// Tolerance of the update check, as a fraction of the layer's largest reference update max|lr * dp|.
    /// Needed because lr * dp is small: in W6 a conv layer's largest update is ~1e-5, far under the 1e-4 of the
    /// updated-parameter check, which alone would pass a peer that never updated that layer. Float rounding of
    /// the updated parameter costs ~1e-3 of the update at most here.
    /// </summary>
    public const double UpdateTolerance = 1e-2;

    /// <summary>|(peer - initial) - (reference - initial)| / max|reference - initial| ≤ <see cref="UpdateTolerance"/>, per element.</summary>
    private static double CheckUpdate(string what, float[] actual, double[] expected, float[] initial)
    {
        double scale = 0;
        for (int j = 0; j < expected.Length; j++) scale = Math.Max(scale, Math.Abs(expected[j] - initial[j]));
        if (scale == 0) scale = double.Epsilon;
        double worst = 0;
        int worstIndex = -1;
        for (int j = 0; j < expected.Length; j++)
        {
            double diff = Math.Abs((actual[j] - (double)initial[j]) - (expected[j] - initial[j])) / scale;
            if (!(diff <= worst)) // also catches NaN
            {
                worst = double.IsNaN(diff) ? double.PositiveInfinity : diff;
                worstIndex = j;
            }
        }
        if (worst > UpdateTolerance)
        {
            throw new InvalidOperationException(
                $"{what}: disagrees with the reference at [{worstIndex}]: update {actual[worstIndex] - (double)initial[worstIndex]:E3} vs " +
                $"{expected[worstIndex] - initial[worstIndex]:E3} (difference {worst:P2} of the layer's largest update {scale:E2} > {UpdateTolerance:P0}).");
        }
        return worst;
    }

    private static void Report(string line) => Console.WriteLine($"// check: {line}");
}
