namespace NetGen.Reference;

/// <summary>
/// Global max or average pooling of one sequence [T, F] over its steps into [F] (PyTorch: <c>x.max(dim=1)</c>,
/// <c>x.mean(dim=1)</c> on batch-first data). Max's backward sends the gradient to the first step holding the
/// maximum, as PyTorch does; dx is overwritten.
/// </summary>
public static class StepPooling
{
    public static void MaxForward(Span<double> y, ReadOnlySpan<double> x, int features)
    {
        int steps = x.Length / features;
        for (int j = 0; j < features; j++) y[j] = x[FirstMaximum(x, features, steps, j) * features + j];
    }

    public static void MaxBackward(Span<double> dx, ReadOnlySpan<double> dy, ReadOnlySpan<double> x, int features)
    {
        int steps = x.Length / features;
        dx.Clear();
        for (int j = 0; j < features; j++) dx[FirstMaximum(x, features, steps, j) * features + j] = dy[j];
    }

    public static void AverageForward(Span<double> y, ReadOnlySpan<double> x, int features)
    {
        int steps = x.Length / features;
        for (int j = 0; j < features; j++)
        {
            double sum = x[j];
            for (int t = 1; t < steps; t++) sum += x[t * features + j];
            y[j] = sum / steps;
        }
    }

    public static void AverageBackward(Span<double> dx, ReadOnlySpan<double> dy, int features)
    {
        int steps = dx.Length / features;
        for (int t = 0; t < steps; t++)
            for (int j = 0; j < features; j++) dx[t * features + j] = dy[j] / steps;
    }

    private static int FirstMaximum(ReadOnlySpan<double> x, int features, int steps, int j)
    {
        int first = 0;
        for (int t = 1; t < steps; t++) if (x[t * features + j] > x[first * features + j]) first = t;
        return first;
    }
}
