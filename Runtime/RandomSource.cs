using System.Numerics;

namespace NetGen;

/// <summary>
/// A small seeded generator (xoshiro128**, seeded through SplitMix64) for initializers, dropout masks
/// and shuffling: the same seed gives the same stream on every platform and .NET version, with no
/// allocation per draw.
/// </summary>
public sealed class RandomSource
{
    private uint _s0, _s1, _s2, _s3;
    private float _spareGaussian;
    private bool _hasSpare;

    public RandomSource(int seed) => Reseed(seed);

    /// <summary>Restarts the stream as if newly constructed with <paramref name="seed"/>.</summary>
    public void Reseed(int seed)
    {
        ulong x = (ulong)(uint)seed;
        ulong a = SplitMix64(ref x), b = SplitMix64(ref x);
        _s0 = (uint)a; _s1 = (uint)(a >> 32); _s2 = (uint)b; _s3 = (uint)(b >> 32);
        _hasSpare = false;
    }

    /// <summary>A uniformly distributed 32-bit value.</summary>
    public uint NextUInt32()
    {
        uint result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        uint t = _s1 << 9;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 11);
        return result;
    }

    /// <summary>Uniform in [0, 1), 24 bits of resolution.</summary>
    public float NextSingle() => (NextUInt32() >> 8) * (1.0f / (1 << 24));

    /// <summary>Uniform in [low, high).</summary>
    public float NextSingle(float low, float high) => low + (high - low) * NextSingle();

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias.</summary>
    public int NextInt32(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        ulong m = (ulong)NextUInt32() * (uint)maxExclusive;
        uint low = (uint)m;
        if (low < (uint)maxExclusive)
        {
            uint threshold = (uint)-maxExclusive % (uint)maxExclusive;
            while (low < threshold)
            {
                m = (ulong)NextUInt32() * (uint)maxExclusive;
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>Standard normal (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public float NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        float u1 = 1.0f - NextSingle(); // (0, 1]: log stays finite
        float u2 = NextSingle();
        float r = MathF.Sqrt(-2.0f * MathF.Log(u1));
        float theta = 2.0f * MathF.PI * u2;
        _spareGaussian = r * MathF.Sin(theta);
        _hasSpare = true;
        return r * MathF.Cos(theta);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt32(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
