// Full MNIST (60,000 training and 10,000 test images) with the W1 MLP: train with Adam, test, save the weights.
// Usage: dotnet run -c Release --project Samples/Mnist [weights-out.safetensors] [mnist-folder]
using System.Diagnostics;
using System.Globalization;
using NetGen;
using NetGen.Samples.Mnist;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
string weightsPath = args.Length > 0 ? args[0] : "mnist-w1.safetensors";
string? folder = MnistFiles.Locate(args.Length > 1 ? args[1] : null, "second");
if (folder is null) return 2;

Dataset train = MnistFiles.Load(folder, "train");
Dataset test = MnistFiles.Load(folder, "t10k");
Console.WriteLine($"MNIST from {Path.GetFullPath(folder)}: {train.Count} training, {test.Count} test images, loaded in {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
Console.WriteLine();
Console.Write(MnistW1.Summary); // ends with a newline
Console.WriteLine();

var network = new MnistW1();
network.InitializeParameters(seed: 1);
const int Epochs = 12;
var trainer = new Trainer(network, new Adam(learningRate: 1e-3f), new TrainerOptions
{
    Epochs = Epochs,
    Schedule = new CosineAnnealingSchedule(initial: 1e-3f, total: Epochs, minimum: 2e-5f), // large steps first, fine ones last
    BatchSize = 64,
    Seed = 7,
    ValidationFraction = 1.0 / 12, // 5,000 of the 60,000 training images, never the test set
    EarlyStoppingPatience = 4,
    Progress = ProgressDisplay.Auto, // a live batch line on a terminal, one line per epoch when redirected
});
long trainStart = Stopwatch.GetTimestamp();
TrainingHistory history = trainer.Fit(train);
double trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;

long testStart = Stopwatch.GetTimestamp();
(float testLoss, float testAccuracy) = Trainer.Evaluate(network, test, batchSize: 64);
double testSeconds = Stopwatch.GetElapsedTime(testStart).TotalSeconds;
Console.WriteLine();
Console.WriteLine($"trained {history.Epochs.Count} epochs on {history.TrainCount} images in {trainSeconds:F1}s ({trainSeconds / history.Epochs.Count:F2}s per epoch, validation included)");

// Per class: which digits are confused with which, and precision, recall and F1 (the runtime's ConfusionMatrix).
ConfusionMatrix confusion = ClassPredictions.Confusion(network, test);
Console.WriteLine();
Console.Write(confusion.ToString());
Console.WriteLine();
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng("mnist-learning-curve.png", "MNIST W1 MLP", history)}");
Console.WriteLine($"confusion matrix: {ConfusionMatrixPlot.WritePng("mnist-confusion-matrix.png", "MNIST W1 MLP, test set", confusion)}");
Console.WriteLine();
Console.WriteLine($"test loss {testLoss:F4}, test accuracy {testAccuracy * 100:F2}% ({test.Count} images, {testSeconds * 1000:F0} ms)");

network.Save(weightsPath);
Console.WriteLine($"weights saved to {Path.GetFullPath(weightsPath)} ({new FileInfo(weightsPath).Length:N0} bytes)");
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F1}s");
return 0;
