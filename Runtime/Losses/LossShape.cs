using System.Diagnostics.CodeAnalysis;

namespace NetGen;

/// <summary>
/// Argument checks shared by the losses, so every loss reports a wrong span length the same way:
/// with the expected and the actual length, before anything is written.
/// </summary>
internal static class LossShape
{
    /// <summary>
    /// Checks <paramref name="batch"/> and <paramref name="width"/>, and that outputs, targets and
    /// (unless empty) gradient hold batch × width floats. Returns that element count.
    /// </summary>
    public static int Validate(int outputsLength, int targetsLength, int gradientLength, int batch, int width)
    {
        int count = ValidateSizes(batch, width);
        Require(outputsLength, count, batch, width, "outputs");
        Require(targetsLength, count, batch, width, "targets");
        if (gradientLength != 0)
        {
            Require(gradientLength, count, batch, width, "gradient");
        }
        return count;
    }

    /// <summary>Checks that batch and width are positive and batch × width fits in a span.</summary>
    public static int ValidateSizes(int batch, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        long count = (long)batch * width;
        if (count > int.MaxValue)
        {
            ThrowTooLarge(batch, width);
        }
        return (int)count;
    }

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    public static void Require(int actual, int expected, int batch, int width, string name)
    {
        if (actual != expected)
        {
            ThrowLength(actual, expected, batch, width, name);
        }
    }

    // Throw helpers stay out of line so the checks above do not build strings on the hot path.
    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, int batch, int width, string name) =>
        throw new ArgumentException(
            $"Expected {name} of length {expected} (batch {batch} x width {width}), but its length is {actual}.", name);

    [DoesNotReturn]
    private static void ThrowTooLarge(int batch, int width) =>
        throw new ArgumentException($"batch {batch} x width {width} exceeds the largest span length.", nameof(batch));
}
