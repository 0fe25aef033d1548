using NetGen.Tests.Numerics;
using NetGen.Tests.Reference;

namespace NetGen.Tests.Networks;

/// <summary>A lone batch norm over 3 features (momentum 0.5), for literal values.</summary>
[Network(3)]
[BatchNorm(Momentum = 0.5f)]
public partial class BatchNormOnly;

/// <summary>A lone layer norm over 4 features.</summary>
[Network(4)]
[LayerNorm]
public partial class LayerNormOnly;

/// <summary>
/// Batch and layer norm beyond the shared parity cases: literal values, running statistics over several training
/// steps against the double reference, inference with the running statistics, initialization and reset.
/// </summary>
[Trait("Category", "Kernels")]
public class NormalizationTests
{
    [Fact]
    public void BatchNormTrainsWithBatchStatisticsAndMovesTheRunningOnes()
    {
        var network = new BatchNormOnly();
        network.InitializeParameters(1);
        new float[] { 2f, 1f, 1f }.CopyTo(network.Batchnorm0Weight);
        new float[] { 0.5f, 0f, -1f }.CopyTo(network.Batchnorm0Bias);
        var output = new float[6];
        network.Forward([1, 2, 3, 3, 6, 3], output, 2);

        // Feature 0: mean 2, biased variance 1; feature 1: mean 4, variance 4; feature 2: constant, so x̂ = 0 and y = β.
        float s0 = 1 / MathF.Sqrt(1 + 1e-5f), s1 = 2 / MathF.Sqrt(4 + 1e-5f);
        Assert.Equal([0.5f - 2 * s0, -s1, -1f, 0.5f + 2 * s0, s1, -1f], output, new FloatTolerance(1e-6f));
        // Momentum 0.5 from mean 0 and variance 1; the running variance takes the unbiased batch variance (2, 8, 0).
        Assert.Equal([1f, 2f, 1.5f], network.Batchnorm0RunningMean.ToArray());
        Assert.Equal([1.5f, 4.5f, 0.5f], network.Batchnorm0RunningVar.ToArray());

        // Inference normalizes with the running statistics: y = γ(x − running_mean)/√(running_var + ε) + β.
        var prediction = new float[3];
        network.Predict([2, 2, 2], prediction);
        Assert.Equal([2 * 1 / MathF.Sqrt(1.5f + 1e-5f) + 0.5f, 0f, 0.5f / MathF.Sqrt(0.5f + 1e-5f) - 1f], prediction, new FloatTolerance(1e-6f));
    }

    [Fact]
    public void LayerNormNormalizesEachSampleTheSameInTrainingAndInference()
    {
        var network = new LayerNormOnly();
        network.InitializeParameters(1);
        float[] input = [1, 2, 3, 4, -8, 0, 8, 0];
        var forward = new float[8];
        var predict = new float[8];
        network.Forward(input, forward, 2);
        network.Predict(input, predict, 2);
        Assert.Equal(forward, predict);
        // Row 0: mean 2.5, variance 1.25; row 1: mean 0, variance 32.
        float s0 = 1 / MathF.Sqrt(1.25f + 1e-5f), s1 = 1 / MathF.Sqrt(32 + 1e-5f);
        Assert.Equal([-1.5f * s0, -0.5f * s0, 0.5f * s0, 1.5f * s0, -8 * s1, 0, 8 * s1, 0], forward, new FloatTolerance(1e-6f));
    }

    [Theory]
    [InlineData("BatchNormMlp", 5)]
    [InlineData("BatchNormConv", 3)]
    [InlineData("BatchNorm1D", 4)]
    public void RunningStatisticsAfterSeveralStepsEqualTheReference(string name, int batch)
    {
        (ITrainableNetwork network, ReferenceLayer[] layers) = NetworkCases.Create(name);
        var reference = new ReferenceNetwork(network, layers) { Training = true };
        var output = new float[batch * network.OutputSize];
        for (int step = 0; step < 6; step++)
        {
            // Shifted and scaled inputs, so the statistics differ from step to step.
            float[] input = NetworkCases.Uniform(batch * network.InputSize, seed: 50 + step, low: -1f + step, high: 1f + 2 * step);
            network.Forward(input, output, batch);
            reference.Forward(NetworkCases.ToDouble(input), batch);
            NetworkCases.AssertClose(reference.State, network.State, 1e-5, 1e-4, $"running statistics after step {step + 1}");
        }

        // Predict then uses them.
        float[] test = NetworkCases.Uniform(batch * network.InputSize, seed: 60);
        var prediction = new float[output.Length];
        network.Predict(test, prediction, batch);
        reference.Training = false;
        NetworkCases.AssertClose(reference.Forward(NetworkCases.ToDouble(test), batch), prediction, 1e-5, 1e-4, "prediction");
    }

    [Fact]
    public void PredictDoesNotTouchTheRunningStatisticsAndDiffersFromTraining()
    {
        (ITrainableNetwork network, _) = NetworkCases.Create("BatchNormConv");
        float[] input = NetworkCases.Uniform(4 * network.InputSize, seed: 70, low: 0f, high: 3f);
        float[] state = network.State.ToArray();
        var prediction = new float[4 * network.OutputSize];
        var training = new float[prediction.Length];
        network.Predict(input, prediction, 4);
        Assert.Equal(state, network.State.ToArray());
        network.Forward(input, training, 4);
        Assert.NotEqual(state, network.State.ToArray());
        Assert.NotEqual(prediction, training);
    }

    [Fact]
    public void InitializeParametersSetsScalesToOneAndResetsTheRunningStatistics()
    {
        var network = new BatchNormMlp();
        Assert.All(network.BnInRunningMean.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(network.BnInRunningVar.ToArray(), v => Assert.Equal(1f, v));
        network.InitializeParameters(3);
        network.Forward(NetworkCases.Uniform(4 * BatchNormMlp.InputSize, seed: 1), new float[4 * BatchNormMlp.OutputSize], 4);
        Assert.Contains(network.Batchnorm1RunningVar.ToArray(), v => v != 1f);

        network.InitializeParameters(3);
        Assert.All(network.BnInWeight.ToArray(), v => Assert.Equal(1f, v));
        Assert.All(network.Batchnorm1Weight.ToArray(), v => Assert.Equal(1f, v));
        Assert.All(network.Batchnorm1Bias.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(network.Batchnorm1RunningMean.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(network.Batchnorm1RunningVar.ToArray(), v => Assert.Equal(1f, v));
        Assert.Equal(BatchNormMlp.StateLength, network.State.Length);
    }

    [Fact]
    public void SummaryCountsGammaAndBetaOnly()
    {
        Assert.Contains("bn_in       BatchNorm     [6]                12", BatchNormMlp.Summary);
        Assert.Contains("batchnorm1  BatchNorm     [19]               38", BatchNormMlp.Summary);
        Assert.Contains("layernorm1  LayerNorm     [13]               26", LayerNormNet.Summary);
        // PyTorch's count: 12 + (6·19 + 19) + 38 + (19·3 + 3).
        Assert.Equal(12 + 133 + 38 + 60, BatchNormMlp.ParameterCount);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float value) => 0;
    }
}
