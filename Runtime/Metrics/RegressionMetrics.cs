namespace NetGen;

/// <summary>
/// Errors of a regression's predictions against the true values, element by element over spans (any shape, flattened),
/// accumulated in double so long sums of small errors keep their digits. A NaN anywhere gives NaN. Allocates nothing.
/// </summary>
public static class RegressionMetrics
{
    /// <summary>Mean of (predicted − actual)² over all elements.</summary>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double MeanSquaredError(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        CheckLengths(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++)
        {
            double error = (double)predicted[i] - actual[i];
            sum += error * error;
        }
        return sum / predicted.Length;
    }

    /// <summary>√<see cref="MeanSquaredError"/>: the typical error in the targets' own unit, large errors weighing more.</summary>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double RootMeanSquaredError(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual) =>
        Math.Sqrt(MeanSquaredError(predicted, actual));

    /// <summary>Mean of |predicted − actual| over all elements.</summary>
    /// <exception cref="ArgumentException">The spans are empty or of different lengths.</exception>
    public static double MeanAbsoluteError(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        CheckLengths(predicted, actual);
        double sum = 0;
        for (int i = 0; i < predicted.Length; i++) sum += Math.Abs((double)predicted[i] - actual[i]);
        return sum / predicted.Length;
    }

    private static void CheckLengths(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        if (predicted.Length != actual.Length)
        {
            throw new ArgumentException(
                $"Expected one actual value per prediction, but there are {predicted.Length} predicted and {actual.Length} actual values.", nameof(actual));
        }
        if (predicted.IsEmpty) throw new ArgumentException("Expected at least one value, but the spans are empty.", nameof(predicted));
    }
}
