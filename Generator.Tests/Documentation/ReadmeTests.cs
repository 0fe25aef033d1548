using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Documentation;

/// <summary>
/// The README shows programs that exist and run: its getting-started listing is the sample's source, verbatim, and its
/// "Using it" block compiles and runs, as written, with the network declared above it.
/// </summary>
[Collection(SampleRunCollection.Name)]
public sealed partial class ReadmeTests
{
    private static string RepositoryFile(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate) && File.Exists(Path.Combine(directory.FullName, "NetGen.sln"))) return candidate;
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    private static string Readme => File.ReadAllText(RepositoryFile("README.md")).ReplaceLineEndings("\n");

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```\n", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    /// <summary>The first C# block after the first line of the README that starts with <paramref name="lead"/>.</summary>
    private static string BlockAfter(string lead)
    {
        string readme = Readme;
        int at = readme.IndexOf("\n" + lead, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no line starting '{lead}'");
        Match block = CSharpBlock().Match(readme, at);
        Assert.True(block.Success, $"README.md has no C# block after '{lead}'");
        return block.Groups["code"].Value;
    }

    [Fact]
    public void GettingStartedListing_IsTheSampleProgram()
    {
        string program = File.ReadAllText(RepositoryFile(Path.Combine("Samples", "GettingStarted", "Program.cs"))).ReplaceLineEndings("\n");
        Assert.True(Readme.Contains("```csharp\n" + program + "```\n", StringComparison.Ordinal),
            "README.md's getting-started listing differs from Samples/GettingStarted/Program.cs: copy the program into the README");
    }

    [Fact]
    public void UsingItBlock_CompilesAndRuns_WithTheDeclarationAboveIt()
    {
        string declaration = BlockAfter("## Declare, build, read, train");
        string usage = BlockAfter("Using it");
        string program = $$"""
            using System;
            using NetGen;

            public static class ReadmeUsage
            {
                public static void Run(float[] pixels, int[] labels)
                {
            {{usage}}
                }
            }
            """;
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(declaration, program);
        Assert.Empty(result.Diagnostics);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, "README.md's Using-it block does not compile:\n" + string.Join('\n', emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));

        // 256 random images of noise, each labelled: enough to run every line, including a batch of 64.
        var random = new Random(7);
        float[] pixels = [.. Enumerable.Range(0, 256 * 784).Select(_ => random.NextSingle())];
        int[] labels = [.. Enumerable.Range(0, 256).Select(_ => random.Next(10))];
        string previous = Environment.CurrentDirectory;
        string scratch = Directory.CreateTempSubdirectory("netgen-readme-").FullName;
        try
        {
            Environment.CurrentDirectory = scratch; // the block saves a weight file in the working folder
            Assembly assembly = Assembly.Load(image.ToArray());
            assembly.GetType("ReadmeUsage")!.GetMethod("Run")!.Invoke(null, [pixels, labels]);
            Assert.True(new FileInfo(Path.Combine(scratch, "mnist.safetensors")).Length > 109_386 * 4);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            Directory.Delete(scratch, recursive: true);
        }
    }

    [Fact]
    public void BranchesBlock_Compiles_AndItsSummaryIsTheGeneratedOne()
    {
        string declaration = BlockAfter("### Branches");
        (GeneratorDriverRunResult result, Compilation output) = GeneratorHarness.Run(declaration);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        string generated = string.Join("\n", result.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()));
        string summary = string.Join("\n", generated.Split('\n').SkipWhile(line => !line.StartsWith("/// <code>", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(line => !line.StartsWith("/// </code>", StringComparison.Ordinal)).Select(line => line.Substring(4).Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&")));
        Assert.True(Readme.Contains("```\n" + summary + "\n```\n", StringComparison.Ordinal), "README.md's branch summary differs from the generated one:\n" + summary);
    }
}
