// Yearly sunspot numbers (1700-2008, embedded): forecast next year's number from the previous 24 years with
// a generated 1-D convolutional network; chronological train / validation / test split; test RMSE against
// the naive forecast "same as last year"; PNGs of the learning curves and of the test years' forecasts.
// Usage: dotnet run -c Release --project Samples/Sunspots [seed]
using System.Diagnostics;
using System.Globalization;
using NetGen;
using NetGen.Samples.Sunspots;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;

SunspotSeries series = SunspotSeries.Load();

// One sample per predicted year t: input spots[t-24 .. t-1] (oldest first), target spots[t]. The split is
// by the predicted year, so no test year is ever a training target (test inputs reach back into the
// validation years, as a real forecast would).
(Dataset train, Dataset validation, Dataset test) = series.Split();
Console.WriteLine(series.Describe(train, validation, test));
Console.WriteLine();
Console.Write(SunspotNet.Summary); // ends with a newline
Console.WriteLine();

var network = new SunspotNet();
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
    Log = null,                    // 300 short epochs: print a summary instead
});
TrainingHistory history = trainer.Fit(train);
foreach (EpochResult epoch in history.Epochs.Where((e, i) => i % 25 == 0 || i == history.Epochs.Count - 1))
{
    Console.WriteLine($"epoch {epoch.Epoch + 1,3}  loss {epoch.Loss:F4}  val_loss {epoch.ValidationLoss:F4}  lr {epoch.LearningRate:G3}");
}
Console.WriteLine($"{history.Epochs.Count} epochs, best validation loss at epoch {history.BestEpoch + 1}{(history.RestoredBestWeights ? " (weights restored)" : "")}");
Console.WriteLine();

// RMSE and MAE in sunspot numbers (unscaled, the runtime's RegressionMetrics), for the network and for the naive
// "same as last year" forecast.
Console.WriteLine($"{"set",-10} {"years",-9} {"n",3}  {"RMSE network",12}  {"RMSE naive",10}  {"MAE network",11}  {"MAE naive",9}");
foreach ((string name, Dataset data, int from) in new[] { ("train", train, series.FirstTrainingYear), ("validation", validation, SunspotSeries.FirstValidationYear), ("test", test, SunspotSeries.FirstTestYear) })
{
    float[] predicted = new float[data.Count];
    network.Predict(data.Features, predicted, data.Count);
    (double rmse, double rmseNaive, double mae, double maeNaive) = SunspotSeries.Errors(data, predicted);
    Console.WriteLine($"{name,-10} {from}-{from + data.Count - 1} {data.Count,3}  {rmse,12:F2}  {rmseNaive,10:F2}  {mae,11:F2}  {maeNaive,9:F2}");
    if (name == "test")
    {
        Console.WriteLine();
        Console.WriteLine("test years: actual, network, naive");
        for (int i = 0; i < data.Count; i++)
        {
            Console.Write($"{from + i}: {data.Targets[i] / SunspotSeries.Scale,5:F1} {predicted[i] / SunspotSeries.Scale,5:F1} {data.FeatureRow(i)[SunspotSeries.Window - 1] / SunspotSeries.Scale,5:F1}{(i % 4 == 3 || i == data.Count - 1 ? "\n" : "   |   ")}");
        }
        Console.WriteLine();
        string forecastPath = ForecastPlot.WritePng("sunspots-test-forecast.png", $"Sunspots: next year's number, test years {from}-{from + data.Count - 1}",
            "sunspot number", from, SunspotSeries.Unscale(data.Targets),
            new ForecastPlot.Forecast("Conv1D network", SunspotSeries.Unscale(predicted)),
            new ForecastPlot.Forecast("naive (last year's value)", SunspotSeries.Unscale(SunspotSeries.NaiveForecast(data))));
        Console.WriteLine($"test forecasts: {forecastPath}");
        Console.WriteLine($"test RMSE {from}-{from + data.Count - 1}: network {rmse:F2}, naive (last year's value) {rmseNaive:F2}");
    }
}
(LearningCurvePlot.Panel lossCurves, LearningCurvePlot.Panel rmseCurves) = SunspotSeries.LearningCurves(history);
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng("sunspots-learning-curve.png", "Sunspots Conv1D", "epoch", lossCurves, rmseCurves, history.BestEpoch)}");
Console.WriteLine();
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
return 0;
