// NativeAOT inference with nothing beside the binary: W1's weights and the first 1000 MNIST test images are inside the
// program (Data/README.md says where they come from), so it classifies the images and reports accuracy and latency
// without reading a single file.
// Usage: AotInference [weights.safetensors] [image.pgm | images.idx[.gz] | mnist-folder]
//   a .safetensors argument replaces the embedded weights (e.g. mnist-w1.safetensors written by Samples/Mnist); any
//   other argument replaces the embedded images: a binary PGM (P5) of 28x28 pixels, an IDX file of 28x28 images, or a
//   folder holding the MNIST test set (t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte; bash Samples/Data/fetch-mnist.sh).
using System.Diagnostics;
using System.Runtime.Intrinsics;
using NetGen;
using NetGen.Samples.AotInference;

string? weightsPath = args.FirstOrDefault(IsWeightFile);
string? source = args.FirstOrDefault(argument => !IsWeightFile(argument));

var network = new MnistW1();
try
{
    if (weightsPath is null) network.LoadEmbeddedWeights();
    else network.Load(weightsPath);
}
catch (Exception e) when (e is WeightFileException or IOException)
{
    Console.Error.WriteLine($"Cannot load the weights: {e.Message}");
    return 1;
}
Console.WriteLine($"W1 ({MnistW1.ParameterCount:N0} parameters), weights {(weightsPath is null ? $"embedded ({MnistW1.EmbeddedWeightsResource})" : $"from {Path.GetFullPath(weightsPath)}")}");
// Published NativeAOT, the program is one file; `dotnet run` starts a small launcher beside AotInference.dll instead.
if (Environment.ProcessPath is { } binary && !File.Exists(Path.Combine(AppContext.BaseDirectory, typeof(MnistW1).Assembly.GetName().Name + ".dll")))
{
    Console.WriteLine($"NativeAOT binary {Path.GetFileName(binary)}: {new FileInfo(binary).Length:N0} bytes");
}
int vectorBits = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;
Console.WriteLine($"widest hardware vector: {vectorBits} bits");

if (source is not null && File.Exists(source)) return ClassifyFile(network, source);
IdxData images, labels;
string origin;
if (source is null)
{
    images = IdxReader.Read(Resource("mnist/t10k-first1000-images"));
    labels = IdxReader.Read(Resource("mnist/t10k-first1000-labels"));
    origin = "embedded MNIST test images (the first 1000)";
}
else
{
    string testImages = Path.Combine(source, "t10k-images-idx3-ubyte"), testLabels = Path.Combine(source, "t10k-labels-idx1-ubyte");
    if (!File.Exists(testImages) || !File.Exists(testLabels))
    {
        Console.Error.WriteLine($"{source}: not a .pgm or IDX file, nor a folder holding t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte.");
        Console.Error.WriteLine("Fetch the MNIST test set with:  bash Samples/Data/fetch-mnist.sh   (then pass Samples/Data/mnist)");
        return 2;
    }
    images = IdxReader.Read(testImages);
    labels = IdxReader.Read(testLabels);
    origin = $"MNIST test set in {Path.GetFullPath(source)}";
}
return Evaluate(network, images.ToSingles(1f / 255), labels.ToInt32s(), origin);

// Accuracy over the images, and the latency of one Predict call per image (batch 1), timed over five passes after one
// pass of warm-up (NativeAOT has no JIT to wait for, but the caches and branch predictors must fill).
static int Evaluate(MnistW1 network, float[] pixels, int[] labels, string origin)
{
    const int Passes = 5;
    int count = labels.Length;
    Span<float> scores = stackalloc float[MnistW1.OutputSize];
    for (int i = 0; i < count; i++) network.Predict(pixels.AsSpan(i * MnistW1.InputSize, MnistW1.InputSize), scores);

    var latencies = new double[Passes * count];
    int correct = 0;
    long total = Stopwatch.GetTimestamp();
    for (int pass = 0; pass < Passes; pass++)
    {
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<float> image = pixels.AsSpan(i * MnistW1.InputSize, MnistW1.InputSize);
            long start = Stopwatch.GetTimestamp();
            network.Predict(image, scores);
            latencies[pass * count + i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (pass == 0 && Classification.ArgMax(scores) == labels[i]) correct++;
        }
    }
    double totalMs = Stopwatch.GetElapsedTime(total).TotalMilliseconds;
    Array.Sort(latencies);
    // Nearest-rank percentiles: the smallest latency that at least p of the calls do not exceed.
    double Percentile(double p) => latencies[Math.Max(0, (int)Math.Ceiling(p * latencies.Length) - 1)];
    Console.WriteLine($"{origin}: {count} images, accuracy {100.0 * correct / count:F2}%");
    Console.WriteLine($"latency per image (batch 1, {latencies.Length} calls): median {Percentile(0.5):F2} us, p99 {Percentile(0.99):F2} us, mean {latencies.Average():F2} us; {totalMs:F0} ms in all");
    return 0;
}

// A binary PGM (P5) of 28x28 pixels, or an IDX file (gzip'd or not) of one [28, 28] or many [n, 28, 28] images; white digit on black, as MNIST.
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
        Classification.Softmax(scores, probabilities, 1, MnistW1.OutputSize);
        int digit = Classification.ArgMax(scores);
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

static bool IsWeightFile(string argument) => argument.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

// One of the program's own resources (LogicalName in AotInference.csproj); seekable, so IdxReader checks sizes first.
static Stream Resource(string name) =>
    typeof(MnistW1).Assembly.GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"the program has no embedded resource '{name}' (see AotInference.csproj)");
