// NativeAOT inference: loads W1 weights from a safetensors file and classifies MNIST digits one image at a time.
// Usage: AotInference [weights.safetensors] [mnist-folder | image.pgm | images.idx]
//   weights default to mnist-w1.safetensors (written by Samples/Mnist); without a second argument the
//   MNIST test set is looked for in Samples/Data/mnist from the current folder and the program's folder upwards.
using System.Diagnostics;
using NetGen;
using NetGen.Samples.AotInference;

string weightsPath = args.Length > 0 ? args[0] : "mnist-w1.safetensors";
string? source = args.Length > 1 ? args[1] : FindMnistFolder();

if (!File.Exists(weightsPath))
{
    Console.Error.WriteLine($"No weights at {Path.GetFullPath(weightsPath)}.");
    Console.Error.WriteLine("Train them first:  dotnet run -c Release --project Samples/Mnist   (writes mnist-w1.safetensors)");
    return 2;
}
var network = new MnistW1();
try
{
    network.Load(weightsPath);
}
catch (Exception e) when (e is WeightFileException or IOException)
{
    Console.Error.WriteLine($"Cannot load {weightsPath}: {e.Message}");
    return 1;
}
Console.WriteLine($"W1 ({MnistW1.ParameterCount:N0} parameters) loaded from {Path.GetFullPath(weightsPath)}");

if (source is not null && File.Exists(source))
{
    return ClassifyFile(network, source);
}
string testImages = source is null ? "" : Path.Combine(source, "t10k-images-idx3-ubyte");
string testLabels = source is null ? "" : Path.Combine(source, "t10k-labels-idx1-ubyte");
if (!File.Exists(testImages) || !File.Exists(testLabels))
{
    Console.Error.WriteLine($"MNIST test set not found{(source is null ? "" : $" in {Path.GetFullPath(source)}")}.");
    Console.Error.WriteLine("Fetch it with:  bash Samples/Data/fetch-mnist.sh   or pass a folder, a .pgm image or an IDX file as the second argument.");
    return 2;
}

float[] pixels = IdxReader.Read(testImages).ToSingles(1f / 255);
int[] labels = IdxReader.Read(testLabels).ToInt32s();
int count = labels.Length;
Span<float> scores = stackalloc float[MnistW1.OutputSize];

// Warm-up, so the timing below measures the steady state (with NativeAOT there is no JIT; this fills the caches).
for (int i = 0; i < Math.Min(count, 200); i++)
{
    network.Predict(pixels.AsSpan(i * MnistW1.InputSize, MnistW1.InputSize), scores);
}

var latencies = new double[count];
int correct = 0;
long total = Stopwatch.GetTimestamp();
for (int i = 0; i < count; i++)
{
    ReadOnlySpan<float> image = pixels.AsSpan(i * MnistW1.InputSize, MnistW1.InputSize);
    long start = Stopwatch.GetTimestamp();
    network.Predict(image, scores);
    latencies[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    if (ArgMax(scores) == labels[i]) correct++;
}
double totalMs = Stopwatch.GetElapsedTime(total).TotalMilliseconds;
Array.Sort(latencies);
Console.WriteLine($"MNIST test set: {count} images, accuracy {100.0 * correct / count:F2}%");
Console.WriteLine($"latency per image (batch 1): mean {latencies.Average():F2} us, median {latencies[count / 2]:F2} us, p99 {latencies[(int)(count * 0.99)]:F2} us; {totalMs:F0} ms in all");
return 0;

// A binary PGM (P5) of 28x28 pixels, or an IDX file of one [28, 28] or many [n, 28, 28] images; white digit on black, as MNIST.
static int ClassifyFile(MnistW1 network, string path)
{
    float[] pixels;
    int count;
    if (path.EndsWith(".pgm", StringComparison.OrdinalIgnoreCase))
    {
        pixels = ReadPgm(path);
        count = 1;
    }
    else
    {
        IdxData idx = IdxReader.Read(path);
        int n = idx.Dimensions.Count switch { 2 => 1, 3 => idx.Dimensions[0], _ => -1 };
        if (n < 0 || idx.Dimensions[^1] * idx.Dimensions[^2] != MnistW1.InputSize)
        {
            Console.Error.WriteLine($"{path}: expected IDX images of 28x28, found dimensions [{string.Join(", ", idx.Dimensions)}]");
            return 1;
        }
        pixels = idx.ToSingles(idx.DataType == IdxDataType.UnsignedByte ? 1f / 255 : 1f);
        count = n;
    }
    Span<float> scores = stackalloc float[MnistW1.OutputSize];
    Span<float> probabilities = stackalloc float[MnistW1.OutputSize];
    for (int i = 0; i < count; i++)
    {
        long start = Stopwatch.GetTimestamp();
        network.Predict(pixels.AsSpan(i * MnistW1.InputSize, MnistW1.InputSize), scores);
        double microseconds = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        System.Numerics.Tensors.TensorPrimitives.SoftMax(scores, probabilities);
        int digit = ArgMax(scores);
        if (i < 20) Console.WriteLine($"image {i}: digit {digit} (p = {probabilities[digit]:F3}), {microseconds:F1} us");
    }
    if (count > 20) Console.WriteLine($"... {count - 20} more images");
    return 0;
}

static float[] ReadPgm(string path)
{
    byte[] bytes = File.ReadAllBytes(path);
    int position = 0;
    string Token()
    {
        while (position < bytes.Length)
        {
            if (bytes[position] == '#') { while (position < bytes.Length && bytes[position] != '\n') position++; }
            else if (char.IsWhiteSpace((char)bytes[position])) position++;
            else break;
        }
        int begin = position;
        while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position])) position++;
        return System.Text.Encoding.ASCII.GetString(bytes, begin, position - begin);
    }
    string magic = Token();
    int width = int.Parse(Token()), height = int.Parse(Token()), max = int.Parse(Token());
    position++; // the single whitespace byte before the pixels
    if (magic != "P5" || width * height != MnistW1.InputSize || max is < 1 or > 255 || bytes.Length - position < width * height)
        throw new InvalidDataException($"{path}: expected a binary PGM (P5) of 28x28 8-bit pixels, found {magic} {width}x{height} max {max}, {bytes.Length - position} data bytes");
    var pixels = new float[MnistW1.InputSize];
    for (int i = 0; i < pixels.Length; i++) pixels[i] = bytes[position + i] / (float)max;
    return pixels;
}

static int ArgMax(ReadOnlySpan<float> values)
{
    int best = 0;
    for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
    return best;
}

static string? FindMnistFolder()
{
    foreach (string from in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (DirectoryInfo? dir = new(from); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Samples", "Data", "mnist");
            if (Directory.Exists(candidate)) return candidate;
        }
    }
    return null;
}
