// Yearly sunspot numbers (1700-2008, embedded): forecast next year's number from the previous 24 years with
// a generated 1-D convolutional network; chronological train / validation / test split; test RMSE against
// the naive forecast "same as last year".
// Usage: dotnet run -c Release --project Samples/Sunspots [seed]
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using NetGen;
using NetGen.Samples.Sunspots;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int seed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
const int Window = 24;       // years of history per sample (the network's input length)
const float Scale = 1 / 100f; // sunspot numbers are 0..190: about [0, 2] after scaling
const int FirstTestYear = 1960, FirstValidationYear = 1920;

// "YEAR","SUNACTIVITY" then 309 rows.
CsvTable table;
using (Stream resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("sunspots.csv")
    ?? throw new InvalidOperationException("The embedded resource sunspots.csv is missing."))
{
    table = CsvReader.Read(resource, hasHeader: true);
}
int[] years = Enumerable.Range(0, table.Rows).Select(r => (int)table[r, 0]).ToArray();
float[] spots = Enumerable.Range(0, table.Rows).Select(r => table[r, 1]).ToArray();
Console.WriteLine($"sunspots: {spots.Length} yearly values, {years[0]}-{years[^1]}, {spots.Min():F1} to {spots.Max():F1}");

// One sample per predicted year t: input spots[t-24 .. t-1] (oldest first), target spots[t]. The split is
// by the predicted year, so no test year is ever a training target (test inputs reach back into the
// validation years, as a real forecast would).
Dataset train = Windows(years[Window], FirstValidationYear - 1);
Dataset validation = Windows(FirstValidationYear, FirstTestYear - 1);
Dataset test = Windows(FirstTestYear, years[^1]);
Console.WriteLine($"windows of {Window} years: {train.Count} training (targets {years[Window]}-{FirstValidationYear - 1}), "
    + $"{validation.Count} validation ({FirstValidationYear}-{FirstTestYear - 1}), {test.Count} test ({FirstTestYear}-{years[^1]})");
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

// RMSE in sunspot numbers (unscaled), for the network and for the naive "same as last year" forecast.
Console.WriteLine($"{"set",-10} {"years",-9} {"n",3}  {"RMSE network",12}  {"RMSE naive",10}  {"MAE network",11}  {"MAE naive",9}");
foreach ((string name, Dataset data, int from) in new[] { ("train", train, years[Window]), ("validation", validation, FirstValidationYear), ("test", test, FirstTestYear) })
{
    float[] predicted = new float[data.Count];
    network.Predict(data.Features, predicted, data.Count);
    double squared = 0, squaredNaive = 0, absolute = 0, absoluteNaive = 0;
    for (int i = 0; i < data.Count; i++)
    {
        double actual = data.Targets[i] / Scale;
        double forecast = predicted[i] / Scale;
        double naive = data.FeatureRow(i)[Window - 1] / Scale;
        squared += (forecast - actual) * (forecast - actual);
        squaredNaive += (naive - actual) * (naive - actual);
        absolute += Math.Abs(forecast - actual);
        absoluteNaive += Math.Abs(naive - actual);
    }
    Console.WriteLine($"{name,-10} {from}-{from + data.Count - 1} {data.Count,3}  {Math.Sqrt(squared / data.Count),12:F2}  {Math.Sqrt(squaredNaive / data.Count),10:F2}"
        + $"  {absolute / data.Count,11:F2}  {absoluteNaive / data.Count,9:F2}");
    if (name == "test")
    {
        Console.WriteLine();
        Console.WriteLine("test years: actual, network, naive");
        for (int i = 0; i < data.Count; i++)
        {
            Console.Write($"{from + i}: {data.Targets[i] / Scale,5:F1} {predicted[i] / Scale,5:F1} {data.FeatureRow(i)[Window - 1] / Scale,5:F1}{(i % 4 == 3 || i == data.Count - 1 ? "\n" : "   |   ")}");
        }
    }
}
Console.WriteLine();
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
return 0;

// The windows whose predicted year lies in [firstYear, lastYear].
Dataset Windows(int firstYear, int lastYear)
{
    int first = Array.IndexOf(years, firstYear), last = Array.IndexOf(years, lastYear);
    int count = last - first + 1;
    float[] features = new float[count * Window], targets = new float[count];
    for (int i = 0; i < count; i++)
    {
        int t = first + i;
        for (int k = 0; k < Window; k++) features[i * Window + k] = spots[t - Window + k] * Scale;
        targets[i] = spots[t] * Scale;
    }
    return new Dataset(features, Window, targets, 1);
}
