using BenchmarkDotNet.Running;
using NetGen.Benchmarks.Peak;
using NetGen.Benchmarks.Peers;
using NetGen.Benchmarks.Suites;

// dotnet run -c Release --project Benchmarks -- [--filter *W0*] [--threads 1|2|1,2] [--inprocess] [--peak] [--validate [--filter glob...]]
// Our options are taken out here; everything else goes to BenchmarkDotNet's own command line.

var rest = new List<string>();
bool inProcess = Environment.GetEnvironmentVariable("NETGEN_BENCH_INPROCESS") == "1";
bool peak = false, validate = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--inprocess": inProcess = true; break;
        case "--peak": peak = true; break;
        case "--validate": validate = true; break;
        case "--threads" when i + 1 < args.Length:
            BenchmarkSettings.ThreadCounts = [.. args[++i].Split(',', '|').Select(int.Parse)];
            break;
        default: rest.Add(args[i]); break;
    }
}

// Under torch-sysroot.sh the private C++ runtime is in LD_LIBRARY_PATH, which every child process
// inherits and cannot run with: BenchmarkDotNet's out-of-process runs would fail, so stay in-process.
if (!inProcess && (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "").Contains("netgen-torch", StringComparison.Ordinal))
{
    Console.WriteLine("// LD_LIBRARY_PATH points into the TorchSharp sysroot: running in-process.");
    inProcess = true;
}

if (peak)
{
    FmaPeak.Run(Console.Out);
    return 0;
}

if (TorchSharpProbe.Unavailable is { } reason)
{
    Console.WriteLine($"// TorchSharp benchmarks are skipped. {reason}");
}

if (validate)
{
    // --validate --filter '*W3*' checks only the matching cases (globs on "Suite Batch=.. Threads=..").
    int filter = rest.FindIndex(a => a is "--filter" or "-f");
    string[] patterns = filter < 0 ? ["*"] : [.. rest.Skip(filter + 1).TakeWhile(a => !a.StartsWith('-'))];
    return Validation.RunAll(patterns) ? 0 : 1;
}

if (!rest.Any(a => a is "--filter" or "-f" or "--list" or "--info" or "--help" or "-h"))
{
    rest.AddRange(["--filter", "*"]); // no interactive prompt
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run([.. rest], BenchmarkSettings.Create(inProcess));
return 0;
