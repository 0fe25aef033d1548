// Transfer learning on MNIST: a small CNN trained on digits 0–4 is saved; its base (two convolutions and a
// 64-unit feature layer) is loaded by name under a new head for digits 5–9, its convolutions are frozen, and
// only the feature layer and the head are trained on a few labelled examples per class. The same network trained from scratch on the same examples,
// and the pretrained one fine-tuned end to end, are the comparisons; each few-shot run is repeated over
// several random draws of the small set and the test accuracy on all test digits 5–9 is averaged. The first draw's
// training curves of the three setups and the frozen network's test confusion matrix are written as PNGs.
// Usage: dotnet run -c Release --project Samples/Transfer [examples-per-class] [mnist-folder]
using System.Diagnostics;
using System.Globalization;
using NetGen;
using NetGen.Samples.Transfer;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int perClass = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
string? folder = MnistFiles.Locate(args.Length > 1 ? args[1] : null, "second");
if (folder is null) return 2;

Dataset train = MnistFiles.Load(folder, "train"), test = MnistFiles.Load(folder, "t10k");
Dataset trainLow = Digits(train, 0), testLow = Digits(test, 0), trainHigh = Digits(train, 5), testHigh = Digits(test, 5);
Console.WriteLine($"MNIST: digits 0-4: {trainLow.Count} training / {testLow.Count} test images; digits 5-9: {trainHigh.Count} / {testHigh.Count}");

// 1. Pretrain on digits 0–4 and save.
var pretrained = new ZeroToFour();
pretrained.InitializeParameters(seed: 1);
long pretrainStart = Stopwatch.GetTimestamp();
// A live batch line on a terminal, one line per epoch when redirected.
new Trainer(pretrained, new Adam(1e-3f), new TrainerOptions { Epochs = 2, BatchSize = 64, Seed = 2, Progress = ProgressDisplay.Auto }).Fit(trainLow);
(_, float lowAccuracy) = Trainer.Evaluate(pretrained, testLow, batchSize: 256);
string weights = Path.Combine(Path.GetTempPath(), "netgen-transfer-0to4.safetensors");
pretrained.Save(weights);
Console.WriteLine($"pretrained on digits 0-4: 2 epochs in {Stopwatch.GetElapsedTime(pretrainStart).TotalSeconds:F1}s, test accuracy {lowAccuracy * 100:F2}%; saved to {weights}");
Console.WriteLine();

// 2. Few-shot runs on digits 5–9, each over the same random draws of the small set.
const int Draws = 5;
string[] baseLayers = ["conv1", "conv2", "features"], frozenLayers = ["conv1", "conv2"];
var results = new Dictionary<string, List<float>> { ["frozen pretrained convolutions"] = [], ["pretrained, fine-tuned end to end"] = [], ["from scratch"] = [] };
var firstDrawHistories = new Dictionary<string, TrainingHistory>();
ConfusionMatrix? frozenConfusion = null;
for (int draw = 0; draw < Draws; draw++)
{
    Dataset small = FewShot(trainHigh, perClass, seed: 100 + draw);
    foreach (string setup in results.Keys)
    {
        var network = new FiveToNine();
        network.InitializeParameters(seed: 3 + draw);
        if (setup != "from scratch") network.LoadLayers(weights, baseLayers);
        if (setup.StartsWith("frozen", StringComparison.Ordinal))
        {
            foreach (string layer in frozenLayers) network.SetFrozen(layer, true);
        }
        // 60 epochs of 5 batches each: too short for a progress line.
        TrainingHistory history = new Trainer(network, new Adam(3e-3f), new TrainerOptions { Epochs = 60, BatchSize = 10, Seed = 4 + draw, Log = null }).Fit(small);
        (_, float accuracy) = Trainer.Evaluate(network, testHigh, batchSize: 256);
        results[setup].Add(accuracy);
        if (draw == 0)
        {
            firstDrawHistories[setup] = history;
            if (setup.StartsWith("frozen", StringComparison.Ordinal)) frozenConfusion = ClassPredictions.Confusion(network, testHigh);
        }
    }
    Console.WriteLine($"draw {draw + 1}: " + string.Join(", ", results.Select(r => $"{r.Key} {r.Value[^1] * 100:F1}%")));
}

Console.WriteLine();
LearningCurvePlot.Panel loss = new("training loss", [.. firstDrawHistories.Select(h => new LearningCurvePlot.Curve(h.Key, [.. h.Value.Epochs.Select(e => (double)e.Loss)]))]);
LearningCurvePlot.Panel trainingAccuracy = new("training accuracy (%)",
    [.. firstDrawHistories.Select(h => new LearningCurvePlot.Curve(h.Key, [.. h.Value.Epochs.Select(e => e.Accuracy * 100.0)]))]);
Console.WriteLine($"learning curves (draw 1): {LearningCurvePlot.WritePng("transfer-learning-curve.png", $"Digits 5-9, {perClass} per class", "epoch", loss, trainingAccuracy)}");
string[] highDigits = ["5", "6", "7", "8", "9"];
Console.WriteLine($"confusion matrix (draw 1, frozen convolutions): {ConfusionMatrixPlot.WritePng("transfer-confusion-matrix.png", $"Frozen pretrained convolutions, {perClass} per class", frozenConfusion!, highDigits)}");
Console.WriteLine();
Console.WriteLine($"digits 5-9 from {perClass} labelled examples per class ({perClass * 5} in all), test accuracy on {testHigh.Count} images, mean ± sd over {Draws} draws:");
foreach ((string setup, List<float> accuracies) in results)
{
    double mean = accuracies.Average(), sd = Math.Sqrt(accuracies.Sum(a => (a - mean) * (a - mean)) / (accuracies.Count - 1));
    Console.WriteLine($"  {setup,-36} {mean * 100,6:F2}% ± {sd * 100:F2}");
}
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F1}s");
return 0;

// The images of five consecutive digits, labelled 0–4 from the first.
static Dataset Digits(Dataset data, int first)
{
    int[] indices = Enumerable.Range(0, data.Count).Where(i => data.Labels![i] >= first && data.Labels[i] < first + 5).ToArray();
    return Relabel(data, indices, first);
}

// perClass examples of each digit, drawn with a seeded generator.
static Dataset FewShot(Dataset data, int perClass, int seed)
{
    var random = new Random(seed);
    int[] indices = Enumerable.Range(0, 5)
        .SelectMany(label => Enumerable.Range(0, data.Count).Where(i => data.Labels![i] == label).OrderBy(_ => random.Next()).Take(perClass))
        .ToArray();
    return Relabel(data, indices, 0);
}

static Dataset Relabel(Dataset data, int[] indices, int first)
{
    var features = new float[indices.Length * data.FeatureSize];
    for (int i = 0; i < indices.Length; i++) data.FeatureRow(indices[i]).CopyTo(features.AsSpan(i * data.FeatureSize));
    return Dataset.FromLabels(features, data.FeatureSize, indices.Select(i => data.Labels![i] - first).ToArray(), classCount: 5);
}
