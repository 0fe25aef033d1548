using System.Diagnostics.CodeAnalysis;
using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// From a classifier's outputs to what a caller wants to know: class probabilities (softmax of the logits) and the
/// predicted class (argmax), row by row over [batch, classes] spans. Allocates nothing.
/// </summary>
/// <remarks>
/// NaN is never hidden: a row with a NaN logit has NaN probabilities, and the argmax of a row with a NaN is the first
/// NaN (as PyTorch's <c>argmax</c>, which treats NaN as the maximum), so a diverged network shows in its predictions.
/// </remarks>
public static class Classification
{
    /// <summary>
    /// Writes (=) softmax(<paramref name="logits"/>) row by row into <paramref name="probabilities"/>: each row
    /// e^(x − max x) / Σ e^(x − max x), which cannot overflow for any finite logits and sums to 1 (within rounding).
    /// The two spans may be the same memory (in place).
    /// </summary>
    /// <param name="logits">[batch, classes], row-major: e.g. the outputs of a softmax cross-entropy network.</param>
    /// <param name="probabilities">[batch, classes], written.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="classes">Values per row.</param>
    /// <remarks>A row holding NaN or +∞ comes out all NaN (as in PyTorch); −∞ gives probability 0 unless the whole row is −∞ (NaN).</remarks>
    /// <exception cref="ArgumentException">A span length is not batch × classes; nothing is written then.</exception>
    public static void Softmax(ReadOnlySpan<float> logits, Span<float> probabilities, int batch, int classes)
    {
        int count = RowsLength(batch, classes);
        RequireLength(logits.Length, count, batch, classes, nameof(logits));
        RequireLength(probabilities.Length, count, batch, classes, nameof(probabilities));
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> x = logits.Slice(b * classes, classes);
            Span<float> p = probabilities.Slice(b * classes, classes);
            float max = TensorPrimitives.Max(x); // NaN if any is NaN, which then fills the row
            TensorPrimitives.Subtract(x, max, p);
            TensorPrimitives.Exp(p, p);
            TensorPrimitives.Divide(p, TensorPrimitives.Sum(p), p);
        }
    }

    /// <summary>
    /// Index of the largest value: the first of equal largest values, and the first NaN if there is one (NaN counts
    /// as the maximum, as in PyTorch). −0 and +0 are equal.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty.</exception>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("Cannot take the argmax of an empty span.", nameof(values));
        int best = 0;
        if (float.IsNaN(values[0])) return 0;
        for (int i = 1; i < values.Length; i++)
        {
            float value = values[i];
            if (float.IsNaN(value)) return i;
            if (value > values[best]) best = i;
        }
        return best;
    }

    /// <summary>
    /// Writes (=) the <see cref="ArgMax(ReadOnlySpan{float})"/> of each row of <paramref name="scores"/> into
    /// <paramref name="classes"/>: the predicted class of each sample.
    /// </summary>
    /// <param name="scores">[batch, classCount], row-major: logits or probabilities (same argmax).</param>
    /// <param name="classes">[batch], written.</param>
    /// <param name="batch">Rows.</param>
    /// <param name="classCount">Values per row.</param>
    /// <exception cref="ArgumentException">A span length is wrong; nothing is written then.</exception>
    public static void ArgMax(ReadOnlySpan<float> scores, Span<int> classes, int batch, int classCount)
    {
        int count = RowsLength(batch, classCount);
        RequireLength(scores.Length, count, batch, classCount, nameof(scores));
        if (classes.Length != batch)
        {
            throw new ArgumentException($"Expected classes of length {batch} (one per row), but its length is {classes.Length}.", nameof(classes));
        }
        for (int b = 0; b < batch; b++) classes[b] = ArgMax(scores.Slice(b * classCount, classCount));
    }

    private static int RowsLength(int batch, int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        long count = (long)batch * classes;
        if (count > int.MaxValue) throw new ArgumentException($"batch {batch} x classes {classes} exceeds the largest span length.", nameof(batch));
        return (int)count;
    }

    private static void RequireLength(int actual, int expected, int batch, int classes, string name)
    {
        if (actual != expected) ThrowLength(actual, expected, batch, classes, name);
    }

    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, int batch, int classes, string name) =>
        throw new ArgumentException($"Expected {name} of length {expected} (batch {batch} x classes {classes}), but its length is {actual}.", name);
}
