namespace NetGen;

/// <summary>
/// An in-memory set of samples: one row of features and one row of targets per sample, both
/// row-major in flat arrays so a batch is gathered by copying whole rows, plus an optional class
/// label per sample for measuring accuracy.
/// </summary>
/// <remarks>
/// <see cref="Features"/> is [<see cref="Count"/>, <see cref="FeatureSize"/>] and <see cref="Targets"/>
/// is [<see cref="Count"/>, <see cref="TargetSize"/>]: one-hot rows for softmax cross-entropy, 0/1 for
/// binary cross-entropy, any values for regression. A dataset made by <see cref="FromClassIds"/> has no target
/// rows: its targets are the class ids in <see cref="Labels"/> (<see cref="TargetsAreLabels"/>). The arrays are
/// the dataset's own (not copied), so in-place scaling is cheap; share them only if that is intended.
/// </remarks>
public sealed class Dataset
{
    /// <summary>Creates a dataset over the given arrays (not copied) after checking that their lengths agree.</summary>
    /// <param name="features">[count, featureSize], row-major.</param>
    /// <param name="featureSize">Floats per sample of <paramref name="features"/>.</param>
    /// <param name="targets">[count, targetSize], row-major.</param>
    /// <param name="targetSize">Floats per sample of <paramref name="targets"/>.</param>
    /// <param name="labels">
    /// Optional class index per sample: in [0, targetSize) when targetSize &gt; 1, 0 or 1 when targetSize is 1.
    /// </param>
    /// <exception cref="ArgumentException">The lengths disagree or a label is out of range.</exception>
    public Dataset(float[] features, int featureSize, float[] targets, int targetSize, int[]? labels = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        if (features.Length % featureSize != 0)
        {
            throw new ArgumentException(
                $"Features length {features.Length} is not a multiple of the feature size {featureSize}.", nameof(features));
        }
        int count = features.Length / featureSize;
        if (targets.Length != count * targetSize)
        {
            throw new ArgumentException(
                $"Targets length must be {count} samples x {targetSize} = {count * targetSize}, but is {targets.Length}.", nameof(targets));
        }
        if (labels is not null)
        {
            if (labels.Length != count)
            {
                throw new ArgumentException($"Labels length must be {count} (one per sample), but is {labels.Length}.", nameof(labels));
            }
            // A single output is a binary classifier (label 0 or 1); otherwise the label is an output index.
            int classCount = targetSize == 1 ? 2 : targetSize;
            for (int i = 0; i < labels.Length; i++)
            {
                if ((uint)labels[i] >= (uint)classCount)
                {
                    throw new ArgumentException(
                        $"Label {labels[i]} of sample {i} is outside [0, {classCount}).", nameof(labels));
                }
            }
        }
        Features = features;
        Targets = targets;
        Labels = labels;
        FeatureSize = featureSize;
        TargetSize = targetSize;
        Count = count;
    }

    /// <summary>A class-id dataset over arrays already checked by <see cref="FromClassIds"/>.</summary>
    private Dataset(float[] features, int featureSize, int[] labels, int classCount)
    {
        Features = features;
        Targets = [];
        Labels = labels;
        FeatureSize = featureSize;
        TargetSize = classCount;
        Count = labels.Length;
        TargetsAreLabels = true;
    }

    /// <summary>[<see cref="Count"/>, <see cref="FeatureSize"/>], row-major.</summary>
    public float[] Features { get; }

    /// <summary>[<see cref="Count"/>, <see cref="TargetSize"/>], row-major.</summary>
    public float[] Targets { get; }

    /// <summary>Class index per sample, or <see langword="null"/> when accuracy has no meaning (regression).</summary>
    public int[]? Labels { get; }

    /// <summary>
    /// Whether the targets are the class ids in <see cref="Labels"/> (a dataset made by <see cref="FromClassIds"/>):
    /// then <see cref="Targets"/> is empty and <see cref="TargetSize"/> is the number of classes.
    /// </summary>
    public bool TargetsAreLabels { get; }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Floats per sample in <see cref="Features"/>.</summary>
    public int FeatureSize { get; }

    /// <summary>Floats per sample in <see cref="Targets"/>.</summary>
    public int TargetSize { get; }

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public Span<float> FeatureRow(int index) => Features.AsSpan(checked(index * FeatureSize), FeatureSize);

    /// <summary>The targets of sample <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">The targets are class ids (<see cref="TargetsAreLabels"/>): there are no rows.</exception>
    public Span<float> TargetRow(int index) => TargetsAreLabels
        ? throw new InvalidOperationException($"This dataset's targets are the class ids in Labels (made by FromClassIds), so it has no target rows; read Labels[{index}].")
        : Targets.AsSpan(checked(index * TargetSize), TargetSize);

    /// <summary>
    /// A classification dataset whose targets are one-hot rows of <paramref name="classCount"/> built
    /// from <paramref name="labels"/>; the labels are kept for accuracy. <see cref="FromClassIds"/> trains the same
    /// without the rows.
    /// </summary>
    public static Dataset FromLabels(float[] features, int featureSize, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        var targets = new float[checked(labels.Length * classCount)];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {labels[i]} of sample {i} is outside [0, {classCount}).", nameof(labels));
            }
            targets[i * classCount + labels[i]] = 1f;
        }
        return new Dataset(features, featureSize, targets, classCount, labels);
    }

    /// <summary>
    /// A classification dataset whose targets are the class ids <paramref name="labels"/> themselves, with no one-hot
    /// rows (<see cref="TargetsAreLabels"/>): the trainer gives the ids to the softmax cross-entropy, which reads one
    /// logit per sample instead of a row, and the dataset holds no [count, classes] array. Neither array is copied.
    /// </summary>
    /// <param name="features">[count, featureSize], row-major.</param>
    /// <param name="featureSize">Floats per sample of <paramref name="features"/>.</param>
    /// <param name="labels">Class id per sample, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">Number of classes: the network's outputs (2 or more).</param>
    /// <exception cref="ArgumentException">The lengths disagree, or a label is outside [0, classCount) (the message
    /// names the sample and its label).</exception>
    public static Dataset FromClassIds(float[] features, int featureSize, int[] labels, int classCount)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if ((long)labels.Length * featureSize != features.Length)
        {
            throw new ArgumentException(
                $"Features length must be {labels.Length} labels x {featureSize} = {(long)labels.Length * featureSize}, but is {features.Length}.", nameof(features));
        }
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {labels[i]} of sample {i} is outside [0, {classCount}).", nameof(labels));
            }
        }
        return new Dataset(features, featureSize, labels, classCount);
    }

    /// <summary>
    /// Splits the samples into two disjoint datasets after a seeded shuffle: the same seed gives the
    /// same split. The second part holds round(<see cref="Count"/> × <paramref name="testFraction"/>) samples.
    /// </summary>
    /// <param name="testFraction">Fraction in [0, 1] that goes to the second part.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    public (Dataset Train, Dataset Test) Split(double testFraction, int seed)
    {
        if (!(testFraction >= 0 && testFraction <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in [0, 1].");
        }
        int testCount = (int)Math.Round(Count * testFraction, MidpointRounding.AwayFromZero);
        var order = new int[Count];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        new RandomSource(seed).Shuffle(order);
        // Both parts keep the shuffled order; the caller reshuffles per epoch anyway.
        return (Subset(order.AsSpan(testCount)), Subset(order.AsSpan(0, testCount)));
    }

    /// <summary>A new dataset holding copies of the samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        var features = new float[checked(indices.Length * FeatureSize)];
        float[] targets = TargetsAreLabels ? [] : new float[checked(indices.Length * TargetSize)];
        int[]? labels = Labels is null ? null : new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int source = indices[i];
            if ((uint)source >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), source, $"Sample index must be in [0, {Count}).");
            }
            FeatureRow(source).CopyTo(features.AsSpan(i * FeatureSize, FeatureSize));
            if (!TargetsAreLabels) TargetRow(source).CopyTo(targets.AsSpan(i * TargetSize, TargetSize));
            if (labels is not null) labels[i] = Labels![source];
        }
        return TargetsAreLabels ? new Dataset(features, FeatureSize, labels!, TargetSize) : new Dataset(features, FeatureSize, targets, TargetSize, labels);
    }

    /// <summary>Multiplies every feature by <paramref name="factor"/> in place (e.g. 1/255 for pixels).</summary>
    public void ScaleFeatures(float factor) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(Features, factor, Features);
}
