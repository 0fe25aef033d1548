using NetGen.Tests.Numerics;
using Xunit;

namespace NetGen.Tests.Generative;

/// <summary>
/// The reparameterization z = μ + exp(½·logσ²)·ε: its value from the kept noise, its gradient by central
/// differences (the same seed replays the same ε), its determinism and its argument checks.
/// </summary>
public class ReparameterizationTests
{
    private const int Batch = 3, Latent = 4, Width = 2 * Latent;

    private static float[] Distribution(int seed)
    {
        var random = new RandomSource(seed);
        float[] values = new float[Batch * Width];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle(-1f, 1f);
        return values;
    }

    [Fact]
    public void SampleIsMeanPlusStandardDeviationTimesKeptNoise()
    {
        float[] distribution = Distribution(1), z = new float[Batch * Latent];
        var sampler = new Reparameterization(Latent, seed: 5);
        sampler.Forward(distribution, z, Batch);
        ReadOnlySpan<float> noise = sampler.Noise;
        Assert.Equal(Batch * Latent, noise.Length);
        for (int b = 0; b < Batch; b++)
        {
            for (int j = 0; j < Latent; j++)
            {
                double expected = distribution[b * Width + j] + Math.Exp(0.5 * distribution[b * Width + Latent + j]) * noise[b * Latent + j];
                Assert.Equal(expected, z[b * Latent + j], 1e-5);
            }
        }
    }

    [Fact]
    public void NoiseIsStandardNormal()
    {
        const int Rows = 4000;
        var sampler = new Reparameterization(Latent, seed: 2);
        float[] distribution = new float[Rows * Width], z = new float[Rows * Latent];
        sampler.Forward(distribution, z, Rows); // μ = 0, σ = 1: z is ε
        double mean = z.Average(v => (double)v), variance = z.Average(v => (v - mean) * (v - mean));
        Assert.InRange(mean, -0.03, 0.03);      // 16,000 draws: standard error 0.008
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void SameSeedGivesSameSamplesAndOtherSeedOthers()
    {
        float[] distribution = Distribution(3);
        float[] first = new float[Batch * Latent], second = new float[Batch * Latent], other = new float[Batch * Latent];
        new Reparameterization(Latent, seed: 9).Forward(distribution, first, Batch);
        var replayed = new Reparameterization(Latent, seed: 1);
        replayed.Forward(distribution, other, Batch);
        replayed.Reseed(9);
        replayed.Forward(distribution, second, Batch);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void GradientMatchesCentralDifferencesAndAccumulates()
    {
        // L = Σ c·z², so ∂L/∂z = 2·c·z; ε is replayed from the seed at every evaluation.
        float[] distribution = Distribution(4), weights = Distribution(6).AsSpan(0, Batch * Latent).ToArray();
        var sampler = new Reparameterization(Latent, seed: 8);
        float[] z = new float[Batch * Latent];
        double Loss()
        {
            sampler.Reseed(8);
            sampler.Forward(distribution, z, Batch);
            double sum = 0;
            for (int i = 0; i < z.Length; i++) sum += weights[i] * (double)z[i] * z[i];
            return sum;
        }

        Loss();
        float[] zGradient = new float[z.Length];
        for (int i = 0; i < z.Length; i++) zGradient[i] = 2 * weights[i] * z[i];
        float[] gradient = new float[distribution.Length];
        Array.Fill(gradient, 0.25f); // Backward adds to what is there
        sampler.Backward(zGradient, gradient, Batch);

        const float H = 1e-2f;
        for (int i = 0; i < distribution.Length; i++)
        {
            double numeric = FiniteDifferences.Central(distribution, i, H, Loss) + 0.25;
            Assert.True(Math.Abs(numeric - gradient[i]) <= 2e-3 * Math.Max(1.0, Math.Abs(numeric)),
                $"element {i} ({(i % Width < Latent ? "μ" : "logσ²")}): analytic {gradient[i]}, central difference {numeric}");
        }
    }

    [Fact]
    public void WrongLengthsThrowNamingExpectedAndActual()
    {
        var sampler = new Reparameterization(Latent, seed: 1);
        var backwardFirst = Assert.Throws<InvalidOperationException>(() => sampler.Backward(new float[Batch * Latent], new float[Batch * Width], Batch));
        Assert.Contains("Forward first", backwardFirst.Message);

        var shortDistribution = Assert.Throws<ArgumentException>(() => sampler.Forward(new float[Batch * Width - 1], new float[Batch * Latent], Batch));
        Assert.Contains($"Expected meanAndLogVariance of length {Batch * Width}", shortDistribution.Message);
        Assert.Contains($"its length is {Batch * Width - 1}", shortDistribution.Message);
        Assert.Equal(0, sampler.Noise.Length); // nothing drawn

        var wrongZ = Assert.Throws<ArgumentException>(() => sampler.Forward(new float[Batch * Width], new float[Batch * Width], Batch));
        Assert.Contains($"Expected z of length {Batch * Latent}", wrongZ.Message);
        Assert.Contains($"its length is {Batch * Width}", wrongZ.Message);

        sampler.Forward(new float[Batch * Width], new float[Batch * Latent], Batch);
        float[] gradient = new float[Batch * Width];
        var wrongBatch = Assert.Throws<ArgumentException>(() => sampler.Backward(new float[2 * Latent], new float[2 * Width], 2));
        Assert.Contains($"Expected batch {Batch}", wrongBatch.Message);
        Assert.Contains("batch is 2", wrongBatch.Message);
        var wrongGradient = Assert.Throws<ArgumentException>(() => sampler.Backward(new float[Batch * Latent], new float[Batch * Latent], Batch));
        Assert.Contains($"Expected meanAndLogVarianceGradient of length {Batch * Width}", wrongGradient.Message);
        Assert.Contains($"its length is {Batch * Latent}", wrongGradient.Message);
        var wrongZGradient = Assert.Throws<ArgumentException>(() => sampler.Backward(new float[Batch * Latent + 1], gradient, Batch));
        Assert.Contains($"Expected zGradient of length {Batch * Latent}", wrongZGradient.Message);
        Assert.All(gradient, g => Assert.Equal(0f, g));
    }
}
