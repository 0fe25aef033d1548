namespace NetGen.Tests.Documentation;

/// <summary>The README shows programs that exist and run: its getting-started listing is the sample's source, verbatim.</summary>
public sealed class ReadmeTests
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

    [Fact]
    public void GettingStartedListing_IsTheSampleProgram()
    {
        string readme = File.ReadAllText(RepositoryFile("README.md")).ReplaceLineEndings("\n");
        string program = File.ReadAllText(RepositoryFile(Path.Combine("Samples", "GettingStarted", "Program.cs"))).ReplaceLineEndings("\n");
        Assert.True(readme.Contains("```csharp\n" + program + "```\n", StringComparison.Ordinal),
            "README.md's getting-started listing differs from Samples/GettingStarted/Program.cs: copy the program into the README");
    }
}
