using System.IO.Compression;

namespace NetGen.Tests.Package;

/// <summary>
/// The NetGen package, packed once from this checkout into a folder feed under a fresh temporary folder outside the
/// repository, with what a consumer project there needs: a private NuGet packages folder (so no earlier NetGen in a
/// cache can be used), a nuget.config that adds the feed to the machine's sources, and empty Directory.Build files
/// (so nothing of this repository's build settings reaches the consumer).
/// </summary>
/// <remarks>
/// The version gets a unique pre-release suffix: the machine's own packages folder is also a source (it makes the
/// consumer's restore of the ILCompiler and runtime packs a copy instead of a download), and a NetGen of a plain
/// version left there by an earlier run must never be taken for this one.
/// </remarks>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Root = Path.Combine(Path.GetTempPath(), "netgen-install-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        string packages = Directory.CreateDirectory(Path.Combine(Root, "packages")).FullName;
        Dotnet = new DotnetCommand(packages);
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), NuGetConfig(Feed, MachinePackagesFolder()));

        string suffix = "installtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        // Built into its own artifacts folder, so the checkout's bin/ and obj/ (which this test run uses) stay as they are.
        PackResult = new DotnetCommand(packagesFolder: null).Run(RepositoryRoot, "pack", Path.Combine("Runtime", "NetGen.Runtime.csproj"), "-c", "Release", "-o", Feed,
            "-p:VersionSuffix=" + suffix, "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(Root, "artifacts"));
        Package = Assert.Single(Directory.GetFiles(Feed, "NetGen.*.nupkg"));
        Version = Path.GetFileNameWithoutExtension(Package)["NetGen.".Length..];
        Assert.EndsWith(suffix, Version);
    }

    /// <summary>The temporary folder that holds everything; consumer projects go in folders below it.</summary>
    public string Root { get; }

    /// <summary>The folder feed the package is packed into.</summary>
    public string Feed { get; }

    /// <summary>The .nupkg file.</summary>
    public string Package { get; }

    /// <summary>The package's version, e.g. 0.1.0-installtest.20261203120000.</summary>
    public string Version { get; }

    public DotnetCommand.Result PackResult { get; }

    /// <summary><c>dotnet</c> for the consumer projects, restoring into the private packages folder.</summary>
    public DotnetCommand Dotnet { get; }

    /// <summary>The checkout this test runs from: the folder above the test assembly that holds NetGen.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The package's file names, '/'-separated as in the archive.</summary>
    public IReadOnlyList<string> Entries()
    {
        using ZipArchive archive = ZipFile.OpenRead(Package);
        return archive.Entries.Select(entry => entry.FullName).ToList();
    }

    /// <summary>The text of the package's NetGen.nuspec.</summary>
    public string Nuspec()
    {
        using ZipArchive archive = ZipFile.OpenRead(Package);
        using var reader = new StreamReader(archive.GetEntry("NetGen.nuspec")!.Open());
        return reader.ReadToEnd();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open leaves the folder for the system's temp cleaning; the test's result stands.
        }
    }

    private static string NuGetConfig(string feed, string? machinePackages) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <add key="netgen-local-feed" value="{feed}" />
        {(machinePackages is null ? "" : $"""    <add key="machine-packages" value="{machinePackages}" />""")}
          </packageSources>
        </configuration>
        """;

    /// <summary>The packages folder this test run restored into, if there is one.</summary>
    private static string? MachinePackagesFolder()
    {
        string folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Directory.Exists(folder) ? Path.GetFullPath(folder) : null;
    }

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "NetGen.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No NetGen.sln in any folder above {AppContext.BaseDirectory}.");
    }
}
