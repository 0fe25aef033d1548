using Xunit;

namespace NetGen.Tests.Generative;

/// <summary>The Gaussian KL divergence against hand-computed values, its gradient against central differences, its checks.</summary>
public class GaussianKlDivergenceTests
{
    [Fact]
    public void StandardNormalHasNoDivergence()
    {
        float[] distribution = new float[2 * 3]; // μ = 0, logσ² = 0
        Assert.Equal(0f, GaussianKlDivergence.Evaluate(distribution, [], batch: 1, latentSize: 3));
    }

    [Fact]
    public void MatchesHandComputedValues()
    {
        // Per dimension −½(1 + logσ² − μ² − σ²):
        //   μ = 1,  logσ² = 0:    −½(1 + 0 − 1 − 1)        = 0.5
        //   μ = 0,  logσ² = ln 2: −½(1 + ln 2 − 0 − 2)     = ½(1 − ln 2) = 0.1534264
        //   μ = −2, logσ² = −1:   −½(1 − 1 − 4 − e^−1)     = 2 + ½e^−1  = 2.1839397
        //   μ = 0,  logσ² = 0:    0
        // Sample 0 sums to 0.6534264, sample 1 to 2.1839397; the mean over the batch is 1.4186831.
        float[] distribution =
        [
            1f, 0f, 0f, MathF.Log(2f),   // sample 0: μ = [1, 0], logσ² = [0, ln 2]
            -2f, 0f, -1f, 0f,            // sample 1: μ = [−2, 0], logσ² = [−1, 0]
        ];
        float kl = GaussianKlDivergence.Evaluate(distribution, [], batch: 2, latentSize: 2);
        Assert.Equal(1.4186831, kl, 1e-6);
        Assert.Equal(0.6534264, GaussianKlDivergence.Evaluate(distribution.AsSpan(0, 4), [], 1, 2), 1e-6);
    }

    [Fact]
    public void GradientMatchesCentralDifferences()
    {
        const int Batch = 3, Latent = 5;
        var random = new RandomSource(11);
        float[] distribution = new float[Batch * 2 * Latent];
        for (int i = 0; i < distribution.Length; i++) distribution[i] = random.NextSingle(-1.5f, 1.5f);
        float[] gradient = new float[distribution.Length];
        GaussianKlDivergence.Evaluate(distribution, gradient, Batch, Latent);

        const float H = 1e-2f;
        for (int i = 0; i < distribution.Length; i++)
        {
            float saved = distribution[i];
            distribution[i] = saved + H;
            double plus = GaussianKlDivergence.Evaluate(distribution, [], Batch, Latent);
            distribution[i] = saved - H;
            double minus = GaussianKlDivergence.Evaluate(distribution, [], Batch, Latent);
            distribution[i] = saved;
            double numeric = (plus - minus) / (2 * H);
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-3 * Math.Max(1.0, Math.Abs(numeric)),
                $"element {i}: analytic {gradient[i]}, central difference {numeric}");
        }
    }

    [Fact]
    public void WrongLengthsThrowNamingExpectedAndActualAndWriteNothing()
    {
        float[] gradient = [7f, 7f, 7f, 7f, 7f, 7f, 7f, 7f];
        var tooShort = Assert.Throws<ArgumentException>(() => GaussianKlDivergence.Evaluate(new float[7], gradient, batch: 2, latentSize: 2));
        Assert.Contains("Expected meanAndLogVariance of length 8", tooShort.Message);
        Assert.Contains("its length is 7", tooShort.Message);
        Assert.All(gradient, g => Assert.Equal(7f, g));

        var wrongGradient = Assert.Throws<ArgumentException>(() => GaussianKlDivergence.Evaluate(new float[8], new float[6], batch: 2, latentSize: 2));
        Assert.Contains("Expected gradient of length 8", wrongGradient.Message);
        Assert.Contains("its length is 6", wrongGradient.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => GaussianKlDivergence.Evaluate(new float[8], [], batch: 2, latentSize: 0));
    }
}
