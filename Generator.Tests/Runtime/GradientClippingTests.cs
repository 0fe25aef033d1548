using Xunit;

namespace NetGen.Tests.Runtime;

public class GradientClippingTests
{
    [Fact]
    public void Large_gradients_are_scaled_to_the_maximum_norm()
    {
        float[] g = [3f, 4f, 0f]; // norm 5
        float norm = GradientClipping.ClipByNorm(g, 1f);
        Assert.Equal(5f, norm, 1e-6f);
        // PyTorch's factor: maxNorm / (norm + 1e-6).
        float factor = 1f / (5f + 1e-6f);
        Assert.Equal(3f * factor, g[0], 1e-6f);
        Assert.Equal(4f * factor, g[1], 1e-6f);
        Assert.Equal(0f, g[2]);
    }

    [Fact]
    public void Small_gradients_are_unchanged()
    {
        float[] g = [0.3f, -0.4f];
        Assert.Equal(0.5f, GradientClipping.ClipByNorm(g, 1f), 1e-6f);
        Assert.Equal([0.3f, -0.4f], g);
    }

    [Fact]
    public void Zero_gradients_stay_zero_and_finite()
    {
        float[] g = new float[5];
        Assert.Equal(0f, GradientClipping.ClipByNorm(g, 0f));
        Assert.All(g, x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Long_buffers_use_the_full_norm()
    {
        float[] g = Enumerable.Repeat(1f, 100).ToArray(); // norm 10
        Assert.Equal(10f, GradientClipping.ClipByNorm(g, 2f), 1e-5f);
        double clipped = Math.Sqrt(g.Sum(x => (double)x * x));
        Assert.Equal(2.0, clipped, 1e-5);
    }

    [Fact]
    public void Negative_maximum_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientClipping.ClipByNorm(new float[3], -1f));

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_gradients_throw_naming_index_and_value_and_stay_unchanged(float bad)
    {
        float[] g = [3f, 4f, bad, 1f];
        var e = Assert.Throws<NotFiniteNumberException>(() => GradientClipping.ClipByNorm(g, 1f));
        Assert.Contains($"gradient 2 of 4 is {bad.ToString(System.Globalization.CultureInfo.InvariantCulture)}", e.Message);
        Assert.Equal(bad, (float)e.OffendingNumber);
        Assert.Equal([3f, 4f, bad, 1f], g);
    }

    [Fact]
    public void TryClipByNorm_reports_non_finite_gradients_without_touching_them()
    {
        float[] g = [3f, float.PositiveInfinity];
        Assert.False(GradientClipping.TryClipByNorm(g, 1f, out float norm));
        Assert.Equal(float.PositiveInfinity, norm);
        Assert.Equal([3f, float.PositiveInfinity], g);
        Assert.True(GradientClipping.TryClipByNorm([3f, 4f], 1f, out norm));
        Assert.Equal(5f, norm, 1e-6f);
    }

    [Fact]
    public void Finite_gradients_whose_squares_overflow_are_still_clipped()
    {
        // 1000 gradients of 1e20: the sum of squares (1e43) overflows float, the norm (3.16e21) does not.
        float[] g = Enumerable.Repeat(1e20f, 1000).ToArray();
        float norm = GradientClipping.ClipByNorm(g, 2f);
        Assert.Equal(1e20 * Math.Sqrt(1000), norm, 1e21 * 1e-5);
        double clipped = Math.Sqrt(g.Sum(x => (double)x * x));
        Assert.Equal(2.0, clipped, 1e-5);
    }
}
