namespace NetGen;

/// <summary>Constructor checks shared by the optimizers, so each reports a bad coefficient alike.</summary>
internal static class OptimizerArguments
{
    /// <summary>Throws unless <paramref name="value"/> is finite and not negative.</summary>
    public static void RequireNonNegative(float value, string name)
    {
        if (!(value >= 0.0f) || !float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite and not negative.");
        }
    }

    /// <summary>Throws unless 0 ≤ <paramref name="value"/> &lt; 1 (decay rates of running averages).</summary>
    public static void RequireDecayRate(float value, string name)
    {
        if (!(value >= 0.0f && value < 1.0f))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        }
    }
}
