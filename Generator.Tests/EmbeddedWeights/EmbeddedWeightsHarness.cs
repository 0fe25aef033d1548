using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using NetGen.Generator;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.EmbeddedWeights;

/// <summary>
/// Runs the generator with NetGenWeights header copies as AdditionalFiles, as a build with buildTransitive/NetGen.targets
/// does, and makes the safetensors files and header copies the tests feed it.
/// </summary>
internal static class EmbeddedWeightsHarness
{
    /// <summary>The network most tests embed weights for: 4 -> 3 ReLU -> 2, its weights in "tiny.safetensors".</summary>
    public const string TinyNetwork = """
        using NetGen;
        namespace MyApp;
        [Network(4)]
        [Dense(3, Activation = Activation.ReLU)]
        [Dense(2)]
        [EmbeddedWeights("tiny.safetensors")]
        public partial class Tiny;
        """;

    /// <summary><see cref="TinyNetwork"/>'s tensors: dense0.weight [3, 4], dense0.bias [3], dense1.weight [2, 3], dense1.bias [2].</summary>
    public static readonly (string, string, int[])[] TinyTensors =
    [
        ("dense0.weight", "F32", [3, 4]), ("dense0.bias", "F32", [3]), ("dense1.weight", "F32", [2, 3]), ("dense1.bias", "F32", [2]),
    ];

    /// <summary>A file of the given tensors, every value <paramref name="fill"/>(tensor, index); the header padded with spaces to 8 bytes, as safetensors writers do.</summary>
    public static byte[] Safetensors(IEnumerable<(string Name, string DType, int[] Shape)> tensors, Func<int, int, float>? fill = null)
    {
        var json = new StringBuilder("{");
        var data = new MemoryStream();
        int index = 0;
        foreach ((string name, string dtype, int[] shape) in tensors)
        {
            int elements = shape.Aggregate(1, (a, b) => a * b);
            int size = dtype switch { "F32" or "I32" => 4, "F16" or "BF16" => 2, "F64" or "I64" => 8, _ => 1 };
            long begin = data.Length;
            for (int i = 0; i < elements; i++)
            {
                byte[] bytes = dtype == "F32" ? BitConverter.GetBytes(fill?.Invoke(index, i) ?? 0f) : new byte[size];
                data.Write(bytes);
            }
            if (json.Length > 1) json.Append(',');
            json.Append(CultureInfo.InvariantCulture, $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{data.Length}]}}");
            index++;
        }
        json.Append('}');
        while ((json.Length + 8) % 8 != 0) json.Append(' ');
        byte[] header = Encoding.UTF8.GetBytes(json.ToString());
        var file = new MemoryStream();
        file.Write(BitConverter.GetBytes((ulong)header.Length));
        file.Write(header);
        file.Write(data.ToArray());
        return file.ToArray();
    }

    /// <summary>What the NetGenCopySafetensorsHeader task of buildTransitive/NetGen.targets writes for <paramref name="file"/>.</summary>
    public static string HeaderCopy(byte[] file)
    {
        var copy = new StringBuilder("netgen-safetensors-header 1\n").Append(CultureInfo.InvariantCulture, $"file-length {file.Length}\n");
        if (file.Length < 8) return copy.ToString();
        ulong length = BitConverter.ToUInt64(file, 0);
        copy.Append(CultureInfo.InvariantCulture, $"header-length {length}\n");
        int take = (int)Math.Min(length, (ulong)(file.Length - 8));
        return copy.Append(Encoding.UTF8.GetString(file, 8, take)).ToString();
    }

    /// <summary>An AdditionalFiles entry as the targets add it: obj/…/netgen/{file name}.netgen-header.</summary>
    public static AdditionalText Header(string fileName, string text) =>
        new InMemoryText($"/project/obj/Release/net10.0/netgen/{fileName}{SafetensorsHeader.Extension}", text);

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalFiles) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetGenGenerator().AsSourceGenerator() },
            additionalTexts: additionalFiles,
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator on <paramref name="source"/> with the given files; returns its run and the compilation with the generated code.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output) Run(string source, params AdditionalText[] additionalFiles)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(source);
        GeneratorDriver driver = CreateDriver(additionalFiles).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver.GetRunResult(), output);
    }

    public static ImmutableArray<Diagnostic> NgDiagnostics(string source, params AdditionalText[] additionalFiles) =>
        GeneratorHarness.NgDiagnostics(Run(source, additionalFiles).Result);

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text, Encoding.UTF8);
    }
}
