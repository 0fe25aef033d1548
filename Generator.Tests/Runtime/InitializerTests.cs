using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>Initializer statistics over 100,000 draws, bounds, and reproducibility from a seed.</summary>
public class InitializerTests
{
    private const int Samples = 100_000;

    private static (double Mean, double Variance) Statistics(float[] values)
    {
        double mean = values.Average(v => (double)v);
        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, variance);
    }

    /// <summary>
    /// Mean within 5 standard errors of 0 (σ/√n), variance within 3% of the expected (its own relative
    /// standard error is about 0.4% to 0.5% at this n).
    /// </summary>
    private static void AssertMoments(float[] values, double expectedVariance)
    {
        var (mean, variance) = Statistics(values);
        double standardError = Math.Sqrt(expectedVariance / values.Length);
        Assert.True(Math.Abs(mean) < 5 * standardError, $"mean {mean}, standard error {standardError}");
        Assert.True(Math.Abs(variance / expectedVariance - 1) < 0.03, $"variance {variance}, expected {expectedVariance}");
    }

    [Fact]
    public void GlorotUniform_has_the_right_bounds_and_variance()
    {
        var values = new float[Samples];
        Initializers.GlorotUniform(values, 30, 20, new RandomSource(1));
        double limit = Math.Sqrt(6.0 / 50);
        Assert.All(values, v => Assert.True(Math.Abs(v) <= limit));
        Assert.True(values.Max() > 0.99 * limit && values.Min() < -0.99 * limit); // the whole range is used
        AssertMoments(values, limit * limit / 3); // U(−a, a) has variance a²/3 = 2/(fanIn + fanOut)
    }

    [Fact]
    public void HeUniform_has_the_right_bounds_and_variance()
    {
        var values = new float[Samples];
        Initializers.HeUniform(values, 64, new RandomSource(2));
        double limit = Math.Sqrt(6.0 / 64);
        Assert.All(values, v => Assert.True(Math.Abs(v) <= limit));
        AssertMoments(values, 2.0 / 64);
    }

    [Fact]
    public void GlorotNormal_has_the_right_variance_and_shape()
    {
        var values = new float[Samples];
        Initializers.GlorotNormal(values, 30, 20, new RandomSource(3));
        AssertMoments(values, 2.0 / 50);
        // Untruncated normal: about 31.7% of draws lie beyond one standard deviation.
        double sigma = Math.Sqrt(2.0 / 50);
        double beyond = values.Count(v => Math.Abs(v) > sigma) / (double)Samples;
        Assert.InRange(beyond, 0.307, 0.327);
    }

    [Fact]
    public void HeNormal_has_the_right_variance()
    {
        var values = new float[Samples];
        Initializers.HeNormal(values, 10, new RandomSource(4));
        AssertMoments(values, 2.0 / 10);
    }

    [Fact]
    public void Uniform_respects_bounds_and_mean()
    {
        var values = new float[Samples];
        Initializers.Uniform(values, 2f, 5f, new RandomSource(5));
        Assert.All(values, v => Assert.InRange(v, 2f, 5f));
        var (mean, variance) = Statistics(values);
        Assert.Equal(3.5, mean, 0.02);
        Assert.Equal(0.75, variance, 0.02); // (b − a)²/12
    }

    [Fact]
    public void Zeros_clears()
    {
        float[] values = [1f, 2f, 3f];
        Initializers.Zeros(values);
        Assert.Equal([0f, 0f, 0f], values);
    }

    [Fact]
    public void Same_seed_gives_identical_weights_and_rows_equal_one_call()
    {
        // A 7 × 5 weight filled row by row, as generated code does, twice from the same seed and once
        // in a single call: all three identical (odd row length also crosses the Gaussian pair boundary).
        const int rows = 7, columns = 5;
        float[] RowWise(int seed, bool normal)
        {
            var random = new RandomSource(seed);
            var weights = new float[rows * columns];
            for (int r = 0; r < rows; r++)
            {
                Span<float> row = weights.AsSpan(r * columns, columns);
                if (normal) Initializers.HeNormal(row, columns, random);
                else Initializers.GlorotUniform(row, columns, rows, random);
            }
            return weights;
        }

        foreach (bool normal in new[] { false, true })
        {
            float[] first = RowWise(11, normal), second = RowWise(11, normal);
            Assert.Equal(first, second);

            var whole = new float[rows * columns];
            if (normal) Initializers.HeNormal(whole, columns, new RandomSource(11));
            else Initializers.GlorotUniform(whole, columns, rows, new RandomSource(11));
            Assert.Equal(first, whole);

            Assert.NotEqual(first, RowWise(12, normal));
        }
    }

    [Fact]
    public void Bad_arguments_throw()
    {
        var random = new RandomSource(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.HeNormal(new float[3], 0, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.GlorotUniform(new float[3], 3, -1, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => Initializers.Uniform(new float[3], 1f, 0f, random));
    }
}
