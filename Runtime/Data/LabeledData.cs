namespace NetGen;

/// <summary>
/// A classification data set: <see cref="SampleCount"/> samples of <see cref="FeatureCount"/> float
/// features (row-major in <see cref="Features"/>) and one integer class label per sample.
/// </summary>
public sealed class LabeledData
{
    public LabeledData(int featureCount, float[] features, int[] labels, IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        if ((long)labels.Length * featureCount != features.Length)
            throw new ArgumentException($"{labels.Length} samples × {featureCount} features need {(long)labels.Length * featureCount} values, found {features.Length}", nameof(features));
        FeatureCount = featureCount;
        Features = features;
        Labels = labels;
        ClassNames = classNames ?? [];
    }

    /// <summary>Number of samples.</summary>
    public int SampleCount => Labels.Length;

    /// <summary>Number of features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>Features, row-major: sample s, feature f at <c>s * FeatureCount + f</c>.</summary>
    public float[] Features { get; }

    /// <summary>The class label of each sample.</summary>
    public int[] Labels { get; }

    /// <summary>Class names by label when the file names them (sklearn's header), else empty.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes: the named ones, or max label + 1 when unnamed.</summary>
    public int ClassCount => ClassNames.Count > 0 ? ClassNames.Count : (Labels.Length == 0 ? 0 : Labels.Max() + 1);

    /// <summary>The features of sample <paramref name="sample"/>.</summary>
    public ReadOnlySpan<float> Sample(int sample) => Features.AsSpan(checked(sample * FeatureCount), FeatureCount);
}
