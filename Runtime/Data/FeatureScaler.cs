namespace NetGen;

/// <summary>
/// Per-feature standardization: <see cref="Fit"/> learns each feature's mean and standard deviation
/// on the training set, <see cref="Transform"/> maps any set with those same statistics, so test data
/// never leaks into what the model is trained on.
/// </summary>
public sealed class FeatureScaler
{
    private float[] _means = [];
    private float[] _scales = [];

    /// <summary>Mean of each feature on the fitted data.</summary>
    public ReadOnlySpan<float> Means => _means;

    /// <summary>
    /// Reciprocal of each feature's population standard deviation; 1 for a constant feature, so it
    /// becomes 0 rather than NaN.
    /// </summary>
    public ReadOnlySpan<float> InverseStandardDeviations => _scales;

    /// <summary>Number of features fitted, 0 before <see cref="Fit"/>.</summary>
    public int FeatureSize => _means.Length;

    /// <summary>Learns per-feature mean and standard deviation from <paramref name="data"/>.</summary>
    public FeatureScaler Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Count == 0) throw new ArgumentException("Cannot fit a scaler on an empty dataset.", nameof(data));
        int n = data.Count, d = data.FeatureSize;
        // Double accumulators: float sums over many samples lose the digits the variance needs.
        var sum = new double[d];
        var sumSquares = new double[d];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = data.FeatureRow(i);
            for (int j = 0; j < d; j++)
            {
                sum[j] += row[j];
            }
        }
        var means = new float[d];
        for (int j = 0; j < d; j++) means[j] = (float)(sum[j] / n);
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<float> row = data.FeatureRow(i);
            for (int j = 0; j < d; j++)
            {
                double centered = row[j] - sum[j] / n;
                sumSquares[j] += centered * centered;
            }
        }
        var scales = new float[d];
        for (int j = 0; j < d; j++)
        {
            double std = Math.Sqrt(sumSquares[j] / n);
            scales[j] = std > 1e-12 ? (float)(1.0 / std) : 1f;
        }
        _means = means;
        _scales = scales;
        return this;
    }

    /// <summary>Replaces each feature x of <paramref name="data"/> by (x − mean) / std, in place.</summary>
    public void Transform(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_means.Length == 0) throw new InvalidOperationException("Call Fit before Transform.");
        if (data.FeatureSize != _means.Length)
        {
            throw new ArgumentException(
                $"The scaler was fitted on {_means.Length} features, but the dataset has {data.FeatureSize}.", nameof(data));
        }
        for (int i = 0; i < data.Count; i++)
        {
            Span<float> row = data.FeatureRow(i);
            for (int j = 0; j < row.Length; j++)
            {
                row[j] = (row[j] - _means[j]) * _scales[j];
            }
        }
    }
}
