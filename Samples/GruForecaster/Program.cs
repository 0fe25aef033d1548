// Yearly sunspot numbers (1700-2008, embedded): forecast next year's number from the previous 24 years with
// a generated GRU; the same windows and chronological train / validation / test split as the Sunspots
// sample (Conv1D); test RMSE against the naive forecast "same as last year", and the Conv1D sample's
// published test RMSE for reference.
// Usage: dotnet run -c Release --project Samples/GruForecaster [seed]
using System.Diagnostics;
using System.Globalization;
using NetGen;
using NetGen.Samples.GruForecaster;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
// Published in Samples/README.md by the Sunspots sample (Conv1D 16@5 -> Conv1D 16@3 -> pool -> 32 -> 1, seed 1),
// a number copied from there, not measured by this program.
const double Conv1DTestRmse = 16.7;

SunspotSeries series = SunspotSeries.Load();

// One sample per predicted year t: input spots[t-24 .. t-1] (oldest first, one feature per step), target
// spots[t]. The split is by the predicted year, so no test year is ever a training target.
(Dataset train, Dataset validation, Dataset test) = series.Split();
Console.WriteLine(series.Describe(train, validation, test));
Console.WriteLine();
Console.Write(SunspotGru.Summary); // ends with a newline
Console.WriteLine();

var network = new SunspotGru();
network.InitializeParameters(seed);
const int Epochs = 300;
var trainer = new Trainer(network, new Adam(learningRate: 3e-3f), new TrainerOptions
{
    Epochs = Epochs,
    Schedule = new CosineAnnealingSchedule(initial: 3e-3f, total: Epochs, minimum: 1e-5f),
    BatchSize = 16,
    Seed = 7,
    Validation = validation,       // the later years, chronologically after every training target
    EarlyStoppingPatience = 40,
    RestoreBestWeights = true,
    MaxGradientNorm = 1.0f,        // backpropagation through 24 steps: keep a rare large gradient from throwing the weights off
    Log = null,                    // 300 short epochs: print a summary instead
});
long trainStart = Stopwatch.GetTimestamp();
TrainingHistory history = trainer.Fit(train);
double trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;
foreach (EpochResult epoch in history.Epochs.Where((e, i) => i % 25 == 0 || i == history.Epochs.Count - 1))
{
    Console.WriteLine($"epoch {epoch.Epoch + 1,3}  loss {epoch.Loss:F4}  val_loss {epoch.ValidationLoss:F4}  lr {epoch.LearningRate:G3}");
}
Console.WriteLine($"{history.Epochs.Count} epochs in {trainSeconds:F1}s, best validation loss at epoch {history.BestEpoch + 1}{(history.RestoredBestWeights ? " (weights restored)" : "")}");
Console.WriteLine();

// RMSE and MAE in sunspot numbers (unscaled, the runtime's RegressionMetrics), for the network and for the naive
// "same as last year" forecast.
double testRmse = 0, testRmseNaive = 0;
string forecastPath = "";
Console.WriteLine($"{"set",-10} {"years",-9} {"n",3}  {"RMSE GRU",10}  {"RMSE naive",10}  {"MAE GRU",9}  {"MAE naive",9}");
foreach ((string name, Dataset data, int from) in new[] { ("train", train, series.FirstTrainingYear), ("validation", validation, SunspotSeries.FirstValidationYear), ("test", test, SunspotSeries.FirstTestYear) })
{
    float[] predicted = new float[data.Count];
    network.Predict(data.Features, predicted, data.Count);
    (double rmse, double rmseNaive, double mae, double maeNaive) = SunspotSeries.Errors(data, predicted);
    Console.WriteLine($"{name,-10} {from}-{from + data.Count - 1} {data.Count,3}  {rmse,10:F2}  {rmseNaive,10:F2}"
        + $"  {mae,9:F2}  {maeNaive,9:F2}");
    if (name == "test")
    {
        (testRmse, testRmseNaive) = (rmse, rmseNaive);
        forecastPath = ForecastPlot.WritePng("gru-test-forecast.png", $"Sunspots GRU: next year's number, test years {from}-{from + data.Count - 1}",
            "sunspot number", from, SunspotSeries.Unscale(data.Targets),
            new ForecastPlot.Forecast("GRU", SunspotSeries.Unscale(predicted)),
            new ForecastPlot.Forecast("naive (last year's value)", SunspotSeries.Unscale(SunspotSeries.NaiveForecast(data))));
    }
}
Console.WriteLine();
(LearningCurvePlot.Panel lossCurves, LearningCurvePlot.Panel rmseCurves) = SunspotSeries.LearningCurves(history);
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng("gru-learning-curve.png", "Sunspots GRU", "epoch", lossCurves, rmseCurves, history.BestEpoch)}");
Console.WriteLine($"test forecasts: {forecastPath}");
Console.WriteLine();
Console.WriteLine($"test RMSE {SunspotSeries.FirstTestYear}-{series.Years[^1]}: GRU {testRmse:F2}, naive (last year's value) {testRmseNaive:F2}; "
    + $"for reference, the Conv1D network of the Sunspots sample (published in Samples/README.md, not run here): {Conv1DTestRmse:F1}");
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
return testRmse < testRmseNaive ? 0 : 1;
