// A character-level language model on Moby-Dick: the previous 40 characters predict the next one with a
// generated Embedding -> LSTM -> Dense network, trained on random windows of the first 90% of the novel.
// Validation cross-entropy and perplexity per character on windows of the last 10%, next to unigram and
// bigram character models estimated on the same 90%; then text generated from a seed phrase at two
// temperatures, feeding the sampled characters back through a sliding window.
// Usage: dotnet run -c Release --project Samples/CharLanguageModel [steps]
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using NetGen;
using NetGen.Samples.CharLanguageModel;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();
int steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
const int Window = CharSizes.Window, BatchSize = 128, ValidationWindows = 8192, ReportEvery = 250;

string text;
using (Stream resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("moby-dick.txt.gz")
    ?? throw new InvalidOperationException("The embedded resource moby-dick.txt.gz is missing."))
using (var reader = new StreamReader(new GZipStream(resource, CompressionMode.Decompress), Encoding.UTF8))
{
    text = reader.ReadToEnd();
}

// The first 90% for training (vocabulary, baselines, network), the rest held out; the cut never splits a surrogate pair.
int cut = (int)(text.Length * 0.9);
if (char.IsLowSurrogate(text[cut])) cut++;
Tokenizer tokenizer = Tokenizer.Characters();
var builder = new VocabularyBuilder();
builder.AddText(tokenizer, text.AsSpan(0, cut));
Vocabulary vocabulary = builder.Build();
if (vocabulary.Count > CharSizes.Vocabulary)
{
    throw new InvalidOperationException($"The training text has {vocabulary.Count} character ids, but the network has {CharSizes.Vocabulary} outputs.");
}
int[] trainIds = Encode(text.AsSpan(0, cut)), heldOutIds = Encode(text.AsSpan(cut));
Console.WriteLine($"Moby-Dick: {text.Length:N0} characters; {trainIds.Length:N0} for training, {heldOutIds.Length:N0} held out; "
    + $"{vocabulary.Count - Vocabulary.ReservedCount} distinct training characters (+ padding and unknown), "
    + $"{heldOutIds.Count(id => id == Vocabulary.UnknownId)} held-out characters unknown");

// Validation windows: evenly spaced over the held-out part, each predicting the character after it.
int[] validationTargets = new int[ValidationWindows];
float[] validationInputs = new float[ValidationWindows * Window];
double spacing = (double)(heldOutIds.Length - Window) / ValidationWindows;
for (int i = 0; i < ValidationWindows; i++)
{
    int first = (int)(i * spacing);
    for (int k = 0; k < Window; k++) validationInputs[i * Window + k] = heldOutIds[first + k];
    validationTargets[i] = heldOutIds[first + Window];
}

// Baselines: unigram and bigram character frequencies of the training part, add-one smoothed over the vocabulary.
int v = vocabulary.Count;
double[] unigram = new double[v];
double[,] bigram = new double[v, v];
foreach (int id in trainIds) unigram[id]++;
for (int i = 1; i < trainIds.Length; i++) bigram[trainIds[i - 1], trainIds[i]]++;
double unigramEntropy = 0, bigramEntropy = 0;
for (int i = 0; i < ValidationWindows; i++)
{
    int previous = (int)validationInputs[i * Window + Window - 1], next = validationTargets[i];
    unigramEntropy -= Math.Log((unigram[next] + 1) / (trainIds.Length + v));
    bigramEntropy -= Math.Log((bigram[previous, next] + 1) / (unigram[previous] + v));
}
unigramEntropy /= ValidationWindows;
bigramEntropy /= ValidationWindows;

Console.WriteLine();
Console.Write(CharLstm.Summary);
var network = new CharLstm();
network.InitializeParameters(seed: 1);
var optimizer = new Adam(learningRate: 3e-3f);
var schedule = new CosineAnnealingSchedule(initial: 3e-3f, total: steps, minimum: 1e-4f);
var trainer = new Trainer(network, optimizer, new TrainerOptions { BatchSize = BatchSize, MaxGradientNorm = 1.0f, Log = null });
Console.WriteLine($"training: {steps} steps of {BatchSize} random windows of {Window} characters, Adam with cosine learning rate 3e-3 -> 1e-4, gradients clipped to norm 1");

// Each step: BatchSize windows at seeded random positions of the training part, the next character one-hot.
var random = new RandomSource(7);
float[] inputs = new float[BatchSize * Window], targets = new float[BatchSize * CharSizes.Vocabulary];
double lossSum = 0;
List<double> reportSteps = [], trainLosses = [], validationLosses = []; // for the learning-curve PNG
long trainStart = Stopwatch.GetTimestamp(), reportStart = trainStart;
var progress = new ProgressWriter(Console.Out, ProgressDisplay.Auto); // a live line on a terminal; each report interval is one "epoch"
for (int step = 0; step < steps; step++)
{
    optimizer.LearningRate = schedule.At(step);
    Array.Clear(targets);
    for (int r = 0; r < BatchSize; r++)
    {
        int first = random.NextInt32(trainIds.Length - Window);
        for (int k = 0; k < Window; k++) inputs[r * Window + k] = trainIds[first + k];
        targets[r * CharSizes.Vocabulary + trainIds[first + Window]] = 1f;
    }
    float loss = trainer.TrainStep(inputs, targets, BatchSize);
    lossSum += loss;
    int inReport = step % ReportEvery, intervalSteps = Math.Min(ReportEvery, steps - (step - inReport));
    progress.Batch(new BatchProgress(step / ReportEvery, (steps + ReportEvery - 1) / ReportEvery, inReport, intervalSteps,
        (inReport + 1) * BatchSize, intervalSteps * BatchSize, loss, (float)(lossSum / (inReport + 1)), float.NaN,
        Stopwatch.GetElapsedTime(reportStart), Skipped: false));
    if ((step + 1) % ReportEvery == 0 || step == steps - 1)
    {
        int count = (step % ReportEvery) + 1;
        double validationLoss = ValidationEntropy();
        reportStart = Stopwatch.GetTimestamp();
        progress.Line($"step {step + 1,5}  train loss {lossSum / count:F4}  val loss {validationLoss:F4}  lr {optimizer.LearningRate:G3}  "
            + $"{Stopwatch.GetElapsedTime(trainStart).TotalSeconds:F1}s");
        reportSteps.Add(step + 1);
        trainLosses.Add(lossSum / count);
        validationLosses.Add(validationLoss);
        lossSum = 0;
    }
}
double trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;
double networkEntropy = validationLosses[^1]; // the network after the last step, as just reported
LearningCurvePlot.Panel lossCurves = new("cross-entropy (nats per character)", [new("training (mean since the last report)", trainLosses), new("held out", validationLosses)]);
LearningCurvePlot.Panel perplexityCurves = new("perplexity per character",
    [new("training", [.. trainLosses.Select(Math.Exp)]), new("held out", [.. validationLosses.Select(Math.Exp)])]);
string curvePath = LearningCurvePlot.WritePng("charlm-learning-curve.png", "Character LSTM", "training step", lossCurves, perplexityCurves, x: reportSteps);

Console.WriteLine();
Console.WriteLine($"trained {steps} steps ({(long)steps * BatchSize:N0} windows) in {trainSeconds:F1}s");
Console.WriteLine($"learning curves: {curvePath}");
Console.WriteLine($"held-out cross-entropy per character on {ValidationWindows} windows (nats, bits, perplexity):");
Console.WriteLine($"  unigram   {unigramEntropy:F4}  {unigramEntropy / Math.Log(2):F3}  {Math.Exp(unigramEntropy),6:F2}");
Console.WriteLine($"  bigram    {bigramEntropy:F4}  {bigramEntropy / Math.Log(2):F3}  {Math.Exp(bigramEntropy),6:F2}");
Console.WriteLine($"  LSTM      {networkEntropy:F4}  {networkEntropy / Math.Log(2):F3}  {Math.Exp(networkEntropy),6:F2}");

// Generation: the seed's last Window characters start the window; each sampled character is appended and
// the window slides by one.
const string Seed = "It was a clear steel-blue day. The firmaments of air and sea were hardly separable; ";
var sampler = new RandomSource(11);
foreach (float temperature in new[] { 0.5f, 1.0f })
{
    Console.WriteLine();
    Console.WriteLine($"temperature {temperature:F1}:");
    Console.WriteLine(Generate(Seed, length: 400, temperature, sampler));
}
Console.WriteLine();
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
return networkEntropy < bigramEntropy ? 0 : 1;

int[] Encode(ReadOnlySpan<char> part)
{
    var ids = new List<int>(part.Length);
    foreach (ReadOnlySpan<char> character in tokenizer.EnumerateTokens(part)) ids.Add(vocabulary.IdOf(character));
    return [.. ids];
}

// Mean −log p(next character) of the network over the validation windows, in nats.
double ValidationEntropy()
{
    const int Batch = 256;
    float[] logits = new float[Batch * CharSizes.Vocabulary];
    double sum = 0;
    for (int first = 0; first < ValidationWindows; first += Batch)
    {
        int batch = Math.Min(Batch, ValidationWindows - first);
        network.Predict(validationInputs.AsSpan(first * Window, batch * Window), logits.AsSpan(0, batch * CharSizes.Vocabulary), batch);
        for (int r = 0; r < batch; r++)
        {
            ReadOnlySpan<float> row = logits.AsSpan(r * CharSizes.Vocabulary, CharSizes.Vocabulary);
            sum += LogSumExp(row) - row[validationTargets[first + r]];
        }
    }
    return sum / ValidationWindows;
}

static double LogSumExp(ReadOnlySpan<float> values)
{
    float max = values[Trainer.ArgMax(values)];
    double sum = 0;
    foreach (float value in values) sum += Math.Exp(value - max);
    return max + Math.Log(sum);
}

string Generate(string seed, int length, float temperature, RandomSource random)
{
    int[] seedIds = Encode(seed);
    float[] window = new float[Window], logits = new float[CharSizes.Vocabulary];
    for (int k = 0; k < Window; k++) window[k] = seedIds[seedIds.Length - Window + k];
    var output = new StringBuilder(seed);
    for (int i = 0; i < length; i++)
    {
        network.Predict(window, logits, 1);
        int next = TokenSampling.Sample(logits, temperature, random);
        output.Append(vocabulary.Decode(next));
        window.AsSpan(1).CopyTo(window);
        window[^1] = next;
    }
    return output.ToString();
}
