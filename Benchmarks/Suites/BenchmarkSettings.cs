using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NetGen.Benchmarks.Peers;

namespace NetGen.Benchmarks.Suites;

/// <summary>Marks a benchmark whose peer uses one thread only: it runs only in the Threads = 1 cases.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SingleThreadedAttribute : Attribute;

/// <summary>Marks a benchmark that needs TorchSharp: it is left out when TorchSharp cannot load.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTorchSharpAttribute : Attribute;

/// <summary>The command line's choices (thread counts, in-process or not) and the BenchmarkDotNet config built from them.</summary>
public static class BenchmarkSettings
{
    /// <summary>Values of every suite's Threads parameter; set from <c>--threads</c> before the run.</summary>
    public static int[] ThreadCounts { get; set; } = [1, 2];

    /// <summary>
    /// A short job for a 2-core machine (3 warmup and 8 measured iterations of ~250 ms, one launch),
    /// MemoryDiagnoser on, the recurrent suites' weight-bandwidth column, in-process when asked (needed under the TorchSharp sysroot), and filters
    /// dropping single-threaded peers from Threads &gt; 1 cases and TorchSharp when it cannot load.
    /// </summary>
    public static IConfig Create(bool inProcess)
    {
        Job job = Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(8)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250));
        job = inProcess
            ? job.WithToolchain(InProcessEmitToolchain.Instance).WithId("InProcess")
            : job.WithId("Short");

        string? torchUnavailable = TorchSharpProbe.Unavailable;
        return ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(new WeightBandwidthColumn())
            .AddFilter(new SimpleFilter(c => Has<SingleThreadedAttribute>(c) is false || ThreadsOf(c) == 1))
            .AddFilter(new SimpleFilter(c => torchUnavailable is null || Has<RequiresTorchSharpAttribute>(c) is false));
    }

    private static bool Has<T>(BenchmarkCase benchmark) where T : Attribute
        => benchmark.Descriptor.WorkloadMethod.GetCustomAttribute<T>() is not null;

    private static int ThreadsOf(BenchmarkCase benchmark)
        => benchmark.Parameters.Items.FirstOrDefault(p => p.Name == "Threads")?.Value is int threads ? threads : 1;
}
