// An MNIST autoencoder (784 → 256 → 32 → 256 → 784) as an anomaly detector: trained on the digits of
// nine classes, it scores an image by how badly it reconstructs it. Prints the test reconstruction error
// and the ROC AUC with which that score ranks unusual inputs above normal test digits: uniform-noise
// images, and test digits of the class held out of training.
// Usage: dotnet run -c Release --project Samples/Autoencoder [held-out-digit (default 4)] [mnist-folder]
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using NetGen;
using NetGen.Samples.Autoencoder;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int heldOut = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 4;
string? folder = MnistFiles.Locate(args.Length > 1 ? args[1] : null, "second");
if (folder is null) return 2;
if (heldOut is < 0 or > 9)
{
    Console.Error.WriteLine($"The held-out digit must be 0 to 9, not {heldOut}.");
    return 1;
}

const int Pixels = DigitAutoencoder.InputSize;
Dataset mnistTrain = MnistFiles.Load(folder, "train");
Dataset mnistTest = MnistFiles.Load(folder, "t10k");
Dataset normalTest = OfClasses(mnistTest, label => label != heldOut);
Dataset heldOutTest = OfClasses(mnistTest, label => label == heldOut);
// The autoencoder's targets are its inputs: the same array serves as features and targets.
Dataset normalTrainImages = OfClasses(mnistTrain, label => label != heldOut);
var train = new Dataset(normalTrainImages.Features, Pixels, normalTrainImages.Features, Pixels);
Console.WriteLine($"MNIST without the digit {heldOut}: {train.Count} training images; test: {normalTest.Count} normal digits, {heldOutTest.Count} held-out {heldOut}s");
Console.WriteLine();
Console.Write(DigitAutoencoder.Summary);
Console.WriteLine();

var network = new DigitAutoencoder();
network.InitializeParameters(seed: 1);
const int Epochs = 10;
var trainer = new Trainer(network, new Adam(learningRate: 1e-3f), new TrainerOptions
{
    Epochs = Epochs,
    Schedule = new CosineAnnealingSchedule(initial: 1e-3f, total: Epochs, minimum: 2e-5f),
    BatchSize = 64,
    Seed = 7,
    ValidationFraction = 1.0 / 12, // from the training digits, never the test set
    EarlyStoppingPatience = 3,
    Progress = ProgressDisplay.Auto, // a live batch line on a terminal, one line per epoch when redirected
});
long trainStart = Stopwatch.GetTimestamp();
TrainingHistory history = trainer.Fit(train);
double trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;
Console.WriteLine($"trained {history.Epochs.Count} epochs in {trainSeconds:F1}s");
LearningCurvePlot.Panel lossCurves = new("loss (BCE with logits, per pixel)", [
    new("training", [.. history.Epochs.Select(e => (double)e.Loss)]), new("validation", [.. history.Epochs.Select(e => (double)e.ValidationLoss)])]);
Console.WriteLine($"learning curve: {LearningCurvePlot.WritePng("autoencoder-learning-curve.png", "Digit autoencoder", "epoch", lossCurves, null, history.BestEpoch)}");
Console.WriteLine();

// Reconstruction error: mean squared difference between the image and σ(logits), per pixel.
float[] normalScores = ReconstructionErrors(network, normalTest.Features);
float[] heldOutScores = ReconstructionErrors(network, heldOutTest.Features);
var noiseSource = new RandomSource(8);
float[] noise = new float[1000 * Pixels];
for (int i = 0; i < noise.Length; i++) noise[i] = noiseSource.NextSingle();
float[] noiseScores = ReconstructionErrors(network, noise);

// Baseline reconstruction: the mean training image, whatever the input.
float[] meanImage = new float[Pixels];
for (int i = 0; i < train.Count; i++) TensorPrimitives.Add(meanImage, train.FeatureRow(i), meanImage);
TensorPrimitives.Divide(meanImage, train.Count, meanImage);
double baseline = DistancesToMean(normalTest.Features, meanImage).Average();

Console.WriteLine($"test reconstruction error (MSE per pixel) on the {normalTest.Count} normal test digits: {normalScores.Average():F5}"
    + $" (baseline, the mean training image: {baseline:F5})");
Console.WriteLine("mean reconstruction error by test class:");
float[] allScores = ReconstructionErrors(network, mnistTest.Features);
for (int digit = 0; digit < 10; digit++)
{
    double mean = Enumerable.Range(0, mnistTest.Count).Where(i => mnistTest.Labels![i] == digit).Average(i => allScores[i]);
    Console.WriteLine($"  {digit}: {mean:F5}{(digit == heldOut ? "  (held out of training)" : "")}");
}
Console.WriteLine($"uniform-noise images: {noiseScores.Average():F5}");
Console.WriteLine();
// The baseline detector scores an image by its squared distance to the mean training image.
float[] normalBaseline = DistancesToMean(normalTest.Features, meanImage);
Console.WriteLine("anomaly detection by reconstruction error, ROC AUC against the normal test digits (0.5 is chance, 1 perfect):");
Console.WriteLine($"  {"unusual inputs",-26} {"autoencoder",11} {"baseline (distance to mean image)",34}");
Console.WriteLine($"  {"1000 uniform-noise images",-26} {RocAuc.Compute(noiseScores, normalScores),11:F4} {RocAuc.Compute(DistancesToMean(noise, meanImage), normalBaseline),34:F4}");
Console.WriteLine($"  {$"{heldOutTest.Count} held-out {heldOut}s",-26} {RocAuc.Compute(heldOutScores, normalScores),11:F4} {RocAuc.Compute(DistancesToMean(heldOutTest.Features, meanImage), normalBaseline),34:F4}");
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F1}s");
return 0;

static Dataset OfClasses(Dataset data, Func<int, bool> keep)
{
    int[] indices = Enumerable.Range(0, data.Count).Where(i => keep(data.Labels![i])).ToArray();
    return data.Subset(indices);
}

// Per image: mean over pixels of (σ(logit) − pixel)², in batches of 100 (and one last smaller batch).
static float[] ReconstructionErrors(DigitAutoencoder network, float[] images)
{
    const int Batch = 100;
    int count = images.Length / Pixels;
    float[] reconstructions = new float[Batch * Pixels];
    float[] errors = new float[count];
    for (int first = 0; first < count; first += Batch)
    {
        int rows = Math.Min(Batch, count - first);
        ReadOnlySpan<float> input = images.AsSpan(first * Pixels, rows * Pixels);
        Span<float> output = reconstructions.AsSpan(0, rows * Pixels);
        network.Predict(input, output, rows);
        TensorPrimitives.Sigmoid(output, output);
        for (int r = 0; r < rows; r++)
        {
            float distance = TensorPrimitives.Distance(input.Slice(r * Pixels, Pixels), output.Slice(r * Pixels, Pixels));
            errors[first + r] = distance * distance / Pixels;
        }
    }
    return errors;
}

// Per image: mean over pixels of (pixel − mean image)².
static float[] DistancesToMean(float[] images, float[] meanImage)
{
    float[] distances = new float[images.Length / Pixels];
    for (int i = 0; i < distances.Length; i++)
    {
        float distance = TensorPrimitives.Distance(images.AsSpan(i * Pixels, Pixels), meanImage);
        distances[i] = distance * distance / Pixels;
    }
    return distances;
}
