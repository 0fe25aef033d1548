using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// Reward-to-go for policy-gradient methods: G_t = r_t + γ·r_{t+1} + γ²·r_{t+2} + … to the end of the
/// episode, computed backwards as G_t = r_t + γ·G_{t+1} (Sutton &amp; Barto, Reinforcement Learning, 2nd ed.,
/// eq. 3.9). Optionally normalized to zero mean and unit variance, the usual variance reduction of REINFORCE.
/// </summary>
public static class DiscountedReturns
{
    /// <summary>
    /// Writes (=) the discounted return of every step of one episode's <paramref name="rewards"/> into
    /// <paramref name="returns"/> (same length; may be the same span). With <paramref name="normalize"/>,
    /// the returns are then shifted and scaled to mean 0 and (population) standard deviation 1; a constant
    /// sequence becomes all zeros. Allocates nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is not in [0, 1].</exception>
    /// <exception cref="ArgumentException">The lengths differ; nothing is written.</exception>
    public static void Compute(ReadOnlySpan<float> rewards, Span<float> returns, float gamma, bool normalize = false)
    {
        if (!(gamma >= 0.0f && gamma <= 1.0f))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1].");
        }
        if (returns.Length != rewards.Length)
        {
            ThrowLength(rewards.Length, returns.Length);
        }

        double running = 0.0; // double: 500 steps of γ ≈ 1 would otherwise round in the last digits
        for (int t = rewards.Length - 1; t >= 0; t--)
        {
            running = rewards[t] + gamma * running;
            returns[t] = (float)running;
        }
        if (normalize && returns.Length > 0)
        {
            Normalize(returns);
        }
    }

    /// <summary>Shifts and scales <paramref name="values"/> in place to mean 0 and population standard deviation 1 (all zeros if constant).</summary>
    public static void Normalize(Span<float> values)
    {
        if (values.IsEmpty)
        {
            return;
        }
        double sum = 0.0;
        foreach (float v in values)
        {
            sum += v;
        }
        double mean = sum / values.Length;
        double squares = 0.0;
        foreach (float v in values)
        {
            squares += (v - mean) * (v - mean);
        }
        double deviation = Math.Sqrt(squares / values.Length);
        float scale = deviation > 1e-8 ? (float)(1.0 / deviation) : 0.0f;
        TensorPrimitives.Subtract(values, (float)mean, values);
        TensorPrimitives.Multiply(values, scale, values);
    }

    [DoesNotReturn]
    private static void ThrowLength(int expected, int actual) =>
        throw new ArgumentException($"Expected returns of length {expected} (the rewards' length), but its length is {actual}.", "returns");
}
