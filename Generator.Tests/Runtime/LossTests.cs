using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>
/// The losses against plain double-precision reference formulas (written the obvious, unstable way),
/// their gradients against central differences, their stability on huge logits, their argument checks
/// and their allocation.
/// </summary>
public class LossTests
{
    private const int Batch = 3, Width = 5; // small odd shape: no row or vector width lines up

    /// <summary>A plain reference loss over doubles (mean as the runtime defines it).</summary>
    private delegate double ReferenceLoss(double[] outputs, double[] targets);

    /// <summary>A runtime loss, in the shape shared by every loss.</summary>
    private delegate float RuntimeLoss(ReadOnlySpan<float> outputs, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int width);

    private static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    private static double ReferenceMse(double[] y, double[] t) =>
        y.Zip(t, (a, b) => (a - b) * (a - b)).Sum() / y.Length;

    private static double ReferenceBce(double[] y, double[] t) =>
        y.Zip(t, (x, p) => -(p * Math.Log(Sigmoid(x)) + (1 - p) * Math.Log(1 - Sigmoid(x)))).Sum() / y.Length;

    private static double ReferenceSoftmaxCe(double[] y, double[] t)
    {
        int batch = y.Length / Width;
        double sum = 0;
        for (int b = 0; b < batch; b++)
        {
            double denominator = 0;
            for (int j = 0; j < Width; j++) denominator += Math.Exp(y[b * Width + j]);
            for (int i = 0; i < Width; i++) sum -= t[b * Width + i] * Math.Log(Math.Exp(y[b * Width + i]) / denominator);
        }
        return sum / batch;
    }

    private static double ReferenceHuber(double[] y, double[] t, double delta) =>
        y.Zip(t, (a, b) => Math.Abs(a - b) <= delta ? 0.5 * (a - b) * (a - b) : delta * (Math.Abs(a - b) - 0.5 * delta)).Sum() / y.Length;

    private static float[] RandomFloats(int count, int seed, float low, float high)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => low + (high - low) * random.NextSingle()).ToArray();
    }

    /// <summary>Random probability rows (positive, each summing to one).</summary>
    private static float[] ProbabilityRows(int batch, int width, int seed)
    {
        float[] t = RandomFloats(batch * width, seed, 0.05f, 1f);
        for (int b = 0; b < batch; b++)
        {
            float sum = t.AsSpan(b * width, width).ToArray().Sum();
            for (int i = 0; i < width; i++) t[b * width + i] /= sum;
        }
        return t;
    }

    private static float[] OneHot(int[] labels, int width)
    {
        var t = new float[labels.Length * width];
        for (int b = 0; b < labels.Length; b++) t[b * width + labels[b]] = 1f;
        return t;
    }

    private static double[] ToDouble(float[] values) => values.Select(v => (double)v).ToArray();

    /// <summary>
    /// Checks loss value against the reference, and the gradient against double central differences of the
    /// reference and float central differences of the runtime loss itself.
    /// </summary>
    private static void CheckLossAndGradient(RuntimeLoss loss, ReferenceLoss reference, float[] outputs, float[] targets)
    {
        var gradient = new float[outputs.Length];
        float value = loss(outputs, targets, gradient, Batch, Width);
        double expected = reference(ToDouble(outputs), ToDouble(targets));
        Assert.True(Math.Abs(value - expected) <= 1e-5 * Math.Abs(expected) + 1e-6, $"loss {value}, reference {expected}");

        // The same value when no gradient is asked for.
        Assert.Equal(value, loss(outputs, targets, Span<float>.Empty, Batch, Width), 1e-5f);

        double[] y = ToDouble(outputs), t = ToDouble(targets);
        for (int i = 0; i < outputs.Length; i++)
        {
            // Double central differences of the reference, h = 1e-5.
            const double h = 1e-5;
            double[] plus = (double[])y.Clone(), minus = (double[])y.Clone();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (reference(plus, t) - reference(minus, t)) / (2 * h);
            Assert.True(Math.Abs(gradient[i] - numeric) <= 1e-3 * Math.Abs(numeric) + 1e-6,
                $"gradient[{i}] = {gradient[i]}, central difference of the reference {numeric}");

            // Float central differences of the runtime loss itself, h = 1e-2 (float rounding limits h).
            const float hf = 1e-2f;
            float[] plusF = (float[])outputs.Clone(), minusF = (float[])outputs.Clone();
            plusF[i] += hf;
            minusF[i] -= hf;
            double numericOwn = ((double)loss(plusF, targets, Span<float>.Empty, Batch, Width)
                - loss(minusF, targets, Span<float>.Empty, Batch, Width)) / (plusF[i] - minusF[i]);
            Assert.True(Math.Abs(gradient[i] - numericOwn) <= 5e-3 * Math.Abs(numericOwn) + 2e-4,
                $"gradient[{i}] = {gradient[i]}, central difference of the runtime loss {numericOwn}");
        }
    }

    [Fact]
    public void MeanSquaredError_matches_reference_and_finite_differences() =>
        CheckLossAndGradient(MeanSquaredError.Evaluate, ReferenceMse,
            RandomFloats(Batch * Width, 1, -2f, 2f), RandomFloats(Batch * Width, 2, -2f, 2f));

    [Fact]
    public void BinaryCrossEntropyWithLogits_matches_reference_and_finite_differences() =>
        CheckLossAndGradient(BinaryCrossEntropyWithLogits.Evaluate, ReferenceBce,
            RandomFloats(Batch * Width, 3, -4f, 4f), RandomFloats(Batch * Width, 4, 0f, 1f));

    [Fact]
    public void SoftmaxCrossEntropy_matches_reference_and_finite_differences_for_probability_targets() =>
        CheckLossAndGradient(SoftmaxCrossEntropy.Evaluate, ReferenceSoftmaxCe,
            RandomFloats(Batch * Width, 5, -3f, 3f), ProbabilityRows(Batch, Width, 6));

    [Fact]
    public void SoftmaxCrossEntropy_matches_reference_and_finite_differences_for_one_hot_targets() =>
        CheckLossAndGradient(SoftmaxCrossEntropy.Evaluate, ReferenceSoftmaxCe,
            RandomFloats(Batch * Width, 7, -3f, 3f), OneHot([4, 0, 2], Width));

    [Fact]
    public void SoftmaxCrossEntropy_gradient_is_exact_for_targets_not_summing_to_one() =>
        CheckLossAndGradient(SoftmaxCrossEntropy.Evaluate, ReferenceSoftmaxCe,
            RandomFloats(Batch * Width, 8, -3f, 3f), RandomFloats(Batch * Width, 9, 0f, 1f));

    [Theory]
    [InlineData(1.0f)]
    [InlineData(0.5f)]
    public void HuberLoss_matches_reference_and_finite_differences(float delta) =>
        CheckLossAndGradient(
            (o, t, g, b, w) => HuberLoss.Evaluate(o, t, g, b, w, delta),
            (y, t) => ReferenceHuber(y, t, delta),
            RandomFloats(Batch * Width, 10, -2f, 2f), RandomFloats(Batch * Width, 11, -2f, 2f));

    [Fact]
    public void SoftmaxCrossEntropy_with_labels_equals_one_hot_targets()
    {
        int[] labels = [1, 4, 0];
        float[] outputs = RandomFloats(Batch * Width, 12, -3f, 3f);
        float[] gradientLabels = new float[Batch * Width], gradientTargets = new float[Batch * Width];

        float withLabels = SoftmaxCrossEntropy.Evaluate(outputs, labels, gradientLabels, Batch, Width);
        float withTargets = SoftmaxCrossEntropy.Evaluate(outputs, OneHot(labels, Width), gradientTargets, Batch, Width);

        Assert.Equal(withTargets, withLabels, 1e-5f);
        Assert.Equal(withLabels, SoftmaxCrossEntropy.Evaluate(outputs, labels, Span<float>.Empty, Batch, Width), 1e-5f);
        for (int i = 0; i < gradientLabels.Length; i++)
        {
            Assert.Equal(gradientTargets[i], gradientLabels[i], 1e-6f);
        }
    }

    [Fact]
    public void Losses_are_finite_and_exact_on_huge_logits()
    {
        // One sample, width 3: logits ±1000 overflow e^x in float and double alike.
        float[] logits = [1000f, -1000f, 0f];
        var gradient = new float[3];

        // Softmax CE with the true class at −1000: −log softmax = lse − x = 1000 − (−1000) = 2000.
        float ce = SoftmaxCrossEntropy.Evaluate(logits, [0f, 1f, 0f], gradient, 1, 3);
        Assert.Equal(2000f, ce, 1e-3f);
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
        Assert.Equal(1f, gradient[0], 1e-6f);  // softmax ≈ (1, 0, 0) minus target (0, 1, 0)
        Assert.Equal(-1f, gradient[1], 1e-6f);
        Assert.Equal(2000f, SoftmaxCrossEntropy.Evaluate(logits, [1], gradient, 1, 3), 1e-3f);

        // BCE: x = 1000 with t = 0 and x = −1000 with t = 1 each cost 1000; x = 0 costs log 2.
        float bce = BinaryCrossEntropyWithLogits.Evaluate(logits, [0f, 1f, 0.5f], gradient, 1, 3);
        Assert.Equal((2000f + MathF.Log(2f)) / 3f, bce, 1e-3f);
        Assert.Equal(1f / 3f, gradient[0], 1e-6f);
        Assert.Equal(-1f / 3f, gradient[1], 1e-6f);
        Assert.Equal(0f, gradient[2], 1e-6f);

        // Confidently right: loss 0, not NaN.
        Assert.Equal(0f, BinaryCrossEntropyWithLogits.Evaluate([1000f, -1000f], [1f, 0f], gradient.AsSpan(0, 2), 1, 2), 1e-6f);
        Assert.Equal(0f, SoftmaxCrossEntropy.Evaluate(logits, [0], gradient, 1, 3), 1e-6f);
    }

    [Fact]
    public void LossFunctions_dispatches_on_kind_and_rejects_none()
    {
        float[] outputs = RandomFloats(Batch * Width, 13, -2f, 2f);
        float[] targets = ProbabilityRows(Batch, Width, 14);
        var gradient = new float[Batch * Width];

        Assert.Equal(MeanSquaredError.Evaluate(outputs, targets, [], Batch, Width),
            LossFunctions.Evaluate(LossKind.MeanSquaredError, outputs, targets, gradient, Batch, Width), 1e-6f);
        Assert.Equal(BinaryCrossEntropyWithLogits.Evaluate(outputs, targets, [], Batch, Width),
            LossFunctions.Evaluate(LossKind.BinaryCrossEntropyWithLogits, outputs, targets, gradient, Batch, Width), 1e-6f);
        Assert.Equal(SoftmaxCrossEntropy.Evaluate(outputs, targets, [], Batch, Width),
            LossFunctions.Evaluate(LossKind.SoftmaxCrossEntropy, outputs, targets, gradient, Batch, Width), 1e-6f);

        var error = Assert.Throws<ArgumentException>(() => LossFunctions.Evaluate(LossKind.None, outputs, targets, gradient, Batch, Width));
        Assert.Contains("None", error.Message);
    }

    public static TheoryData<string> LossNames => ["mse", "bce", "softmax", "huber", "dispatch"];

    private static float Call(string name, ReadOnlySpan<float> o, ReadOnlySpan<float> t, Span<float> g, int batch, int width) => name switch
    {
        "mse" => MeanSquaredError.Evaluate(o, t, g, batch, width),
        "bce" => BinaryCrossEntropyWithLogits.Evaluate(o, t, g, batch, width),
        "softmax" => SoftmaxCrossEntropy.Evaluate(o, t, g, batch, width),
        "huber" => HuberLoss.Evaluate(o, t, g, batch, width, 1f),
        "dispatch" => LossFunctions.Evaluate(LossKind.MeanSquaredError, o, t, g, batch, width),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Wrong_lengths_throw_naming_expected_and_actual(string name)
    {
        var right = new float[15];
        var wrong = new float[13];
        foreach (var (o, t, g, param) in new[]
        {
            (wrong, right, right, "outputs"),
            (right, wrong, right, "targets"),
            (right, right, wrong, "gradient"),
        })
        {
            var error = Assert.Throws<ArgumentException>(() => Call(name, o, t, g, 3, 5));
            Assert.Contains("15", error.Message);
            Assert.Contains("13", error.Message);
            Assert.Equal(param, error.ParamName);
        }
        Assert.ThrowsAny<ArgumentException>(() => Call(name, right, right, right, 0, 5));
    }

    [Fact]
    public void SoftmaxCrossEntropy_with_labels_checks_labels_before_writing()
    {
        float[] outputs = RandomFloats(Batch * Width, 15, -1f, 1f);
        var gradient = new float[Batch * Width];
        Array.Fill(gradient, 7f);

        var length = Assert.Throws<ArgumentException>(() => SoftmaxCrossEntropy.Evaluate(outputs, [0, 1], gradient, Batch, Width));
        Assert.Contains("3", length.Message);
        Assert.Contains("2", length.Message);

        var range = Assert.ThrowsAny<ArgumentException>(() => SoftmaxCrossEntropy.Evaluate(outputs, [0, 5, 1], gradient, Batch, Width));
        Assert.Contains("5", range.Message);
        Assert.ThrowsAny<ArgumentException>(() => SoftmaxCrossEntropy.Evaluate(outputs, [0, 1, -1], gradient, Batch, Width));
        Assert.All(gradient, g => Assert.Equal(7f, g)); // untouched
    }

    [Fact]
    public void HuberLoss_rejects_non_positive_delta() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HuberLoss.Evaluate(new float[15], new float[15], [], Batch, Width, 0f));

    [Fact]
    public void Evaluate_allocates_nothing()
    {
        // Sizes past one vector width so the TensorPrimitives paths run too.
        const int batch = 8, width = 37;
        float[] outputs = RandomFloats(batch * width, 16, -3f, 3f);
        float[] targets = ProbabilityRows(batch, width, 17);
        float[] gradient = new float[batch * width];
        int[] labels = [0, 5, 36, 2, 9, 11, 20, 30];

        void RunAll()
        {
            MeanSquaredError.Evaluate(outputs, targets, gradient, batch, width);
            MeanSquaredError.Evaluate(outputs, targets, [], batch, width);
            BinaryCrossEntropyWithLogits.Evaluate(outputs, targets, gradient, batch, width);
            SoftmaxCrossEntropy.Evaluate(outputs, targets, gradient, batch, width);
            SoftmaxCrossEntropy.Evaluate(outputs, targets, [], batch, width);
            SoftmaxCrossEntropy.Evaluate(outputs, labels, gradient, batch, width);
            HuberLoss.Evaluate(outputs, targets, gradient, batch, width, 0.5f);
            LossFunctions.Evaluate(LossKind.SoftmaxCrossEntropy, outputs, targets, gradient, batch, width);
        }

        RunAll(); // warm-up: JIT and static initialization
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) RunAll();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
