using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace NetGen.Tests.Package;

/// <summary>Runs alone: the consumer builds and the NativeAOT compile would otherwise compete with the timing-sensitive tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackageInstallCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "Package install";
}

/// <summary>
/// The NetGen package as a user installs it: packed from this checkout into a folder feed, added with
/// <c>dotnet add package</c> to a console project made by <c>dotnet new console</c> outside the repository, which
/// declares four networks (one with its weights embedded from a NetGenWeights item), trains one, predicts with all of
/// them, and is published with NativeAOT (.NET 10) and
/// self-contained (.NET 8, whose runtime NuGet restores, as no .NET 8 is installed here); and a .NET 8 library that
/// compiles every test network.
/// </summary>
[Collection(PackageInstallCollection.Name)]
[Trait("Category", "PackageInstall")]
public sealed class PackageInstallTests(PackageFeed feed, ITestOutputHelper output)
{
    private const string GeneratorNotLoaded =
        "NetGen's source generator did not run in the consumer project: the package must carry NetGen.Generator.dll in " +
        "analyzers/dotnet/cs (not lib/), where the compiler loads analyzers from";

    /// <summary>
    /// Twelve iris flowers to fit, an identity convolution to check exactly, an LSTM whose outputs tanh bounds; prints
    /// what the tests read.
    /// </summary>
    private const string Program = """
        using System.Runtime.InteropServices;
        using NetGen;

        Console.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}");

        // Twelve iris flowers (sepal length, sepal width, petal length, petal width), four of each species.
        float[] features =
        [
            5.1f, 3.5f, 1.4f, 0.2f,   4.9f, 3.0f, 1.4f, 0.2f,   5.4f, 3.9f, 1.7f, 0.4f,   5.0f, 3.4f, 1.5f, 0.2f,
            7.0f, 3.2f, 4.7f, 1.4f,   6.4f, 3.2f, 4.5f, 1.5f,   5.5f, 2.3f, 4.0f, 1.3f,   5.7f, 2.8f, 4.5f, 1.3f,
            6.3f, 3.3f, 6.0f, 2.5f,   5.8f, 2.7f, 5.1f, 1.9f,   7.1f, 3.0f, 5.9f, 2.1f,   6.5f, 3.0f, 5.8f, 2.2f,
        ];
        int[] species = [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2];
        var data = Dataset.FromLabels(features, IrisNet.InputSize, species, classCount: 3);
        new FeatureScaler().Fit(data).Transform(data);

        var iris = new IrisNet();
        iris.InitializeParameters(seed: 1);
        (float initialLoss, _) = Trainer.Evaluate(iris, data, batchSize: 12);
        new Trainer(iris, new Adam(learningRate: 0.05f), new TrainerOptions { Epochs = 60, BatchSize = 4, Seed = 2, Log = null }).Fit(data);
        (float loss, float accuracy) = Trainer.Evaluate(iris, data, batchSize: 12);
        var scores = new float[IrisNet.OutputSize];
        var predicted = new int[species.Length];
        for (int i = 0; i < species.Length; i++)
        {
            iris.Predict(data.FeatureRow(i), scores, 1);
            predicted[i] = Trainer.ArgMax(scores);
        }
        Console.WriteLine($"parameters: {IrisNet.ParameterCount}");
        Console.WriteLine($"loss: {initialLoss:F4} -> {loss:F4}");
        Console.WriteLine($"accuracy: {accuracy:F2}");
        Console.WriteLine($"predicted: {string.Join(' ', predicted)}");

        // The first filter is the identity (1 at the centre tap) with bias 0.5, the others zero: map 0 is the image + 0.5.
        var bank = new FilterBank();
        TensorLayout weight = bank.Tensors.Single(t => t.Name == "bank.weight");
        TensorLayout bias = bank.Tensors.Single(t => t.Name == "bank.bias");
        bank.Parameters.Clear();
        bank.Parameters[weight.IndexOf(0, 4)] = 1f;
        bank.Parameters[bias.IndexOf(0, 0)] = 0.5f;
        var image = new float[FilterBank.InputSize];
        for (int i = 0; i < image.Length; i++) image[i] = MathF.Sin(0.1f * i);
        var maps = new float[FilterBank.OutputSize];
        bank.Predict(image, maps, 1);
        float worst = 0;
        for (int i = 0; i < maps.Length; i++)
        {
            float expected = i < image.Length ? image[i] + 0.5f : 0f;
            worst = MathF.Max(worst, MathF.Abs(maps[i] - expected));
        }
        Console.WriteLine($"convolution error: {worst:G3}");

        var lstm = new SequenceNet();
        lstm.InitializeParameters(seed: 3);
        var sequence = new float[SequenceNet.InputSize];
        for (int i = 0; i < sequence.Length; i++) sequence[i] = MathF.Cos(0.7f * i);
        var hidden = new float[SequenceNet.OutputSize];
        lstm.Predict(sequence, hidden, 1);
        Console.WriteLine($"lstm: {string.Join(' ', hidden.Select(h => h.ToString("F5", System.Globalization.CultureInfo.InvariantCulture)))}");

        // Weights from the NetGenWeights item affine.safetensors, inside the program: no file is read.
        var affine = new EmbeddedAffine();
        affine.LoadEmbeddedWeights();
        var mapped = new float[EmbeddedAffine.OutputSize];
        affine.Predict([1f, 2f, 3f, 4f], mapped, 1);
        Console.WriteLine($"embedded: {string.Join(' ', mapped.Select(v => v.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)))}");

        [Network(4, Loss = LossKind.SoftmaxCrossEntropy)]
        [Dense(8, Activation = Activation.ReLU)]
        [Dense(3)]
        public partial class IrisNet;

        [Network(1, 28, 28)]
        [Conv2D(4, 3, Padding = 1, Name = "bank")]
        public partial class FilterBank;

        [Network(4, 7, Loss = LossKind.MeanSquaredError)]
        [LSTM(5)]
        public partial class SequenceNet;

        [Network(4)]
        [Dense(3, Name = "affine")]
        [EmbeddedWeights("affine.safetensors")]
        public partial class EmbeddedAffine;
        """;

    /// <summary>The embedded affine map's weight [3, 4] and bias [3], exact in float32 so the printed outputs can be predicted.</summary>
    private static float AffineWeight(int row, int column) => (row * 4 + column + 1) * 0.125f;

    private static float AffineBias(int row) => -0.5f * (row + 1);

    private static string RuntimeIdentifier => RuntimeInformation.RuntimeIdentifier;

    [Fact]
    public void Package_HoldsTheRuntimeInLibAndTheGeneratorInAnalyzers()
    {
        IReadOnlyList<string> entries = feed.Entries();
        output.WriteLine($"pack: {feed.PackResult.Elapsed.TotalSeconds:F0} s; {feed.Package}:\n{string.Join("\n", entries)}");
        foreach (string expected in new[]
        {
            "analyzers/dotnet/cs/NetGen.Generator.dll",
            "lib/net8.0/NetGen.Runtime.dll", "lib/net8.0/NetGen.Runtime.xml",
            "lib/net10.0/NetGen.Runtime.dll", "lib/net10.0/NetGen.Runtime.xml",
            "buildTransitive/NetGen.targets", "README.md",
        })
        {
            Assert.True(entries.Contains(expected), $"the package has no {expected}; it has: {string.Join(", ", entries)}");
        }
        Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal) && entry.Contains("Generator", StringComparison.Ordinal));

        string nuspec = feed.Nuspec();
        Assert.Contains($"<version>{feed.Version}</version>", nuspec);
        Assert.Contains("""<license type="expression">MIT</license>""", nuspec);
        Assert.Contains("""<dependency id="System.Numerics.Tensors" version="10.0.0" """, nuspec);
        Assert.DoesNotContain("NetGen.Generator", nuspec);
        Assert.DoesNotContain("Package Description", nuspec);
    }

    [Fact]
    public void Net10Console_BuildsTrainsPredictsAndRunsAsNativeAot()
    {
        string project = NewConsole("net10.0", "Net10Consumer");

        DotnetCommand.Result build = Build(project, "build", "-c", "Release");
        DotnetCommand.Result run = feed.Dotnet.Run(project, "run", "-c", "Release", "--no-build");
        output.WriteLine(run.ToString());
        CheckResults(run.Output, ".NET 10.");
        Assert.DoesNotContain("global::NetGen.CompilerServices.VectorMath.", GeneratedSource(project, "net10.0"));

        string native = Path.Combine(project, "native");
        DotnetCommand.Result publish = feed.Dotnet.Run(project, "publish", "-c", "Release", "-r", RuntimeIdentifier, "-p:PublishAot=true", "-o", native);
        output.WriteLine($"build {build.Elapsed.TotalSeconds:F0} s, NativeAOT publish {publish.Elapsed.TotalSeconds:F0} s");
        if (RuntimeIdentifier.EndsWith("-x64", StringComparison.Ordinal))
        {
            Assert.True(publish.Output.Contains("warning NG1001", StringComparison.Ordinal),
                "publishing for x64 without IlcInstructionSet should warn NG1001 (buildTransitive/NetGen.targets):\n" + publish.Output);
        }
        DotnetCommand.Result nativeRun = feed.Dotnet.RunProgram(Path.Combine(native, "Net10Consumer"), project);
        output.WriteLine(nativeRun.ToString());
        Assert.True(nativeRun.ExitCode == 0, nativeRun.ToString());
        CheckResults(nativeRun.Output, ".NET 10.");
    }

    [Fact]
    public void Net8Console_BuildsAndRunsSelfContainedOnDotNet8()
    {
        string project = NewConsole("net8.0", "Net8Consumer");

        string published = Path.Combine(project, "published");
        DotnetCommand.Result publish = Build(project, "publish", "-c", "Release", "-r", RuntimeIdentifier, "--self-contained", "-o", published);
        output.WriteLine($"self-contained publish {publish.Elapsed.TotalSeconds:F0} s");
        Assert.Contains("global::NetGen.CompilerServices.VectorMath.MultiplyAddEstimate(", GeneratedSource(project, "net8.0"));

        DotnetCommand.Result run = feed.Dotnet.RunProgram(Path.Combine(published, "Net8Consumer"), project);
        output.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        CheckResults(run.Output, ".NET 8.");
    }

    /// <summary>
    /// Every test network (the declarations in Generator.Tests/Networks, which cover each kernel family and width)
    /// compiles warning-free in a .NET 8 library that uses the package: there the generated code's .NET 9 vector calls
    /// go to the runtime's VectorMath.
    /// </summary>
    [Fact]
    public void Net8Library_CompilesEveryTestNetwork()
    {
        string project = Path.Combine(feed.Root, "Net8Networks");
        string projectFile = Path.Combine(project, "Net8Networks.csproj");
        feed.Dotnet.Run(feed.Root, "new", "classlib", "--name", "Net8Networks", "--output", project, "--no-restore");
        File.Delete(Path.Combine(project, "Class1.cs"));
        string[] networks = Directory.GetFiles(Path.Combine(PackageFeed.RepositoryRoot, "Generator.Tests", "Networks"), "*.cs")
            .Where(file => File.ReadAllText(file) is var text && text.Contains("[Network(", StringComparison.Ordinal)
                && !text.Contains("[Fact", StringComparison.Ordinal) && !text.Contains("[Theory", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(networks.Length >= 5, $"expected the test networks' declaration files, found {networks.Length}");
        string compileItems = string.Concat(networks.Select(file => $"    <Compile Include=\"{file}\" />\n"));
        string template = File.ReadAllText(projectFile);
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", template);
        // NG0021 (rows a strided window never reads) is a warning some test networks trigger on purpose.
        File.WriteAllText(projectFile, template
            .Replace("<TargetFramework>net10.0</TargetFramework>", "<TargetFramework>net8.0</TargetFramework>\n    <NoWarn>$(NoWarn);NG0021</NoWarn>")
            .Replace("</Project>", $"  <ItemGroup>\n{compileItems}  </ItemGroup>\n</Project>"));
        feed.Dotnet.Run(project, "add", "package", "NetGen", "--version", feed.Version);

        DotnetCommand.Result build = Build(project, "build", "-c", "Release");
        string[] generated = Directory.GetFiles(Path.Combine(project, "obj"), "*.g.cs", SearchOption.AllDirectories);
        output.WriteLine($"{networks.Length} files, {generated.Length} networks generated for net8.0, built in {build.Elapsed.TotalSeconds:F0} s");
        Assert.True(generated.Length > networks.Length, $"{GeneratorNotLoaded}: {generated.Length} generated files.");
    }

    /// <summary>A console project made by the SDK's template in a new folder under the feed's root, with NetGen added.</summary>
    private string NewConsole(string framework, string name)
    {
        string project = Path.Combine(feed.Root, name);
        string projectFile = Path.Combine(project, name + ".csproj");
        feed.Dotnet.Run(feed.Root, "new", "console", "--name", name, "--output", project, "--no-restore");
        if (framework != "net10.0")
        {
            // The SDK's template offers only its own framework; a .NET 8 project is that one with its TargetFramework changed.
            string template = File.ReadAllText(projectFile);
            Assert.Contains("<TargetFramework>net10.0</TargetFramework>", template);
            File.WriteAllText(projectFile, template.Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFramework>{framework}</TargetFramework>"));
        }
        // `dotnet add package --source <feed>` would restore from the feed alone and miss System.Numerics.Tensors
        // (NU1101); the feed is in the nuget.config above the project instead, as the README says.
        feed.Dotnet.Run(project, "add", "package", "NetGen", "--version", feed.Version);
        Assert.Contains($"""<PackageReference Include="NetGen" Version="{feed.Version}" />""", File.ReadAllText(projectFile));
        File.WriteAllText(Path.Combine(project, "Program.cs"), Program);
        // The weights the program embeds, through the package's NetGenWeights build item (buildTransitive/NetGen.targets).
        File.WriteAllBytes(Path.Combine(project, "affine.safetensors"), EmbeddedWeights.EmbeddedWeightsHarness.Safetensors(
            [("affine.weight", "F32", [3, 4]), ("affine.bias", "F32", [3])], (tensor, i) => tensor == 0 ? AffineWeight(i / 4, i % 4) : AffineBias(i)));
        File.WriteAllText(projectFile, File.ReadAllText(projectFile).Replace("</Project>", "  <ItemGroup>\n    <NetGenWeights Include=\"affine.safetensors\" />\n  </ItemGroup>\n</Project>"));
        return project;
    }

    /// <summary>
    /// Builds or publishes with warnings as errors and the generated files written out; a failure that names a member
    /// only the generator writes says so.
    /// </summary>
    private DotnetCommand.Result Build(string project, params string[] arguments)
    {
        DotnetCommand.Result result = feed.Dotnet.TryRun(project, [.. arguments, "-p:TreatWarningsAsErrors=true", "-p:EmitCompilerGeneratedFiles=true"]);
        if (result.ExitCode != 0 && Regex.IsMatch(result.Output, @"error CS(1061|0117|0103).*'(InputSize|OutputSize|ParameterCount|InitializeParameters|Predict)'"))
        {
            Assert.Fail($"{GeneratorNotLoaded}.\n{result}");
        }
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>The generated IrisNet source under obj/, which must exist.</summary>
    private static string GeneratedSource(string project, string framework)
    {
        string[] files = Directory.Exists(Path.Combine(project, "obj"))
            ? Directory.GetFiles(Path.Combine(project, "obj"), "IrisNet.g.cs", SearchOption.AllDirectories)
                .Where(file => file.Contains(framework, StringComparison.Ordinal)).ToArray()
            : [];
        Assert.True(files.Length > 0, $"{GeneratorNotLoaded}: no IrisNet.g.cs under {project}/obj for {framework}.");
        return File.ReadAllText(files[0]);
    }

    /// <summary>What a working package prints: the runtime asked for, a fitted network, an exact convolution, a bounded LSTM.</summary>
    private static void CheckResults(string printed, string runtime)
    {
        Assert.Contains("runtime: " + runtime, printed);
        Assert.Contains("parameters: 67", printed); // 4·8 + 8 + 8·3 + 3
        Match loss = Regex.Match(printed, @"loss: (\S+) -> (\S+)");
        Assert.True(loss.Success, printed);
        Assert.True(Number(loss.Groups[2].Value) < 0.5f * Number(loss.Groups[1].Value), $"training did not halve the loss:\n{printed}");
        Assert.Contains("accuracy: 1.00", printed);
        Assert.Contains("predicted: 0 0 0 0 1 1 1 1 2 2 2 2", printed);

        Match convolution = Regex.Match(printed, @"convolution error: (\S+)");
        Assert.True(convolution.Success && Number(convolution.Groups[1].Value) < 1e-6f, printed);

        Match lstm = Regex.Match(printed, @"lstm: (.+)");
        Assert.True(lstm.Success, printed);
        float[] hidden = lstm.Groups[1].Value.Trim().Split(' ').Select(Number).ToArray();
        Assert.Equal(5, hidden.Length);
        Assert.All(hidden, h => Assert.InRange(h, -1f, 1f));
        Assert.Contains(hidden, h => h != 0f);

        float[] input = [1f, 2f, 3f, 4f];
        string affine = string.Join(' ', Enumerable.Range(0, 3).Select(row =>
            (Enumerable.Range(0, 4).Sum(column => AffineWeight(row, column) * input[column]) + AffineBias(row)).ToString("F4", CultureInfo.InvariantCulture)));
        Assert.Contains($"embedded: {affine}", printed);
    }

    private static float Number(string text) => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
