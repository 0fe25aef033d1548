namespace NetGen.Tests.Runtime;

public class MetricsTests
{
    // Four classes, counted by hand (rows true, columns predicted):
    //   true 0: 2 2 0 0    true 1: 1 2 0 0    true 2: 1 1 0 0    true 3: 0 1 0 0
    // Class 2 occurs but is never predicted; class 3 is never predicted either.
    private static readonly int[] s_true = [0, 0, 0, 0, 1, 1, 1, 2, 2, 3];
    private static readonly int[] s_predicted = [0, 0, 1, 1, 1, 1, 0, 1, 0, 1];

    [Fact]
    public void ConfusionMatrix_HandCountedExample()
    {
        var matrix = new ConfusionMatrix(s_true, s_predicted, classCount: 4);
        long[,] expected = { { 2, 2, 0, 0 }, { 1, 2, 0, 0 }, { 1, 1, 0, 0 }, { 0, 1, 0, 0 } };
        for (int t = 0; t < 4; t++)
        {
            for (int p = 0; p < 4; p++) Assert.Equal(expected[t, p], matrix[t, p]);
        }
        Assert.Equal(10, matrix.Total);
        Assert.Equal(0.4, matrix.Accuracy, 12);

        Assert.Equal(0.5, matrix.Precision(0), 12);          // 2 of the 4 predicted 0
        Assert.Equal(1.0 / 3, matrix.Precision(1), 12);      // 2 of the 6 predicted 1
        Assert.Equal(0.0, matrix.Precision(2));              // never predicted: 0 (zero_division=0)
        Assert.Equal(0.0, matrix.Precision(3));
        Assert.Equal(0.5, matrix.Recall(0), 12);
        Assert.Equal(2.0 / 3, matrix.Recall(1), 12);
        Assert.Equal(0.0, matrix.Recall(2));
        Assert.Equal(0.5, matrix.F1(0), 12);
        Assert.Equal(4.0 / 9, matrix.F1(1), 12);             // 2·(1/3)(2/3) / (1/3 + 2/3)
        Assert.Equal(0.0, matrix.F1(2));                     // precision and recall both 0

        Assert.Equal((0.5 + 1.0 / 3) / 4, matrix.MacroPrecision, 12);
        Assert.Equal((0.5 + 2.0 / 3) / 4, matrix.MacroRecall, 12);
        Assert.Equal((0.5 + 4.0 / 9) / 4, matrix.MacroF1, 12);
        Assert.Equal(0.3, matrix.WeightedPrecision, 12);     // (0.5·4 + 1/3·3) / 10
        Assert.Equal(0.4, matrix.WeightedRecall, 12);        // = accuracy
        Assert.Equal((2 + 4.0 / 3) / 10, matrix.WeightedF1, 12);
        Assert.Equal(3, matrix.Support(1));
        Assert.Equal(6, matrix.PredictedCount(1));
    }

    [Fact]
    public void ConfusionMatrix_MatchesBruteForceCountsOnRandomData()
    {
        var random = new RandomSource(11);
        const int Count = 500, Classes = 5;
        var truth = new int[Count];
        var predicted = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            truth[i] = random.NextInt32(Classes);
            predicted[i] = random.NextSingle() < 0.6f ? truth[i] : random.NextInt32(Classes - 1); // class 4 rarely predicted
        }
        // Batch by batch, as an evaluation over a large set would.
        var matrix = new ConfusionMatrix(Classes);
        for (int start = 0; start < Count; start += 64)
        {
            int length = Math.Min(64, Count - start);
            matrix.Add(truth.AsSpan(start, length), predicted.AsSpan(start, length));
        }

        double macroF1 = 0, weightedF1 = 0;
        for (int c = 0; c < Classes; c++)
        {
            int tp = Enumerable.Range(0, Count).Count(i => truth[i] == c && predicted[i] == c);
            int fp = Enumerable.Range(0, Count).Count(i => truth[i] != c && predicted[i] == c);
            int fn = Enumerable.Range(0, Count).Count(i => truth[i] == c && predicted[i] != c);
            double precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            Assert.Equal(precision, matrix.Precision(c), 12);
            Assert.Equal(recall, matrix.Recall(c), 12);
            Assert.Equal(f1, matrix.F1(c), 12);
            macroF1 += f1 / Classes;
            weightedF1 += f1 * (tp + fn) / Count;
        }
        Assert.Equal(macroF1, matrix.MacroF1, 12);
        Assert.Equal(weightedF1, matrix.WeightedF1, 12);
        Assert.Equal(Enumerable.Range(0, Count).Count(i => truth[i] == predicted[i]) / (double)Count, matrix.Accuracy, 12);
    }

    [Fact]
    public void ConfusionMatrix_Empty_AllMetricsAreZero()
    {
        var matrix = new ConfusionMatrix(3);
        Assert.Equal(0, matrix.Total);
        Assert.Equal(0.0, matrix.Accuracy);
        Assert.Equal(0.0, matrix.MacroF1);
        Assert.Equal(0.0, matrix.WeightedPrecision);
    }

    [Fact]
    public void ConfusionMatrix_BadInput_ThrowsAndCountsNothing()
    {
        var matrix = new ConfusionMatrix(3);
        var e = Assert.Throws<ArgumentException>(() => matrix.Add([0, 1, 2], [0, 3, 1]));
        Assert.Contains("Class 3 of sample 1 of predictedClasses is outside [0, 3)", e.Message);
        e = Assert.Throws<ArgumentException>(() => matrix.Add([0, -1], [0, 1]));
        Assert.Contains("Class -1 of sample 1 of trueClasses", e.Message);
        e = Assert.Throws<ArgumentException>(() => matrix.Add([0, 1], [0]));
        Assert.Contains("2 true and 1 predicted", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConfusionMatrix(1));
        Assert.Equal(0, matrix.Total);
        Assert.Equal(0, matrix[0, 0]);
    }

    [Fact]
    public void ConfusionMatrix_ToString_IsATableOfCountsAndMetrics()
    {
        var matrix = new ConfusionMatrix(s_true, s_predicted, classCount: 4);
        string[] lines = matrix.ToString(["cat", "dog", "bird", "fish"]).Split(Environment.NewLine);
        Assert.Equal("true \\ predicted     cat     dog    bird    fish", lines[0]);
        Assert.Equal("cat                    2       2       0       0", lines[1]);
        Assert.Equal("fish                   0       1       0       0", lines[4]);
        Assert.Equal("                 precision    recall        f1 support", lines[6]);
        Assert.Equal("dog                 0.3333    0.6667    0.4444       3", lines[8]);
        Assert.Equal("accuracy                                0.4000      10", lines[12]);
        Assert.Equal("weighted avg        0.3000    0.4000    0.3333      10", lines[14]);
        Assert.StartsWith("0 ", matrix.ToString().Split(Environment.NewLine)[1]);
        Assert.Throws<ArgumentException>(() => matrix.ToString(["a"]));
    }

    [Fact]
    public void RegressionMetrics_HandComputed()
    {
        float[] predicted = [1, 2, 3, 4], actual = [1, 3, 1, 8]; // errors 0, −1, 2, −4
        Assert.Equal(21.0 / 4, RegressionMetrics.MeanSquaredError(predicted, actual), 12);
        Assert.Equal(Math.Sqrt(21.0 / 4), RegressionMetrics.RootMeanSquaredError(predicted, actual), 12);
        Assert.Equal(7.0 / 4, RegressionMetrics.MeanAbsoluteError(predicted, actual), 12);
    }

    [Fact]
    public void RegressionMetrics_AccumulateInDouble()
    {
        // One error of 1e8 then 1000 errors of 1: a float sum stays at 1e8 (its spacing there is 8), a double one does not.
        var predicted = new float[1001];
        var actual = new float[1001];
        predicted[0] = 1e8f;
        for (int i = 1; i < predicted.Length; i++) predicted[i] = 1;
        Assert.Equal((1e8 + 1000) / 1001, RegressionMetrics.MeanAbsoluteError(predicted, actual), 6);
    }

    [Fact]
    public void RegressionMetrics_NaNPropagates_BadLengthsThrow()
    {
        Assert.True(double.IsNaN(RegressionMetrics.RootMeanSquaredError([1, float.NaN], [1, 2])));
        Assert.True(double.IsNaN(RegressionMetrics.MeanAbsoluteError([1, 2], [float.NaN, 2])));
        var e = Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanAbsoluteError([1, 2], [1]));
        Assert.Contains("2 predicted and 1 actual", e.Message);
        Assert.Throws<ArgumentException>(() => RegressionMetrics.MeanSquaredError([], []));
    }
}
