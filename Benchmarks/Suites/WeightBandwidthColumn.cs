using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace NetGen.Benchmarks.Suites;

/// <summary>
/// "Weight GB/s" next to each batch-1 time of the recurrent inference suites: the bytes of W_ih and W_hh one
/// sequence reads, T · G·H·(F + H) · 4 (<see cref="Workloads.RnnWorkload.RecurrentWeightBytesPerSequence"/>),
/// over the mean time per call. At batch 1 the recurrence is a matrix-vector product per step, so this is the
/// figure to hold against the cache bandwidth of one core. Empty for other cases and suites.
/// </summary>
public sealed class WeightBandwidthColumn : IColumn
{
    public string Id => nameof(WeightBandwidthColumn);
    public string ColumnName => "Weight GB/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Batch 1 recurrent suites: bytes of W_ih and W_hh read per sequence (T x G*H*(F+H) x 4) / mean time";

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => SuiteOf(c) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (SuiteOf(benchmarkCase) is not { } suite || benchmarkCase.Parameters["Batch"] is not 1
            || summary[benchmarkCase]?.ResultStatistics?.Mean is not { } nanoseconds)
        {
            return "-";
        }
        double bytes = suite.Workload.RecurrentWeightBytesPerSequence;
        return (bytes / nanoseconds).ToString("F1", CultureInfo.InvariantCulture); // bytes per ns = GB/s
    }

    private static RnnInference? SuiteOf(BenchmarkCase benchmarkCase)
        => typeof(RnnInference).IsAssignableFrom(benchmarkCase.Descriptor.Type) && !benchmarkCase.Descriptor.Type.IsAbstract
            ? (RnnInference?)Activator.CreateInstance(benchmarkCase.Descriptor.Type)
            : null;

    public override string ToString() => ColumnName;
}
