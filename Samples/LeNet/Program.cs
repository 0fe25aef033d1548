// LeNet-5 on the full MNIST (60,000 training and 10,000 test images): 10 epochs of Adam, batch 64,
// one line per epoch with its time, the wall time of the 10 epochs and the test accuracy.
// Usage: dotnet run -c Release --project Samples/LeNet [threads] [mnist-folder] [weights-out.safetensors]
//   threads: 1 (default) trains on the calling thread; 2 or more sets network.Runner = new ParallelRunner(n).
using System.Diagnostics;
using System.Globalization;
using NetGen;
using NetGen.Samples.LeNet;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
string? folder = MnistFiles.Locate(args.Length > 1 ? args[1] : null, "second");
if (folder is null) return 2;
string weightsPath = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "lenet5.safetensors");

// Each image is one sample of [1, 28, 28] floats in [0, 1]: the IDX row-major pixels are already in that order.
Dataset train = MnistFiles.Load(folder, "train");
Dataset test = MnistFiles.Load(folder, "t10k");
Console.WriteLine($"MNIST from {Path.GetFullPath(folder)}: {train.Count} training, {test.Count} test images, loaded in {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
Console.WriteLine();
Console.Write(LeNet5.Summary); // ends with a newline
Console.WriteLine();

var network = new LeNet5();
network.InitializeParameters(seed: 1);
if (threads > 1) network.Runner = new ParallelRunner(threads);
Console.WriteLine(threads > 1 ? $"Runner: ParallelRunner({threads})" : "Runner: none (calling thread)");

const int Epochs = 10;
var trainer = new Trainer(network, new Adam(learningRate: 1e-3f), new TrainerOptions
{
    Epochs = Epochs,
    Schedule = new CosineAnnealingSchedule(initial: 1e-3f, total: Epochs, minimum: 1e-5f), // large steps first, fine ones last
    BatchSize = 64,
    Seed = 7,
    ValidationFraction = 1.0 / 30, // 2,000 of the 60,000 training images, never the test set
    EarlyStoppingPatience = 4,
    Progress = ProgressDisplay.Auto, // a live batch line on a terminal, one line per epoch when redirected
    RestoreBestWeights = true,
});
long trainStart = Stopwatch.GetTimestamp();
TrainingHistory history = trainer.Fit(train); // prints one line per epoch, its time included
double trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;

long testStart = Stopwatch.GetTimestamp();
(float testLoss, float testAccuracy) = Trainer.Evaluate(network, test, batchSize: 64);
double testSeconds = Stopwatch.GetElapsedTime(testStart).TotalSeconds;
Console.WriteLine();
Console.WriteLine("epoch times: " + string.Join(", ", history.Epochs.Select(e => $"{e.Duration.TotalSeconds:F2}s")));
Console.WriteLine($"trained {history.Epochs.Count} epochs on {history.TrainCount} images ({history.ValidationCount} held out) in {trainSeconds:F1}s wall time ({trainSeconds / history.Epochs.Count:F2}s per epoch, validation included), best epoch {history.BestEpoch + 1}");

// Per class: which digits are confused with which, and precision, recall and F1 (the runtime's ConfusionMatrix).
ConfusionMatrix confusion = ClassPredictions.Confusion(network, test);
Console.WriteLine();
Console.Write(confusion.ToString());
Console.WriteLine();
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng("lenet-learning-curve.png", "LeNet-5 on MNIST", history)}");
Console.WriteLine($"confusion matrix: {ConfusionMatrixPlot.WritePng("lenet-confusion-matrix.png", "LeNet-5 on MNIST, test set", confusion)}");
Console.WriteLine();
Console.WriteLine($"test loss {testLoss:F4}, test accuracy {testAccuracy * 100:F2}% ({test.Count} images, {testSeconds * 1000:F0} ms)");

network.Save(weightsPath);
Console.WriteLine($"weights saved to {Path.GetFullPath(weightsPath)} ({new FileInfo(weightsPath).Length:N0} bytes)");
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F1}s");
network.Runner?.Dispose();
return 0;
