using System.Runtime.CompilerServices;
using System.Text;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Approval testing of generated source. The expected text lives in the source tree at
/// <c>Generator.Tests/Snapshots/{name}.g.cs.txt</c>; on a mismatch the actual text is written next to it as
/// <c>{name}.received.cs</c> (git-ignored) and the test fails with a diff. With the environment variable
/// <c>NETGEN_ACCEPT_SNAPSHOTS=1</c> the actual text is written as the new expected file instead.
/// </summary>
internal static class Snapshot
{
    private const string AcceptVariable = "NETGEN_ACCEPT_SNAPSHOTS";
    private const int Context = 10;

    public static void Match(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(ProjectDirectory(callerFile), "Snapshots");
        string expectedPath = Path.Combine(directory, name + ".g.cs.txt");
        string receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(expectedPath, actual);
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(expectedPath))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"Snapshot '{name}' has no expected file {expectedPath}.\n" +
                $"The generated text was written to {receivedPath}. Inspect it, then either rename it to {name}.g.cs.txt " +
                $"or run the tests with {AcceptVariable}=1 to accept all snapshots.");
        }

        string expected = Normalize(File.ReadAllText(expectedPath));
        if (expected == actual)
        {
            if (File.Exists(receivedPath)) File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"Snapshot '{name}' differs from {expectedPath}.\n" +
            $"Actual text written to {receivedPath}; if the change is intended, run with {AcceptVariable}=1.\n\n" +
            Diff(expected, actual));
    }

    /// <summary>The test project's directory: the first directory above the calling source file that holds a .csproj.</summary>
    private static string ProjectDirectory(string callerFile)
    {
        for (string? directory = Path.GetDirectoryName(callerFile); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.EnumerateFiles(directory, "*.csproj").Any()) return directory;
        }
        throw new InvalidOperationException($"No .csproj above {callerFile}.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").Replace("\r", "\n");

    /// <summary>
    /// A unified-style diff around the first differing line: up to <see cref="Context"/> lines before it, then
    /// the differing region ('-' expected, '+' actual), then up to <see cref="Context"/> common lines after it.
    /// </summary>
    internal static string Diff(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        int first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first]) first++;
        // Common suffix, so an inserted or deleted block shows as just that block.
        int endE = e.Length, endA = a.Length;
        while (endE > first && endA > first && e[endE - 1] == a[endA - 1]) { endE--; endA--; }

        var diff = new StringBuilder();
        int from = Math.Max(0, first - Context);
        diff.Append($"@@ -{first + 1},{endE - first} +{first + 1},{endA - first} @@ first difference at line {first + 1}\n");
        for (int i = from; i < first; i++) diff.Append($"  {i + 1,5}  {e[i]}\n");
        int shown = 0;
        for (int i = first; i < endE && shown < 4 * Context; i++, shown++) diff.Append($"- {i + 1,5}  {e[i]}\n");
        if (endE - first > 4 * Context) diff.Append($"- ...    ({endE - first - 4 * Context} more expected lines)\n");
        shown = 0;
        for (int i = first; i < endA && shown < 4 * Context; i++, shown++) diff.Append($"+ {i + 1,5}  {a[i]}\n");
        if (endA - first > 4 * Context) diff.Append($"+ ...    ({endA - first - 4 * Context} more actual lines)\n");
        for (int i = endA; i < Math.Min(a.Length, endA + Context); i++) diff.Append($"  {i + 1,5}  {a[i]}\n");
        return diff.ToString();
    }
}
