// A generative adversarial network on MNIST from two generated networks trained against each other with
// separate Adam optimizers: the discriminator learns to tell real digits (target 1) from generated ones
// (target 0); the generator learns through the discriminator's input gradient to make it say 1
// (the non-saturating loss). Writes a grid of generated digits and measures them with an MNIST classifier.
// Usage: dotnet run -c Release --project Samples/Gan [epochs (default 10)] [output-folder] [mnist-folder]
using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using NetGen;
using NetGen.Samples.Gan;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int epochs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
string outputFolder = args.Length > 1 ? args[1] : AppContext.BaseDirectory;
string? folder = MnistFiles.Locate(args.Length > 2 ? args[2] : null, "third");
if (folder is null) return 2;

Dataset train = MnistFiles.Load(folder, "train");
Dataset test = MnistFiles.Load(folder, "t10k");
Console.WriteLine($"MNIST from {Path.GetFullPath(folder)}: {train.Count} training, {test.Count} test images");
Console.WriteLine();
Console.Write(DigitGenerator.Summary);
Console.WriteLine();
Console.Write(DigitDiscriminator.Summary);
Console.WriteLine();

const int Pixels = DigitDiscriminator.InputSize, Noise = GanShape.Noise, Batch = 64;
var generator = new DigitGenerator();
var discriminator = new DigitDiscriminator();
generator.InitializeParameters(seed: 1);
discriminator.InitializeParameters(seed: 2);
// The usual DCGAN settings: a small step and β1 = 0.5, so momentum does not carry a player past the other's moves.
var generatorOptimizer = new Adam(learningRate: 2e-4f, beta1: 0.5f);
var discriminatorOptimizer = new Adam(learningRate: 2e-4f, beta1: 0.5f);
var random = new RandomSource(3);

// Buffers for one step, allocated once; the step allocates nothing.
float[] real = new float[Batch * Pixels], fake = new float[Batch * Pixels], fakeGradient = new float[Batch * Pixels];
float[] noise = new float[Batch * Noise];
float[] logits = new float[Batch], logitsGradient = new float[Batch];
float[] ones = new float[Batch], zeros = new float[Batch];
Array.Fill(ones, 1f);

// One round: a discriminator step on a real and a generated batch, then a generator step.
// Returns the discriminator's loss (real + generated) and the generator's loss.
(float Discriminator, float Generator) Step()
{
    for (int i = 0; i < noise.Length; i++) noise[i] = random.NextGaussian();
    generator.ZeroGradients();
    generator.Forward(noise, fake, Batch);

    discriminator.ZeroGradients();
    discriminator.Forward(real, logits, Batch);
    float realLoss = discriminator.ComputeLoss(logits, ones, logitsGradient, Batch);
    discriminator.Backward(logitsGradient, Span<float>.Empty, Batch);
    discriminator.Forward(fake, logits, Batch);
    float fakeLoss = discriminator.ComputeLoss(logits, zeros, logitsGradient, Batch);
    discriminator.Backward(logitsGradient, Span<float>.Empty, Batch); // adds to the real batch's gradients
    discriminatorOptimizer.Step(discriminator.Parameters, discriminator.Gradients);

    // The generator's step goes through the updated discriminator; its parameter gradients are discarded.
    discriminator.ZeroGradients();
    discriminator.Forward(fake, logits, Batch);
    float generatorLoss = discriminator.ComputeLoss(logits, ones, logitsGradient, Batch);
    discriminator.Backward(logitsGradient, fakeGradient, Batch);
    generator.Backward(fakeGradient, Span<float>.Empty, Batch);
    generatorOptimizer.Step(generator.Parameters, generator.Gradients);
    return (realLoss + fakeLoss, generatorLoss);
}

// 100 fixed noise vectors: the picture, rewritten after every epoch so the progress can be watched.
Directory.CreateDirectory(outputFolder);
string samplesPath = Path.Combine(outputFolder, "gan-samples.png");
float[] pictureNoise = new float[100 * Noise], picture = new float[100 * Pixels];
var pictureSource = new RandomSource(4);
for (int i = 0; i < pictureNoise.Length; i++) pictureNoise[i] = pictureSource.NextGaussian();

int[] order = Enumerable.Range(0, train.Count).ToArray();
int batches = train.Count / Batch;
long trainStart = Stopwatch.GetTimestamp();
List<double> discriminatorCurve = [], generatorCurve = []; // per epoch, for the learning-curve PNG
var progress = new ProgressWriter(Console.Out, ProgressDisplay.Auto); // a live batch line on a terminal, nothing extra in a log
for (int epoch = 1; epoch <= epochs; epoch++)
{
    random.Shuffle(order);
    double discriminatorSum = 0, generatorSum = 0;
    long epochStart = Stopwatch.GetTimestamp();
    for (int n = 0; n < batches; n++)
    {
        for (int b = 0; b < Batch; b++)
        {
            // Pixels from [0, 1] to [−1, 1], the generator's range.
            Span<float> row = real.AsSpan(b * Pixels, Pixels);
            TensorPrimitives.Multiply(train.FeatureRow(order[n * Batch + b]), 2f, row);
            TensorPrimitives.Add(row, -1f, row);
        }
        (float discriminatorLoss, float generatorLoss) = Step();
        discriminatorSum += discriminatorLoss;
        generatorSum += generatorLoss;
        // The live line's loss is the discriminator's: the generator's only means something against it.
        progress.Batch(new BatchProgress(epoch - 1, epochs, n, batches, (n + 1) * Batch, batches * Batch, discriminatorLoss,
            (float)(discriminatorSum / (n + 1)), float.NaN, Stopwatch.GetElapsedTime(epochStart), Skipped: false));
    }
    generator.Predict(pictureNoise, picture, 100);
    ToUnitRange(picture);
    DigitGridImage.WritePng(samplesPath, picture, side: 28, columns: 10);
    progress.Line($"epoch {epoch,2}: discriminator loss {discriminatorSum / batches:F3} (2·ln 2 = 1.386 when it cannot tell), "
        + $"generator loss {generatorSum / batches:F3}, {Stopwatch.GetElapsedTime(trainStart).TotalSeconds:F0}s");
    discriminatorCurve.Add(discriminatorSum / batches);
    generatorCurve.Add(generatorSum / batches);
}
double trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;
Console.WriteLine($"trained {epochs} epochs ({batches} rounds of {Batch} each) in {trainSeconds:F1}s");

Console.WriteLine($"image: {samplesPath} (100 generated digits)");
LearningCurvePlot.Panel lossCurves = new("loss (BCE with logits, mean per round)", [new("discriminator", discriminatorCurve), new("generator", generatorCurve)]);
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng(Path.Combine(outputFolder, "gan-learning-curve.png"), "GAN on MNIST", "epoch", lossCurves, null)}");

// 10,000 generated digits from other seeded noise, for the measures.
const int Generated = 10_000;
var sampleNoise = new RandomSource(5);
float[] allNoise = new float[Generated * Noise];
for (int i = 0; i < allNoise.Length; i++) allNoise[i] = sampleNoise.NextGaussian();
float[] generated = new float[Generated * Pixels];
generator.Predict(allNoise, generated, Generated);
ToUnitRange(generated); // as the judge sees the real digits
Console.WriteLine();

// The judge: a W1 classifier trained on the real training digits.
var classifier = new DigitClassifier();
classifier.InitializeParameters(seed: 6);
new Trainer(classifier, new Adam(1e-3f), new TrainerOptions { Epochs = 3, BatchSize = 64, Seed = 7, Log = null }).Fit(train);
(_, float accuracy) = Trainer.Evaluate(classifier, test, batchSize: 100);
Console.WriteLine($"judge: W1, 784 → 128 → 64 → 10 ({DigitClassifier.ParameterCount:N0} parameters), 3 epochs on the real training digits, test accuracy {accuracy * 100:F2}%");

var noiseSource = new RandomSource(8);
float[] uniformNoise = new float[Generated * Pixels];
for (int i = 0; i < uniformNoise.Length; i++) uniformNoise[i] = noiseSource.NextSingle();
Console.WriteLine();
Console.WriteLine($"{"10,000 images",-22} {"mean max-class",15} {"class-histogram",16} {"Inception-like",14}  predicted classes 0..9 (%)");
Console.WriteLine($"{"",-22} {"confidence",15} {"entropy (nats)",16} {"score",14}");
Report("real test digits", test.Features);
Report("generated digits", generated);
Report("uniform noise", uniformNoise);
Console.WriteLine($"(a class histogram's entropy is at most ln 10 = {Math.Log(10):F3}; the score exp(E[KL(p(y|x) ‖ p(y))]) is at most 10)");
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F1}s");
return 0;

// Class probabilities of the judge for each image: confident (max probability near 1) and spread over
// all ten classes (histogram entropy near ln 10) is what real digits look like.
void Report(string name, float[] images)
{
    int count = images.Length / Pixels;
    float[] probabilities = new float[count * 10];
    classifier.Predict(images, probabilities, count);
    double confidence = 0;
    double[] histogram = new double[10], marginal = new double[10];
    for (int i = 0; i < count; i++)
    {
        Span<float> p = probabilities.AsSpan(i * 10, 10);
        Classification.Softmax(p, p, batch: 1, classes: 10);
        int predicted = Classification.ArgMax(p);
        confidence += p[predicted];
        histogram[predicted]++;
        for (int c = 0; c < 10; c++) marginal[c] += p[c] / count;
    }
    double entropy = -histogram.Where(h => h > 0).Sum(h => h / count * Math.Log(h / count));
    double klSum = 0;
    for (int i = 0; i < count; i++)
    {
        for (int c = 0; c < 10; c++)
        {
            double p = probabilities[i * 10 + c];
            if (p > 0) klSum += p * Math.Log(p / marginal[c]);
        }
    }
    string shares = string.Join(" ", histogram.Select(h => $"{100 * h / count,4:F1}"));
    Console.WriteLine($"{name,-22} {confidence / count,15:F3} {entropy,16:F3} {Math.Exp(klSum / count),14:F2}  {shares}");
}

// Generator pixels from [−1, 1] back to [0, 1].
static void ToUnitRange(Span<float> pixels)
{
    TensorPrimitives.Add(pixels, 1f, pixels);
    TensorPrimitives.Multiply(pixels, 0.5f, pixels);
}
