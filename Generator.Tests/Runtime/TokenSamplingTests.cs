namespace NetGen.Tests;

public class TokenSamplingTests
{
    private static readonly float[] Logits = [1.0f, 2.0f, 0.5f, -1.0f, 1.5f];

    private static int[] Draw(int seed, float temperature, int count, int topK = 0)
    {
        var random = new RandomSource(seed);
        var draws = new int[count];
        for (int i = 0; i < count; i++) draws[i] = TokenSampling.Sample(Logits, temperature, random, topK);
        return draws;
    }

    [Fact]
    public void SameSeed_GivesTheSameDraws()
    {
        Assert.Equal(Draw(7, 1f, 200), Draw(7, 1f, 200));
        Assert.NotEqual(Draw(7, 1f, 200), Draw(8, 1f, 200));
    }

    [Theory]
    [InlineData(1.0f, 0)]
    [InlineData(0.5f, 0)]
    [InlineData(2.0f, 0)]
    [InlineData(1.0f, 3)]
    public void Frequencies_MatchSoftmaxOfLogitsOverTemperature(float temperature, int topK)
    {
        const int Count = 40_000;
        // Reference: softmax(l / T) in double over the topK largest logits.
        double[] scaled = [.. Logits.Select(l => (double)l / temperature)];
        int[] kept = topK == 0 ? [.. Enumerable.Range(0, Logits.Length)] : [.. Enumerable.Range(0, Logits.Length).OrderByDescending(i => Logits[i]).Take(topK)];
        double sum = kept.Sum(i => Math.Exp(scaled[i]));
        var counts = new int[Logits.Length];
        foreach (int token in Draw(3, temperature, Count, topK)) counts[token]++;
        var probabilities = new float[Logits.Length];
        TokenSampling.Probabilities(Logits, temperature, probabilities, topK);
        for (int i = 0; i < Logits.Length; i++)
        {
            double expected = kept.Contains(i) ? Math.Exp(scaled[i]) / sum : 0;
            Assert.Equal(expected, probabilities[i], 1e-6);
            // Four standard deviations of a binomial frequency.
            double tolerance = 4 * Math.Sqrt(expected * (1 - expected) / Count) + 1e-9;
            Assert.True(Math.Abs(counts[i] / (double)Count - expected) <= tolerance,
                $"token {i}: frequency {counts[i] / (double)Count:F4}, softmax {expected:F4} (±{tolerance:F4})");
        }
    }

    [Fact]
    public void TemperatureZero_IsTheArgmaxAndDrawsNothing()
    {
        var random = new RandomSource(1);
        Assert.Equal(1, TokenSampling.Sample(Logits, 0f, random));
        Assert.Equal(new RandomSource(1).NextUInt32(), random.NextUInt32());
        Assert.All(Draw(5, 1e-4f, 100), token => Assert.Equal(1, token));
        Assert.All(Draw(5, 1f, 100, topK: 1), token => Assert.Equal(1, token));
    }

    [Fact]
    public void TopK_KeepsExactlyKOnTies()
    {
        float[] tied = [1f, 1f, 1f, 0f];
        var probabilities = new float[4];
        TokenSampling.Probabilities(tied, 1f, probabilities, topK: 2);
        Assert.Equal([0.5f, 0.5f, 0f, 0f], probabilities);
    }

    [Fact]
    public void Sample_AllocatesNothing()
    {
        var random = new RandomSource(2);
        TokenSampling.Sample(Logits, 0.8f, random);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) TokenSampling.Sample(Logits, 0.8f, random);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void InvalidArguments_Throw()
    {
        var random = new RandomSource(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenSampling.Sample(Logits, -1f, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenSampling.Sample(Logits, float.NaN, random));
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenSampling.Sample(Logits, 1f, random, topK: 6));
        Assert.Throws<ArgumentException>(() => TokenSampling.Sample([], 1f, random));
        var e = Assert.Throws<ArgumentException>(() => TokenSampling.Sample([0f, float.NaN], 1f, random));
        Assert.Contains("logit 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => TokenSampling.Probabilities(Logits, 1f, new float[4]));
        Assert.Contains("length 5", e.Message);
        Assert.Contains("is 4", e.Message);
    }
}
