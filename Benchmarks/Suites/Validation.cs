using System.Text.RegularExpressions;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// <c>--validate</c>: runs every suite's GlobalSetup for every parameter combination — which builds each
/// peer and checks it against the reference — without timing anything. Only the cases whose name
/// ("W3Inference Batch=1 Threads=2") matches one of the glob patterns run.
/// </summary>
public static class Validation
{
    public static bool RunAll(IReadOnlyList<string> patterns)
    {
        var cases = new List<(string Name, Action Run)>();
        foreach (int threads in BenchmarkSettings.ThreadCounts)
        {
            foreach (int batch in new[] { 1, 64 })
            {
                cases.Add(($"W0Inference Batch={batch} Threads={threads}", () => Run(new W0Inference { Batch = batch, Threads = threads }, s => s.Setup(), s => s.Cleanup())));
                cases.Add(($"W1Inference Batch={batch} Threads={threads}", () => Run(new W1Inference { Batch = batch, Threads = threads }, s => s.Setup(), s => s.Cleanup())));
                cases.Add(($"W5Inference Batch={batch} Threads={threads}", () => Run(new W5Inference { Batch = batch, Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            }
            cases.Add(($"W0Training Threads={threads}", () => Run(new W0Training { Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            cases.Add(($"W1Training Threads={threads}", () => Run(new W1Training { Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            cases.Add(($"W5Training Threads={threads}", () => Run(new W5Training { Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            foreach (int batch in new[] { 1, 64 })
            {
                cases.Add(($"W2Inference Batch={batch} Threads={threads}", () => Run(new W2Inference { Batch = batch, Threads = threads }, s => s.Setup(), s => s.Cleanup())));
                cases.Add(($"W6Inference Batch={batch} Threads={threads}", () => Run(new W6Inference { Batch = batch, Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            }
            cases.Add(($"W2Training Threads={threads}", () => Run(new W2Training { Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            cases.Add(($"W6Training Threads={threads}", () => Run(new W6Training { Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            foreach (int batch in new[] { 1, 64 })
            {
                cases.Add(($"W3Inference Batch={batch} Threads={threads}", () => Run(new W3Inference { Batch = batch, Threads = threads }, s => s.Setup(), s => s.Cleanup())));
                cases.Add(($"W4Inference Batch={batch} Threads={threads}", () => Run(new W4Inference { Batch = batch, Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            }
            cases.Add(($"W3Training Threads={threads}", () => Run(new W3Training { Threads = threads }, s => s.Setup(), s => s.Cleanup())));
            cases.Add(($"W4Training Threads={threads}", () => Run(new W4Training { Threads = threads }, s => s.Setup(), s => s.Cleanup())));
        }

        var globs = patterns.Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*").Replace("\\?", ".") + "$")).ToList();
        cases.RemoveAll(c => !globs.Any(g => g.IsMatch(c.Name)));

        int failures = 0;
        foreach (var (name, run) in cases)
        {
            try
            {
                run();
            }
            catch (Exception e)
            {
                failures++;
                Console.WriteLine($"FAILED {name}: {e.Message}");
            }
        }
        Console.WriteLine(failures == 0 ? $"validate: all {cases.Count} cases agree with the reference" : $"validate: {failures} of {cases.Count} cases FAILED");
        return failures == 0;
    }

    private static void Run<T>(T suite, Action<T> setup, Action<T> cleanup)
    {
        try
        {
            setup(suite);
        }
        finally
        {
            cleanup(suite);
        }
    }
}
