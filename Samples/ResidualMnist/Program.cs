// A residual CNN against LeNet-5 on the full MNIST: the same data, optimizer, schedule and epochs for both; per
// network the epoch times, the test accuracy and the parameters, then a comparison table.
// Usage: dotnet run -c Release --project Samples/ResidualMnist [epochs] [mnist-folder]
using System.Diagnostics;
using System.Globalization;
using NetGen;
using NetGen.Samples.LeNet;
using NetGen.Samples.ResidualMnist;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
string? folder = MnistFiles.Locate(args.Length > 1 ? args[1] : null, "second");
if (folder is null) return 2;
Dataset train = MnistFiles.Load(folder, "train");
Dataset test = MnistFiles.Load(folder, "t10k");
Console.WriteLine($"MNIST: {train.Count} training, {test.Count} test images; {epochs} epochs of Adam each, batch 64, on the calling thread");
Console.WriteLine();
Console.Write(ResidualCnn.Summary);
Console.WriteLine();

var results = new List<(string Name, int Parameters, double SecondsPerEpoch, float Accuracy)>
{
    Train("LeNet-5", new LeNet5(), LeNet5.ParameterCount),
    Train("residual CNN", new ResidualCnn(), ResidualCnn.ParameterCount),
};
Console.WriteLine();
Console.WriteLine("network        parameters  s/epoch  test accuracy");
foreach ((string name, int parameters, double seconds, float accuracy) in results)
{
    Console.WriteLine($"{name,-13}  {parameters,10:N0}  {seconds,7:F2}  {accuracy * 100,12:F2}%");
}
Console.WriteLine($"residual CNN: {results[1].Accuracy * 100:F2}% test accuracy, LeNet-5: {results[0].Accuracy * 100:F2}%; {results[1].SecondsPerEpoch / results[0].SecondsPerEpoch:F1}x the time per epoch");
return 0;

(string, int, double, float) Train(string name, ITrainableNetwork network, int parameters)
{
    network.InitializeParameters(seed: 1);
    var trainer = new Trainer(network, new Adam(learningRate: 1e-3f), new TrainerOptions
    {
        Epochs = epochs,
        Schedule = new CosineAnnealingSchedule(initial: 1e-3f, total: epochs, minimum: 1e-5f),
        BatchSize = 64,
        Seed = 7,
        ValidationFraction = 1.0 / 30, // 2,000 of the training images, never the test set
        Progress = ProgressDisplay.Auto,
        RestoreBestWeights = true,
    });
    Console.WriteLine($"{name}:");
    long start = Stopwatch.GetTimestamp();
    TrainingHistory history = trainer.Fit(train);
    double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
    (float _, float accuracy) = Trainer.Evaluate(network, test, batchSize: 64);
    Console.WriteLine($"{name}: {history.Epochs.Count} epochs in {seconds:F1}s, test accuracy {accuracy * 100:F2}%");
    return (name, parameters, seconds / history.Epochs.Count, accuracy);
}
