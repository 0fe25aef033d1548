// A variational autoencoder on MNIST from two generated networks chained by hand: encoder → μ, logσ² →
// z = μ + σ·ε → decoder → pixel logits; loss = BCE reconstruction (summed over pixels) + KL(q(z|x) ‖ N(0, I)).
// Prints the test-set ELBO in nats per image and writes a grid of digits decoded from z ~ N(0, I).
// Usage: dotnet run -c Release --project Samples/Vae [output-folder] [mnist-folder]
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using NetGen;
using NetGen.Samples.Vae;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
string outputFolder = args.Length > 0 ? args[0] : AppContext.BaseDirectory;
string? folder = MnistFiles.Locate(args.Length > 1 ? args[1] : null, "second");
if (folder is null) return 2;

Dataset train = MnistFiles.Load(folder, "train");
Dataset test = MnistFiles.Load(folder, "t10k");
Console.WriteLine($"MNIST from {Path.GetFullPath(folder)}: {train.Count} training, {test.Count} test images (grey levels in [0, 1] as Bernoulli targets)");
Console.WriteLine();
Console.Write(VaeEncoder.Summary);
Console.WriteLine();
Console.Write(VaeDecoder.Summary);
Console.WriteLine();

const int Latent = VaeShape.Latent, Pixels = VaeEncoder.InputSize, Batch = 100, Epochs = 10;
var encoder = new VaeEncoder();
var decoder = new VaeDecoder();
encoder.InitializeParameters(seed: 1);
decoder.InitializeParameters(seed: 2);
var sampler = new Reparameterization(Latent, seed: 3);
var encoderOptimizer = new Adam(learningRate: 1e-3f);
var decoderOptimizer = new Adam(learningRate: 1e-3f);

// Buffers for one batch, allocated once; the step below allocates nothing.
float[] images = new float[Batch * Pixels];
float[] distribution = new float[Batch * 2 * Latent], distributionGradient = new float[distribution.Length];
float[] z = new float[Batch * Latent], zGradient = new float[z.Length];
float[] logits = new float[Batch * Pixels], logitsGradient = new float[logits.Length];

// One step: the negative ELBO of the batch in nats per image, as (reconstruction, KL).
(float Reconstruction, float Kl) Step()
{
    encoder.ZeroGradients();
    decoder.ZeroGradients();
    encoder.Forward(images, distribution, Batch);
    sampler.Forward(distribution, z, Batch);
    decoder.Forward(z, logits, Batch);
    // The declared BCE is a mean over every pixel; × 784 makes it a sum over the pixels of an image.
    float reconstruction = decoder.ComputeLoss(logits, images, logitsGradient, Batch) * Pixels;
    TensorPrimitives.Multiply(logitsGradient, Pixels, logitsGradient);
    float kl = GaussianKlDivergence.Evaluate(distribution, distributionGradient, Batch, Latent); // = ∂KL
    decoder.Backward(logitsGradient, zGradient, Batch);
    sampler.Backward(zGradient, distributionGradient, Batch);                                   // += ∂rec
    encoder.Backward(distributionGradient, Span<float>.Empty, Batch);
    decoderOptimizer.Step(decoder.Parameters, decoder.Gradients);
    encoderOptimizer.Step(encoder.Parameters, encoder.Gradients);
    return (reconstruction, kl);
}

var shuffle = new RandomSource(4);
int[] order = Enumerable.Range(0, train.Count).ToArray();
int batches = train.Count / Batch;
long trainStart = Stopwatch.GetTimestamp();
List<double> elboCurve = [], reconstructionCurve = [], klCurve = []; // per epoch, for the learning-curve PNG
var progress = new ProgressWriter(Console.Out, ProgressDisplay.Auto); // a live batch line on a terminal, nothing extra in a log
for (int epoch = 1; epoch <= Epochs; epoch++)
{
    shuffle.Shuffle(order);
    double reconstructionSum = 0, klSum = 0;
    long epochStart = Stopwatch.GetTimestamp();
    for (int n = 0; n < batches; n++)
    {
        for (int b = 0; b < Batch; b++)
        {
            train.FeatureRow(order[n * Batch + b]).CopyTo(images.AsSpan(b * Pixels, Pixels));
        }
        (float reconstruction, float kl) = Step();
        reconstructionSum += reconstruction;
        klSum += kl;
        progress.Batch(new BatchProgress(epoch - 1, Epochs, n, batches, (n + 1) * Batch, batches * Batch, reconstruction + kl,
            (float)((reconstructionSum + klSum) / (n + 1)), float.NaN, Stopwatch.GetElapsedTime(epochStart), Skipped: false));
    }
    progress.Line($"epoch {epoch,2}: train −ELBO {(reconstructionSum + klSum) / batches,7:F2} nats/image "
        + $"(reconstruction {reconstructionSum / batches:F2} + KL {klSum / batches:F2}), {Stopwatch.GetElapsedTime(trainStart).TotalSeconds:F0}s");
    elboCurve.Add((reconstructionSum + klSum) / batches);
    reconstructionCurve.Add(reconstructionSum / batches);
    klCurve.Add(klSum / batches);
}
double trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;

// Test ELBO with one z per image (a seeded draw): E_q[log p(x|z)] − KL, a lower bound on log p(x).
sampler.Reseed(5);
double testReconstruction = 0, testKl = 0;
int testBatches = test.Count / Batch;
for (int n = 0; n < testBatches; n++)
{
    test.Features.AsSpan(n * Batch * Pixels, Batch * Pixels).CopyTo(images);
    encoder.Predict(images, distribution, Batch);
    sampler.Forward(distribution, z, Batch);
    decoder.Predict(z, logits, Batch);
    testReconstruction += decoder.ComputeLoss(logits, images, Span<float>.Empty, Batch) * Pixels;
    testKl += GaussianKlDivergence.Evaluate(distribution, Span<float>.Empty, Batch, Latent);
}
testReconstruction /= testBatches;
testKl /= testBatches;

// Baseline: every pixel an independent Bernoulli with its mean over the training set (no latent at all).
float[] pixelMean = new float[Pixels];
for (int i = 0; i < train.Count; i++) TensorPrimitives.Add(pixelMean, train.FeatureRow(i), pixelMean);
TensorPrimitives.Divide(pixelMean, train.Count, pixelMean);
double baseline = 0;
for (int i = 0; i < test.Count; i++)
{
    ReadOnlySpan<float> x = test.FeatureRow(i);
    for (int p = 0; p < Pixels; p++)
    {
        double q = Math.Clamp(pixelMean[p], 1e-6, 1 - 1e-6);
        baseline -= x[p] * Math.Log(q) + (1 - x[p]) * Math.Log(1 - q);
    }
}
baseline /= test.Count;

Console.WriteLine();
Console.WriteLine($"trained {Epochs} epochs ({batches} steps of {Batch} each) in {trainSeconds:F1}s");
Console.WriteLine($"test ELBO {-(testReconstruction + testKl):F2} nats per image (reconstruction {testReconstruction:F2} + KL {testKl:F2}, {test.Count} images, one z each)");
Console.WriteLine($"baseline: independent pixels at their training means, log-likelihood {-baseline:F2} nats per image");

// Generated digits: decode 100 draws z ~ N(0, I), show the pixel probabilities σ(logit).
var prior = new RandomSource(6);
float[] priorZ = new float[Batch * Latent];
for (int i = 0; i < priorZ.Length; i++) priorZ[i] = prior.NextGaussian();
decoder.Predict(priorZ, logits, Batch);
TensorPrimitives.Sigmoid(logits, logits);
Directory.CreateDirectory(outputFolder);
string samplesPath = Path.Combine(outputFolder, "vae-samples.png");
DigitGridImage.WritePng(samplesPath, logits, side: 28, columns: 10);

// Reconstructions: the first 50 test images (rows 1, 3, 5, ...)
// above their decodings at z = μ (rows 2, 4, 6, ...).
const int Shown = 50;
test.Features.AsSpan(0, Batch * Pixels).CopyTo(images);
encoder.Predict(images, distribution, Batch);
for (int b = 0; b < Batch; b++) distribution.AsSpan(b * 2 * Latent, Latent).CopyTo(z.AsSpan(b * Latent, Latent));
decoder.Predict(z, logits, Batch);
TensorPrimitives.Sigmoid(logits, logits);
float[] pairs = new float[2 * Shown * Pixels];
for (int n = 0; n < Shown; n++)
{
    int row = n / 10, column = n % 10;
    images.AsSpan(n * Pixels, Pixels).CopyTo(pairs.AsSpan(((2 * row) * 10 + column) * Pixels, Pixels));
    logits.AsSpan(n * Pixels, Pixels).CopyTo(pairs.AsSpan(((2 * row + 1) * 10 + column) * Pixels, Pixels));
}
string reconstructionsPath = Path.Combine(outputFolder, "vae-reconstructions.png");
DigitGridImage.WritePng(reconstructionsPath, pairs, side: 28, columns: 10);
Console.WriteLine($"images: {samplesPath} (100 digits decoded from z ~ N(0, I)), {reconstructionsPath} (test digits above their reconstructions)");
LearningCurvePlot.Panel elboCurves = new("nats per image (training)", [new("−ELBO", elboCurve), new("reconstruction", reconstructionCurve), new("KL", klCurve)]);
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng(Path.Combine(outputFolder, "vae-learning-curve.png"), "VAE on MNIST", "epoch", elboCurves, null)}");
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F1}s");
return 0;
