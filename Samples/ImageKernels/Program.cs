// Classic image kernels as a generated convolution: four fixed 3x3 filters (Sobel x, Sobel y, sharpen,
// box blur) written into the Conv2D's weight tensor, applied to a real handwritten digit; the input and
// the four feature maps are written as 28x28 grayscale PNGs, and all five side by side, enlarged and titled, in
// one PNG.
// Usage: dotnet run -c Release --project Samples/ImageKernels [output-folder] [mnist-folder]
//   The image is MNIST test image 0 when MNIST has been fetched (bash Samples/Data/fetch-mnist.sh),
//   otherwise a digit of the embedded scikit-learn set, upscaled from 8x8 to 28x28.
using System.Globalization;
using System.Reflection;
using System.Text;
using NetGen;
using ScottPlot;
using SkiaSharp;
using NetGen.Samples.ImageKernels;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string outputFolder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "netgen-image-kernels");
string? mnistFolder = args.Length > 1 ? args[1] : FindMnistFolder();
const int Size = 28;

// The kernels, as PyTorch's conv2d applies them (cross-correlation: output(y, x) = Σ w(i, j)·image(y+i-1, x+j-1)).
(string Name, float[] Weights)[] kernels =
[
    ("sobel-x", [-1, 0, 1, -2, 0, 2, -1, 0, 1]),          // horizontal gradient: left/right edges of vertical strokes
    ("sobel-y", [-1, -2, -1, 0, 0, 0, 1, 2, 1]),          // vertical gradient: top/bottom edges of horizontal strokes
    ("sharpen", [0, -1, 0, -1, 5, -1, 0, -1, 0]),         // identity + Laplacian
    ("box-blur", [1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f, 1 / 9f]),
];

(float[] image, string source) = LoadImage(mnistFolder);
Console.WriteLine($"input: {source}, 1x{Size}x{Size}, pixels in [0, 1]");
Console.WriteLine();
Console.Write(KernelBank.Summary); // ends with a newline
Console.WriteLine();

// The weights go into the network's flat parameter buffer through the tensor layout it publishes:
// kernels.weight has the PyTorch shape [4, 1, 3, 3], i.e. 4 rows (filters) of 1·3·3 columns.
var network = new KernelBank();
TensorLayout weight = network.Tensors.Single(t => t.Name == "kernels.weight");
Console.WriteLine($"tensors: {string.Join(", ", network.Tensors.Select(t => $"{t.Name} [{string.Join(", ", t.Shape)}]"))}");
Span<float> parameters = network.Parameters;
parameters.Clear();
for (int filter = 0; filter < kernels.Length; filter++)
{
    for (int column = 0; column < weight.Columns; column++)
    {
        parameters[weight.IndexOf(filter, column)] = kernels[filter].Weights[column];
    }
}

float[] maps = new float[KernelBank.OutputSize]; // [4, 28, 28]
network.Predict(image, maps, batch: 1);

// The same cross-correlation written out directly, as a check of the generated code.
float worst = 0;
for (int filter = 0; filter < kernels.Length; filter++)
{
    for (int y = 0; y < Size; y++)
    {
        for (int x = 0; x < Size; x++)
        {
            float sum = 0;
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    int yy = y + i - 1, xx = x + j - 1;
                    if (yy >= 0 && yy < Size && xx >= 0 && xx < Size) sum += kernels[filter].Weights[i * 3 + j] * image[yy * Size + xx];
                }
            }
            worst = Math.Max(worst, Math.Abs(sum - maps[(filter * Size + y) * Size + x]));
        }
    }
}
Console.WriteLine($"largest difference from a direct loop over the kernels: {worst:G3}");
Console.WriteLine();

Directory.CreateDirectory(outputFolder);
WriteGrayscalePng(Path.Combine(outputFolder, "input.png"), image, Size, Size, out _, out _);
Console.WriteLine($"{"map",-9} {"min",8} {"max",8} {"mean|v|",8}  {"max|v| on stroke",16}  {"max|v| on background",20}  file (min..max → 0..255)");
for (int filter = 0; filter < kernels.Length; filter++)
{
    ReadOnlySpan<float> map = maps.AsSpan(filter * Size * Size, Size * Size);
    // Stroke: ink ≥ 0.5. Background: no ink anywhere in the 3×3 neighbourhood (every kernel must give 0 there).
    float onStroke = 0, onBackground = 0, meanAbs = 0;
    int strongest = 0;
    for (int p = 0; p < map.Length; p++)
    {
        float value = Math.Abs(map[p]);
        meanAbs += value / map.Length;
        if (image[p] >= 0.5f && value > onStroke) onStroke = value;
        if (!InkNear(image, p) && value > onBackground) onBackground = value;
        if (value > Math.Abs(map[strongest])) strongest = p;
    }
    string file = Path.Combine(outputFolder, $"{filter}-{kernels[filter].Name}.png");
    WriteGrayscalePng(file, map, Size, Size, out float min, out float max);
    Console.WriteLine($"{kernels[filter].Name,-9} {min,8:F3} {max,8:F3} {meanAbs,8:F3}  {onStroke,16:F3}  {onBackground,20:F3}  {Path.GetFileName(file)}"
        + $"  strongest at (row {strongest / Size}, column {strongest % Size})");
}
Console.WriteLine();
Console.WriteLine("Sobel x as text (+ rising to the right, - falling, . near zero):");
Console.WriteLine(AsText(maps.AsSpan(0, Size * Size), Size));
Console.WriteLine($"images written to {Path.GetFullPath(outputFolder)}: input.png and the four maps (8-bit grayscale PNG, 28x28, min..max stretched to black..white)");
string overview = WriteOverviewPng(Path.Combine(outputFolder, "kernels.png"), image, maps, [.. kernels.Select(k => k.Name)], source.StartsWith("MNIST", StringComparison.Ordinal) ? "MNIST test image 0" : "scikit-learn digit 0");
Console.WriteLine($"side by side: {overview}");
return 0;

static bool InkNear(float[] image, int p)
{
    int y = p / Size, x = p % Size;
    for (int yy = Math.Max(0, y - 1); yy <= Math.Min(Size - 1, y + 1); yy++)
        for (int xx = Math.Max(0, x - 1); xx <= Math.Min(Size - 1, x + 1); xx++)
            if (image[yy * Size + xx] > 0) return true;
    return false;
}

// An 8-bit grayscale PNG (SkiaSharp), the values stretched linearly from [min, max] to 0..255: one pixel per value.
static void WriteGrayscalePng(string path, ReadOnlySpan<float> values, int width, int height, out float min, out float max)
{
    min = float.PositiveInfinity; max = float.NegativeInfinity;
    foreach (float v in values) { min = Math.Min(min, v); max = Math.Max(max, v); }
    float scale = max > min ? 255f / (max - min) : 0;
    byte[] pixels = new byte[width * height];
    for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)Math.Clamp(MathF.Round((values[i] - min) * scale), 0, 255);
    using SKImage picture = SKImage.FromPixelCopy(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque), pixels, width);
    using SKData png = picture.Encode(SKEncodedImageFormat.Png, 100);
    using FileStream stream = File.Create(path);
    png.SaveTo(stream);
}

// The input and the maps as one row of titled panels (ScottPlot heatmaps, one cell per pixel, not smoothed), each with
// its colour scale: grey for the input, blur and sharpen; blue-white-red around zero for the signed Sobel gradients.
static string WriteOverviewPng(string path, float[] image, float[] maps, string[] names, string source)
{
    var figure = new Multiplot(); // starts with one plot
    figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
    for (int panel = 0; panel <= names.Length; panel++)
    {
        Plot plot = panel == 0 ? figure.GetPlot(0) : figure.AddPlot();
        ReadOnlySpan<float> values = panel == 0 ? image : maps.AsSpan((panel - 1) * Size * Size, Size * Size);
        double[,] cells = new double[Size, Size];
        double largest = 0;
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                cells[y, x] = values[y * Size + x];
                largest = Math.Max(largest, Math.Abs(cells[y, x]));
            }
        }
        var heatmap = plot.Add.Heatmap(cells);
        bool signed = panel > 0 && names[panel - 1].StartsWith("sobel", StringComparison.Ordinal);
        heatmap.Colormap = signed ? new ScottPlot.Colormaps.Balance() : new ScottPlot.Colormaps.Grayscale();
        if (signed) heatmap.ManualRange = new ScottPlot.Range(-largest, largest); // zero in the middle of the scale
        plot.Add.ColorBar(heatmap);
        plot.Title(panel == 0 ? source : $"{panel}. {names[panel - 1]}", size: 15);
        // Pixels, not coordinates: no tick labels or ticks, the frame kept around the image.
        foreach (ScottPlot.IAxis axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.IsVisible = false;
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
        }
        plot.Axes.SetLimits(-0.5, Size - 0.5, -0.5, Size - 0.5);
        plot.Axes.SquareUnits();
        plot.Grid.IsVisible = false;
        PlotStyle.Apply(plot);
    }
    figure.SavePng(path, 1600, 290); // about square panels at this size, so SquareUnits leaves little empty margin
    return Path.GetFullPath(path);
}

static string AsText(ReadOnlySpan<float> map, int size)
{
    float max = 0;
    foreach (float v in map) max = Math.Max(max, Math.Abs(v));
    var text = new StringBuilder();
    for (int y = 0; y < size; y++)
    {
        for (int x = 0; x < size; x++)
        {
            float v = map[y * size + x] / max;
            text.Append(v > 0.5f ? '#' : v > 0.1f ? '+' : v < -0.5f ? '=' : v < -0.1f ? '-' : '.');
        }
        text.AppendLine();
    }
    return text.ToString().TrimEnd();
}

// MNIST test image 0 (a 7) when the files are there; else digit 0 of the embedded scikit-learn set
// (8×8, 0..16), upscaled bilinearly to 28×28 with a 2-pixel border like MNIST's.
static (float[] Image, string Source) LoadImage(string? mnistFolder)
{
    string path = mnistFolder is null ? "" : Path.Combine(mnistFolder, "t10k-images-idx3-ubyte");
    if (File.Exists(path))
    {
        IdxData images = IdxReader.Read(path);
        float[] all = images.ToSingles(1f / 255);
        string labels = Path.Combine(mnistFolder!, "t10k-labels-idx1-ubyte");
        string label = File.Exists(labels) ? $", label {IdxReader.Read(labels).ToInt32s()[0]}" : "";
        return (all.AsSpan(0, Size * Size).ToArray(), $"MNIST test image 0{label} ({Path.GetFullPath(path)})");
    }
    using Stream resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("digits.csv.gz")
        ?? throw new InvalidOperationException("The embedded resource digits.csv.gz is missing.");
    LabeledData digits = SklearnCsv.ReadWithoutHeader(resource);
    ReadOnlySpan<float> small = digits.Sample(0);
    const int Border = 2, Inner = Size - 2 * Border;
    float[] image = new float[Size * Size];
    for (int y = 0; y < Inner; y++)
    {
        for (int x = 0; x < Inner; x++)
        {
            // Pixel centres of the 24×24 grid mapped onto the 8×8 grid, clamped at the edges.
            float sy = Math.Clamp((y + 0.5f) * 8 / Inner - 0.5f, 0, 7), sx = Math.Clamp((x + 0.5f) * 8 / Inner - 0.5f, 0, 7);
            int y0 = Math.Min((int)sy, 6), x0 = Math.Min((int)sx, 6);
            float fy = sy - y0, fx = sx - x0;
            float top = small[y0 * 8 + x0] * (1 - fx) + small[y0 * 8 + x0 + 1] * fx;
            float bottom = small[(y0 + 1) * 8 + x0] * (1 - fx) + small[(y0 + 1) * 8 + x0 + 1] * fx;
            image[(y + Border) * Size + x + Border] = (top * (1 - fy) + bottom * fy) / 16;
        }
    }
    return (image, $"scikit-learn digit 0 (label {digits.Labels[0]}), 8x8 upscaled bilinearly to 24x24 inside a 2-pixel border (MNIST not fetched)");
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
