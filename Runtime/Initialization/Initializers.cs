namespace NetGen;

/// <summary>
/// Weight initializers with PyTorch's formulas (<c>torch.nn.init</c>; the normal variants draw from an
/// untruncated normal, as PyTorch does, not Keras' truncated one). Each fills a span from the given
/// generator, drawing values strictly in order, so filling a weight row by row with one
/// <see cref="RandomSource"/> gives the same numbers as filling the whole buffer at once, and the same
/// seed always gives the same weights.
/// </summary>
public static class Initializers
{
    /// <summary>Glorot (Xavier) uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)). Suits tanh and sigmoid layers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A fan is not positive.</exception>
    public static void GlorotUniform(Span<float> destination, int fanIn, int fanOut, RandomSource random)
    {
        RequireFans(fanIn, fanOut);
        float limit = (float)Math.Sqrt(6.0 / ((double)fanIn + fanOut));
        Uniform(destination, -limit, limit, random);
    }

    /// <summary>Glorot (Xavier) normal: N(0, σ²) with σ = √(2 / (fanIn + fanOut)).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A fan is not positive.</exception>
    public static void GlorotNormal(Span<float> destination, int fanIn, int fanOut, RandomSource random)
    {
        RequireFans(fanIn, fanOut);
        Normal(destination, (float)Math.Sqrt(2.0 / ((double)fanIn + fanOut)), random);
    }

    /// <summary>He (Kaiming) uniform for ReLU layers: U(−a, a) with a = √(6 / fanIn).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is not positive.</exception>
    public static void HeUniform(Span<float> destination, int fanIn, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        float limit = (float)Math.Sqrt(6.0 / fanIn);
        Uniform(destination, -limit, limit, random);
    }

    /// <summary>He (Kaiming) normal for ReLU layers: N(0, σ²) with σ = √(2 / fanIn).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fanIn"/> is not positive.</exception>
    public static void HeNormal(Span<float> destination, int fanIn, RandomSource random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        Normal(destination, (float)Math.Sqrt(2.0 / fanIn), random);
    }

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="high"/> is below <paramref name="low"/>, or either is not finite.</exception>
    public static void Uniform(Span<float> destination, float low, float high, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!float.IsFinite(low) || !float.IsFinite(high) || high < low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), $"Expected finite bounds with low <= high, got [{low}, {high}).");
        }
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = random.NextSingle(low, high);
        }
    }

    /// <summary>All zeros (biases).</summary>
    public static void Zeros(Span<float> destination) => destination.Clear();

    /// <summary>N(0, <paramref name="standardDeviation"/>²).</summary>
    private static void Normal(Span<float> destination, float standardDeviation, RandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = standardDeviation * random.NextGaussian();
        }
    }

    private static void RequireFans(int fanIn, int fanOut)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanOut);
    }
}
