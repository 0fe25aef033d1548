namespace NetGen.Tests.Runtime;

/// <summary>Reward-to-go against values computed by hand, the normalization, and the argument checks.</summary>
public class DiscountedReturnsTests
{
    [Fact]
    public void ReturnsMatchHandComputedValues()
    {
        // γ = 0.9, rewards 1, 0, 2 (backwards):
        //   G2 = 2
        //   G1 = 0 + 0.9·2   = 1.8
        //   G0 = 1 + 0.9·1.8 = 2.62
        float[] returns = new float[3];
        DiscountedReturns.Compute([1f, 0f, 2f], returns, gamma: 0.9f);
        Assert.Equal(2.62f, returns[0], 1e-6f);
        Assert.Equal(1.8f, returns[1], 1e-6f);
        Assert.Equal(2f, returns[2], 1e-6f);
    }

    [Fact]
    public void NormalizedReturnsMatchHandComputedValues()
    {
        // The returns above, 2.62, 1.8, 2: mean 6.42 / 3 = 2.14; deviations 0.48, −0.34, −0.14;
        // variance (0.2304 + 0.1156 + 0.0196) / 3 = 0.12186667, standard deviation 0.34909407:
        //   0.48 / 0.34909407 = 1.3749876, −0.34 / … = −0.9739495, −0.14 / … = −0.4010380
        float[] returns = new float[3];
        DiscountedReturns.Compute([1f, 0f, 2f], returns, gamma: 0.9f, normalize: true);
        Assert.Equal(1.3749876f, returns[0], 1e-5f);
        Assert.Equal(-0.9739495f, returns[1], 1e-5f);
        Assert.Equal(-0.4010380f, returns[2], 1e-5f);
    }

    [Fact]
    public void GammaOneSumsTheRestAndGammaZeroKeepsTheRewards()
    {
        float[] rewards = [1f, 1f, 1f, 1f], returns = new float[4];
        DiscountedReturns.Compute(rewards, returns, gamma: 1f);
        Assert.Equal([4f, 3f, 2f, 1f], returns);
        DiscountedReturns.Compute([3f, -1f, 2f], returns.AsSpan(0, 3), gamma: 0f);
        Assert.Equal([3f, -1f, 2f], returns[..3]);
    }

    [Fact]
    public void ComputesInPlaceAndALongEpisodeApproachesOneOverOneMinusGamma()
    {
        float[] values = Enumerable.Repeat(1f, 500).ToArray();
        DiscountedReturns.Compute(values, values, gamma: 0.99f);
        // G0 = (1 − 0.99⁵⁰⁰) / (1 − 0.99) = 100·(1 − 0.0065705) = 99.34295
        Assert.Equal(99.34295f, values[0], 1e-3f);
        Assert.Equal(1f, values[^1]);
    }

    [Fact]
    public void AConstantSequenceNormalizesToZeros()
    {
        float[] values = [5f, 5f, 5f];
        DiscountedReturns.Normalize(values);
        Assert.Equal([0f, 0f, 0f], values);
    }

    [Fact]
    public void BadArgumentsThrowAndWriteNothing()
    {
        float[] returns = [7f, 7f];
        var ex = Assert.Throws<ArgumentException>(() => DiscountedReturns.Compute([1f, 2f, 3f], returns, 0.9f));
        Assert.Equal("returns", ex.ParamName);
        Assert.Contains("Expected returns of length 3", ex.Message);
        Assert.Contains("its length is 2", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscountedReturns.Compute([1f, 2f], returns, 1.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscountedReturns.Compute([1f, 2f], returns, -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => DiscountedReturns.Compute([1f, 2f], returns, float.NaN));
        Assert.Equal([7f, 7f], returns);
    }
}
