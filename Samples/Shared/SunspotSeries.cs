using System.Reflection;
using NetGen;

/// <summary>
/// The yearly sunspot numbers (1700-2008) embedded in a forecasting sample as <c>sunspots.csv</c>, cut into
/// windows: one sample per predicted year t, input the previous <see cref="Window"/> years (oldest first, scaled
/// by <see cref="Scale"/>), target year t. Split chronologically by the predicted year, so no validation or test
/// year is ever a training target (their inputs reach back into earlier years, as a real forecast would).
/// </summary>
internal sealed class SunspotSeries
{
    /// <summary>Years of history per sample: the network's input length.</summary>
    public const int Window = 24;

    /// <summary>Sunspot numbers are 0..190: about [0, 2] after scaling.</summary>
    public const float Scale = 1 / 100f;

    public const int FirstValidationYear = 1920, FirstTestYear = 1960;

    private SunspotSeries(int[] years, float[] spots)
    {
        Years = years;
        Spots = spots;
    }

    public int[] Years { get; }

    public float[] Spots { get; }

    /// <summary>The first year a window can predict.</summary>
    public int FirstTrainingYear => Years[Window];

    /// <summary>Reads the calling sample's embedded <c>sunspots.csv</c> ("YEAR","SUNACTIVITY" then 309 rows).</summary>
    public static SunspotSeries Load()
    {
        using Stream resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("sunspots.csv")
            ?? throw new InvalidOperationException("The embedded resource sunspots.csv is missing.");
        CsvTable table = CsvReader.Read(resource, hasHeader: true);
        return new SunspotSeries(
            Enumerable.Range(0, table.Rows).Select(r => (int)table[r, 0]).ToArray(),
            Enumerable.Range(0, table.Rows).Select(r => table[r, 1]).ToArray());
    }

    /// <summary>Training, validation and test windows, by predicted year.</summary>
    public (Dataset Train, Dataset Validation, Dataset Test) Split() =>
        (Windows(FirstTrainingYear, FirstValidationYear - 1), Windows(FirstValidationYear, FirstTestYear - 1), Windows(FirstTestYear, Years[^1]));

    /// <summary>The series and its split as two lines of text: value count and range, then the windows of each part by predicted year.</summary>
    public string Describe(Dataset train, Dataset validation, Dataset test) =>
        $"sunspots: {Spots.Length} yearly values, {Years[0]}-{Years[^1]}, {Spots.Min():F1} to {Spots.Max():F1}{Environment.NewLine}"
        + $"windows of {Window} years: {train.Count} training (targets {FirstTrainingYear}-{FirstValidationYear - 1}), "
        + $"{validation.Count} validation ({FirstValidationYear}-{FirstTestYear - 1}), {test.Count} test ({FirstTestYear}-{Years[^1]})";

    /// <summary>The windows whose predicted year lies in [firstYear, lastYear].</summary>
    public Dataset Windows(int firstYear, int lastYear)
    {
        int first = Array.IndexOf(Years, firstYear), last = Array.IndexOf(Years, lastYear);
        int count = last - first + 1;
        float[] features = new float[count * Window], targets = new float[count];
        for (int i = 0; i < count; i++)
        {
            int t = first + i;
            for (int k = 0; k < Window; k++) features[i * Window + k] = Spots[t - Window + k] * Scale;
            targets[i] = Spots[t] * Scale;
        }
        return new Dataset(features, Window, targets, 1);
    }

    /// <summary>
    /// Root-mean-square and mean absolute errors in sunspot numbers (unscaled) of <paramref name="predicted"/> (scaled,
    /// one per window of <paramref name="data"/>) and of the naive forecast "same as last year", by the runtime's
    /// <see cref="RegressionMetrics"/> on the scaled values (both errors scale with the values, so dividing by
    /// <see cref="Scale"/> unscales them).
    /// </summary>
    public static (double Rmse, double RmseNaive, double Mae, double MaeNaive) Errors(Dataset data, ReadOnlySpan<float> predicted)
    {
        float[] naive = NaiveForecast(data);
        return (RegressionMetrics.RootMeanSquaredError(predicted, data.Targets) / Scale,
            RegressionMetrics.RootMeanSquaredError(naive, data.Targets) / Scale,
            RegressionMetrics.MeanAbsoluteError(predicted, data.Targets) / Scale,
            RegressionMetrics.MeanAbsoluteError(naive, data.Targets) / Scale);
    }

    /// <summary>The naive forecast "same as last year" for each window of <paramref name="data"/> (scaled): its last input.</summary>
    public static float[] NaiveForecast(Dataset data)
    {
        float[] naive = new float[data.Count];
        for (int i = 0; i < data.Count; i++) naive[i] = data.FeatureRow(i)[Window - 1];
        return naive;
    }

    /// <summary>Scaled values back to sunspot numbers.</summary>
    public static double[] Unscale(ReadOnlySpan<float> values)
    {
        double[] numbers = new double[values.Length];
        for (int i = 0; i < values.Length; i++) numbers[i] = values[i] / Scale;
        return numbers;
    }

    /// <summary>
    /// A <see cref="Trainer.Fit"/> history under mean squared error on scaled values as learning curves: the loss, and
    /// the RMSE in sunspot numbers (√loss / <see cref="Scale"/>), each for training and validation.
    /// </summary>
    public static (LearningCurvePlot.Panel Loss, LearningCurvePlot.Panel Rmse) LearningCurves(TrainingHistory history)
    {
        LearningCurvePlot.Panel loss = new("loss (MSE, scaled values)", [
            new("training", history.Epochs.Select(e => (double)e.Loss).ToArray()),
            new("validation", history.Epochs.Select(e => (double)e.ValidationLoss).ToArray())]);
        LearningCurvePlot.Panel rmse = new("RMSE (sunspot number)", [
            new("training", history.Epochs.Select(e => Math.Sqrt(e.Loss) / Scale).ToArray()),
            new("validation", history.Epochs.Select(e => Math.Sqrt(e.ValidationLoss) / Scale).ToArray())]);
        return (loss, rmse);
    }
}
