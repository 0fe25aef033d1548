using System.Globalization;
using System.Text;

namespace NetGen;

/// <summary>
/// Counts of (true class, predicted class) pairs of a classifier, and the metrics read from them: accuracy and, per
/// class, precision, recall and F1 with their macro and weighted averages (as scikit-learn's
/// <c>confusion_matrix</c> and <c>classification_report</c>). Rows are true classes, columns predicted ones.
/// </summary>
/// <remarks>
/// A ratio whose denominator is zero is 0, as scikit-learn with <c>zero_division=0</c>: the precision of a class never
/// predicted, the recall of a class that never occurs, the F1 of a class whose precision and recall are both 0, and
/// every metric of an empty matrix. Averages run over all <see cref="ClassCount"/> classes, present or not (scikit-learn
/// with <c>labels=range(ClassCount)</c>). Add samples batch by batch with <see cref="Add(ReadOnlySpan{int}, ReadOnlySpan{int})"/>.
/// </remarks>
public sealed class ConfusionMatrix
{
    // [ClassCount, ClassCount], row-major: _counts[true * ClassCount + predicted].
    private readonly long[] _counts;

    /// <summary>An empty matrix of <paramref name="classCount"/> classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is less than 2.</exception>
    public ConfusionMatrix(int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(classCount, 46_340); // classCount² counts must fit an array
        ClassCount = classCount;
        _counts = new long[classCount * classCount];
    }

    /// <summary>The matrix of <paramref name="trueClasses"/> against <paramref name="predictedClasses"/> (same order, one per sample).</summary>
    /// <exception cref="ArgumentException">The lengths differ or a class is outside [0, classCount).</exception>
    public ConfusionMatrix(ReadOnlySpan<int> trueClasses, ReadOnlySpan<int> predictedClasses, int classCount)
        : this(classCount) => Add(trueClasses, predictedClasses);

    /// <summary>Number of classes: the matrix is <see cref="ClassCount"/> × <see cref="ClassCount"/>.</summary>
    public int ClassCount { get; }

    /// <summary>Samples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Samples of true class <paramref name="trueClass"/> predicted as <paramref name="predictedClass"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, <see cref="ClassCount"/>).</exception>
    public long this[int trueClass, int predictedClass]
    {
        get
        {
            CheckClass(trueClass, nameof(trueClass));
            CheckClass(predictedClass, nameof(predictedClass));
            return _counts[trueClass * ClassCount + predictedClass];
        }
    }

    /// <summary>Counts one sample.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is outside [0, <see cref="ClassCount"/>); nothing is counted then.</exception>
    public void Add(int trueClass, int predictedClass)
    {
        CheckClass(trueClass, nameof(trueClass));
        CheckClass(predictedClass, nameof(predictedClass));
        _counts[trueClass * ClassCount + predictedClass]++;
        Total++;
    }

    /// <summary>Counts one sample per pair of <paramref name="trueClasses"/> and <paramref name="predictedClasses"/>. Allocates nothing.</summary>
    /// <exception cref="ArgumentException">The lengths differ or a class is outside [0, <see cref="ClassCount"/>) (the message
    /// names the sample); all are checked first, so nothing is counted then.</exception>
    public void Add(ReadOnlySpan<int> trueClasses, ReadOnlySpan<int> predictedClasses)
    {
        if (trueClasses.Length != predictedClasses.Length)
        {
            throw new ArgumentException(
                $"Expected one predicted class per true class, but there are {trueClasses.Length} true and {predictedClasses.Length} predicted classes.",
                nameof(predictedClasses));
        }
        for (int i = 0; i < trueClasses.Length; i++)
        {
            if ((uint)trueClasses[i] >= (uint)ClassCount) ThrowSampleClass("trueClasses", i, trueClasses[i]);
            if ((uint)predictedClasses[i] >= (uint)ClassCount) ThrowSampleClass("predictedClasses", i, predictedClasses[i]);
        }
        for (int i = 0; i < trueClasses.Length; i++) _counts[trueClasses[i] * ClassCount + predictedClasses[i]]++;
        Total += trueClasses.Length;
    }

    /// <summary>Fraction of samples predicted right: the diagonal over <see cref="Total"/> (0 when empty).</summary>
    public double Accuracy
    {
        get
        {
            long correct = 0;
            for (int c = 0; c < ClassCount; c++) correct += _counts[c * ClassCount + c];
            return Ratio(correct, Total);
        }
    }

    /// <summary>Samples whose true class is <paramref name="trueClass"/> (the row sum).</summary>
    public long Support(int trueClass)
    {
        CheckClass(trueClass, nameof(trueClass));
        long sum = 0;
        for (int p = 0; p < ClassCount; p++) sum += _counts[trueClass * ClassCount + p];
        return sum;
    }

    /// <summary>Samples predicted as <paramref name="predictedClass"/> (the column sum).</summary>
    public long PredictedCount(int predictedClass)
    {
        CheckClass(predictedClass, nameof(predictedClass));
        long sum = 0;
        for (int t = 0; t < ClassCount; t++) sum += _counts[t * ClassCount + predictedClass];
        return sum;
    }

    /// <summary>Of the samples predicted as <paramref name="c"/>, the fraction that are: TP / (TP + FP); 0 if none was predicted as it.</summary>
    public double Precision(int c) => Ratio(this[c, c], PredictedCount(c));

    /// <summary>Of the samples of class <paramref name="c"/>, the fraction predicted as it: TP / (TP + FN); 0 if the class never occurs.</summary>
    public double Recall(int c) => Ratio(this[c, c], Support(c));

    /// <summary>Harmonic mean of <see cref="Precision"/> and <see cref="Recall"/> of class <paramref name="c"/>: 2TP / (2TP + FP + FN); 0 if both are 0.</summary>
    public double F1(int c) => Ratio(2 * this[c, c], Support(c) + PredictedCount(c));

    /// <summary>Unweighted mean of the classes' precisions.</summary>
    public double MacroPrecision => Macro(Precision);

    /// <summary>Unweighted mean of the classes' recalls.</summary>
    public double MacroRecall => Macro(Recall);

    /// <summary>Unweighted mean of the classes' F1 scores.</summary>
    public double MacroF1 => Macro(F1);

    /// <summary>Mean of the classes' precisions weighted by their <see cref="Support"/>.</summary>
    public double WeightedPrecision => Weighted(Precision);

    /// <summary>Mean of the classes' recalls weighted by their <see cref="Support"/> (equal to <see cref="Accuracy"/>).</summary>
    public double WeightedRecall => Weighted(Recall);

    /// <summary>Mean of the classes' F1 scores weighted by their <see cref="Support"/>.</summary>
    public double WeightedF1 => Weighted(F1);

    /// <summary>The matrix and a per-class report (precision, recall, F1, support, averages), classes named by number.</summary>
    public override string ToString() => ToString(null);

    /// <summary>
    /// The matrix (rows true, columns predicted) and a per-class report as scikit-learn's <c>classification_report</c>:
    /// precision, recall, F1 and support per class, accuracy, macro and weighted averages, four decimals, invariant culture.
    /// </summary>
    /// <param name="classNames">A name per class, or null for the class numbers.</param>
    /// <exception cref="ArgumentException"><paramref name="classNames"/> does not hold <see cref="ClassCount"/> names.</exception>
    public string ToString(IReadOnlyList<string>? classNames)
    {
        if (classNames is not null && classNames.Count != ClassCount)
        {
            throw new ArgumentException($"Expected {ClassCount} class names, but there are {classNames.Count}.", nameof(classNames));
        }
        CultureInfo invariant = CultureInfo.InvariantCulture;
        string Name(int c) => classNames?[c] ?? c.ToString(invariant);

        int nameWidth = "true \\ predicted".Length, countWidth = "support".Length;
        for (int c = 0; c < ClassCount; c++) nameWidth = Math.Max(nameWidth, Name(c).Length);
        foreach (long count in _counts) countWidth = Math.Max(countWidth, count.ToString(invariant).Length);
        countWidth = Math.Max(countWidth, Total.ToString(invariant).Length);
        for (int c = 0; c < ClassCount; c++) countWidth = Math.Max(countWidth, Name(c).Length);

        var text = new StringBuilder();
        text.Append("true \\ predicted".PadRight(nameWidth));
        for (int p = 0; p < ClassCount; p++) text.Append(' ').Append(Name(p).PadLeft(countWidth));
        text.AppendLine();
        for (int t = 0; t < ClassCount; t++)
        {
            text.Append(Name(t).PadRight(nameWidth));
            for (int p = 0; p < ClassCount; p++) text.Append(' ').Append(_counts[t * ClassCount + p].ToString(invariant).PadLeft(countWidth));
            text.AppendLine();
        }
        text.AppendLine();

        const int MetricWidth = 9;
        void Row(string name, string precision, string recall, string f1, long support) =>
            text.Append(name.PadRight(nameWidth)).Append(' ').Append(precision.PadLeft(MetricWidth)).Append(' ').Append(recall.PadLeft(MetricWidth))
                .Append(' ').Append(f1.PadLeft(MetricWidth)).Append(' ').Append(support.ToString(invariant).PadLeft(countWidth)).AppendLine();
        string F(double value) => value.ToString("F4", invariant);

        text.Append("".PadRight(nameWidth)).Append(' ').Append("precision".PadLeft(MetricWidth)).Append(' ').Append("recall".PadLeft(MetricWidth))
            .Append(' ').Append("f1".PadLeft(MetricWidth)).Append(' ').Append("support".PadLeft(countWidth)).AppendLine();
        for (int c = 0; c < ClassCount; c++) Row(Name(c), F(Precision(c)), F(Recall(c)), F(F1(c)), Support(c));
        text.AppendLine();
        Row("accuracy", "", "", F(Accuracy), Total);
        Row("macro avg", F(MacroPrecision), F(MacroRecall), F(MacroF1), Total);
        Row("weighted avg", F(WeightedPrecision), F(WeightedRecall), F(WeightedF1), Total);
        return text.ToString();
    }

    private double Macro(Func<int, double> metric)
    {
        double sum = 0;
        for (int c = 0; c < ClassCount; c++) sum += metric(c);
        return sum / ClassCount;
    }

    private double Weighted(Func<int, double> metric)
    {
        double sum = 0;
        for (int c = 0; c < ClassCount; c++) sum += metric(c) * Support(c);
        return Total == 0 ? 0 : sum / Total;
    }

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private void CheckClass(int c, string name)
    {
        if ((uint)c >= (uint)ClassCount) throw new ArgumentOutOfRangeException(name, c, $"A class must be in [0, {ClassCount}).");
    }

    private void ThrowSampleClass(string name, int sample, int c) =>
        throw new ArgumentException($"Class {c} of sample {sample} of {name} is outside [0, {ClassCount}).", name);
}
