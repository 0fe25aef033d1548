using System.Runtime.CompilerServices;
using System.Text;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Approval testing of generated source. The expected text lives in the source tree at
/// <c>Generator.Tests/Snapshots/{name}.g.cs.txt</c>; on a mismatch the actual text is written next to it as
/// <c>{name}.received.cs.txt</c> (git-ignored) and the test fails with a diff. With the environment variable
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
        // Not "*.received.cs": the test project compiles every .cs file under it, and a received file would
        // then be compiled into the tests (and break their build) until deleted.
        string receivedPath = Path.Combine(directory, name + ".received.cs.txt");
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
    /// A unified-style diff ('-' expected, '+' actual, with both files' line numbers) of the first few hunks,
    /// each with up to <see cref="Context"/> unchanged lines around it. Lines are matched by a longest common
    /// subsequence, so an inserted line shows as one '+' line, not as a shifted file.
    /// </summary>
    internal static string Diff(string expected, string actual, int maxHunks = 3)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        List<(char Kind, int E, int A)> script = EditScript(e, a);

        var diff = new StringBuilder();
        int hunks = 0;
        for (int i = 0; i < script.Count && hunks < maxHunks; i++)
        {
            if (script[i].Kind == ' ') continue;
            // A hunk: this change, the changes within 2 * Context lines after it, and Context lines either side.
            int first = Math.Max(0, i - Context);
            int last = i;
            for (int j = i; j < script.Count && j <= last + 2 * Context; j++)
            {
                if (script[j].Kind != ' ') last = j;
            }
            int end = Math.Min(script.Count - 1, last + Context);
            (char _, int e0, int a0) = script[first];
            diff.Append($"@@ -{e0 + 1} +{a0 + 1} @@{(hunks == 0 ? $" first difference at expected line {script[i].E + 1}, actual line {script[i].A + 1}" : "")}\n");
            for (int j = first; j <= end; j++)
            {
                (char kind, int ei, int ai) = script[j];
                diff.Append(kind switch
                {
                    '-' => $"-{ei + 1,6}        {e[ei]}\n",
                    '+' => $"+       {ai + 1,6} {a[ai]}\n",
                    _ => $" {ei + 1,6} {ai + 1,6} {e[ei]}\n",
                });
            }
            hunks++;
            i = end;
        }
        if (hunks == maxHunks) diff.Append("(further differences not shown)\n");
        return diff.ToString();
    }

    /// <summary>The lines of both texts in order, each marked ' ' (in both), '-' (expected only) or '+' (actual only).</summary>
    private static List<(char Kind, int E, int A)> EditScript(string[] e, string[] a)
    {
        // Trim the common prefix and suffix; the quadratic LCS then only sees the region that changed.
        int prefix = 0;
        while (prefix < e.Length && prefix < a.Length && e[prefix] == a[prefix]) prefix++;
        int suffix = 0;
        while (suffix < e.Length - prefix && suffix < a.Length - prefix && e[e.Length - 1 - suffix] == a[a.Length - 1 - suffix]) suffix++;
        int n = e.Length - prefix - suffix, m = a.Length - prefix - suffix;

        var script = new List<(char, int, int)>();
        for (int i = 0; i < prefix; i++) script.Add((' ', i, i));
        if ((long)n * m <= 25_000_000)
        {
            // lcs[i, j]: length of the longest common subsequence of e[prefix + i..] and a[prefix + j..].
            var lcs = new int[n + 1, m + 1];
            for (int i = n - 1; i >= 0; i--)
                for (int j = m - 1; j >= 0; j--)
                    lcs[i, j] = e[prefix + i] == a[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && e[prefix + x] == a[prefix + y]) { script.Add((' ', prefix + x, prefix + y)); x++; y++; }
                else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1])) { script.Add(('-', prefix + x, prefix + y)); x++; }
                else { script.Add(('+', prefix + x, prefix + y)); y++; }
            }
        }
        else
        {
            for (int i = 0; i < n; i++) script.Add(('-', prefix + i, prefix));
            for (int j = 0; j < m; j++) script.Add(('+', prefix + n, prefix + j));
        }
        for (int i = 0; i < suffix; i++) script.Add((' ', e.Length - suffix + i, a.Length - suffix + i));
        return script;
    }
}
