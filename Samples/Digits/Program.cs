// Handwritten digits (scikit-learn's 8x8 set, 1797 images) with a generated MLP:
// load the embedded data, split, train with Adam and early stopping, test (confusion matrix, precision, recall, F1),
// plot the learning curves and the confusion matrix as PNGs, save and reload the weights.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using NetGen;
using NetGen.Samples.Digits;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
string weightsPath = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "digits.safetensors");

// 1797 rows of 64 pixels (0..16) and a label 0..9.
LabeledData data;
using (Stream resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("digits.csv.gz")
    ?? throw new InvalidOperationException("The embedded resource digits.csv.gz is missing."))
{
    data = SklearnCsv.ReadWithoutHeader(resource);
}
Dataset all = Dataset.FromLabels(data.Features, data.FeatureCount, data.Labels, classCount: 10);
all.ScaleFeatures(1f / 16); // pixels to [0, 1]
(Dataset train, Dataset test) = all.Split(testFraction: 0.2, seed: 42);
Console.WriteLine($"digits: {all.Count} images of {all.FeatureSize} pixels; {train.Count} for training, {test.Count} for testing");
Console.WriteLine();
Console.Write(DigitsMlp.Summary); // ends with a newline
Console.WriteLine();

var network = new DigitsMlp();
network.InitializeParameters(seed: 1);
const int Epochs = 40;
var trainer = new Trainer(network, new Adam(learningRate: 2e-3f), new TrainerOptions
{
    Epochs = Epochs,
    Schedule = new CosineAnnealingSchedule(initial: 2e-3f, total: Epochs, minimum: 1e-5f), // large steps first, fine ones last
    BatchSize = 32,
    Seed = 7,
    ValidationFraction = 0.1,    // held out of the training set, never the test set
    EarlyStoppingPatience = 8,   // stop when val_loss has not improved for 8 epochs
    RestoreBestWeights = true,
    Progress = ProgressDisplay.Auto, // a live batch line on a terminal, one line per epoch when redirected
});
TrainingHistory history = trainer.Fit(train);

(float testLoss, float testAccuracy) = Trainer.Evaluate(network, test, batchSize: 64);
Console.WriteLine();
Console.WriteLine($"trained on {history.TrainCount} images ({history.ValidationCount} held out for validation), {history.Epochs.Count} epochs, best epoch {history.BestEpoch + 1}");

// Per class: which digits are confused with which, and precision, recall and F1 (the runtime's ConfusionMatrix).
ConfusionMatrix confusion = ClassPredictions.Confusion(network, test);
Console.WriteLine();
Console.Write(confusion.ToString());
Console.WriteLine();
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng("digits-learning-curve.png", "Digits MLP", history)}");
Console.WriteLine($"confusion matrix: {ConfusionMatrixPlot.WritePng("digits-confusion-matrix.png", "Digits MLP, test set", confusion)}");
Console.WriteLine();
Console.WriteLine($"test loss {testLoss:F4}, test accuracy {testAccuracy * 100:F2}% ({test.Count} images)");

// One sample through the single-sample Predict, its logits turned into class probabilities.
Span<float> probabilities = stackalloc float[DigitsMlp.OutputSize];
network.Predict(test.FeatureRow(0), probabilities);
Classification.Softmax(probabilities, probabilities, batch: 1, classes: DigitsMlp.OutputSize);
int firstPredicted = Classification.ArgMax(probabilities);
Console.WriteLine($"first test image: label {test.Labels![0]}, predicted {firstPredicted} (probability {probabilities[firstPredicted] * 100:F1}%)");

// Save, then load into a fresh network: it must classify exactly as the trained one.
network.Save(weightsPath);
var reloaded = new DigitsMlp();
reloaded.Load(weightsPath);
(_, float reloadedAccuracy) = Trainer.Evaluate(reloaded, test, batchSize: 64);
Console.WriteLine($"weights saved to {Path.GetFullPath(weightsPath)} ({new FileInfo(weightsPath).Length:N0} bytes); reloaded network: test accuracy {reloadedAccuracy * 100:F2}%"
    + (reloadedAccuracy == testAccuracy ? " (same)" : " (DIFFERENT!)"));
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
return reloadedAccuracy == testAccuracy ? 0 : 1;
