using System.Text.RegularExpressions;

namespace NetGen.Tests.Training;

/// <summary>Fit's progress on its log: epoch lines when redirected, a throttled live batch line when on a terminal (forced here).</summary>
public class ProgressDisplayTests
{
    private const int Features = 4, Classes = 3;

    private static readonly Regex s_epochLine = new(@"^epoch (\d)/3  loss \d+\.\d{4}  acc \d+\.\d{2}%  lr 0\.0500  \d+\.\d{2}s$");
    private static readonly Regex s_liveLine = new(
        @"^epoch (\d)/3  batch +(\d+)/(\d+) \[(=*)(>?) *\](  \d+ samples/s  ETA \d+:\d\d)?  loss \d+\.\d{4}  acc \d+\.\d{2}% *$");

    private static Dataset Blobs(int count)
    {
        var random = new RandomSource(1);
        var features = new float[count * Features];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = i % Classes;
            for (int j = 0; j < Features; j++) features[i * Features + j] = (labels[i] == j ? 2 : 0) + random.NextGaussian();
        }
        return Dataset.FromClassIds(features, Features, labels, Classes);
    }

    private static Trainer NewTrainer(TextWriter? log, ProgressDisplay display, int batchSize, Action<BatchProgress>? onBatchEnd = null)
    {
        var network = new BlobsClassIdNet();
        network.InitializeParameters(1);
        return new Trainer(network, new Sgd(0.05f), new TrainerOptions { Epochs = 3, BatchSize = batchSize, Log = log, Progress = display, OnBatchEnd = onBatchEnd });
    }

    [Theory]
    [InlineData(ProgressDisplay.Auto)]       // a StringWriter is not the console: epoch lines
    [InlineData(ProgressDisplay.EpochLines)]
    public void NotLive_WritesOnlyTheEpochLines(ProgressDisplay display)
    {
        var log = new StringWriter();
        NewTrainer(log, display, batchSize: 8).Fit(Blobs(64));
        string text = log.ToString();
        Assert.DoesNotContain('\r', text);
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        for (int e = 0; e < 3; e++) Assert.Equal($"{e + 1}", s_epochLine.Match(lines[e]).Groups[1].Value);
    }

    [Fact]
    public void Live_RedrawsTheBatchLineInPlace_ThenWritesTheEpochLineOverIt()
    {
        var log = new StringWriter();
        NewTrainer(log, ProgressDisplay.LiveLine, batchSize: 8).Fit(Blobs(60)); // 8 batches, the last of 4
        string[] lines = log.ToString().Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Equal("", lines[3]);
        for (int e = 0; e < 3; e++)
        {
            string[] draws = lines[e].Split('\r');
            Assert.Equal("", draws[0]); // every draw starts at the line's beginning
            Match first = s_liveLine.Match(draws[1]), last = s_liveLine.Match(draws[^2]);
            Assert.True(first.Success, draws[1]);
            Assert.True(last.Success, draws[^2]);
            Assert.Equal(($"{e + 1}", "1", "8"), (first.Groups[1].Value, first.Groups[2].Value, first.Groups[3].Value));
            Assert.Equal("8", last.Groups[2].Value); // the last batch is always drawn: its line stays up during validation
            Assert.Equal(("==", ">"), (first.Groups[4].Value, first.Groups[5].Value)); // 8 of 60 samples: 2 of the bar's 20 columns, then its head
            Assert.Equal(new string('=', 20), last.Groups[4].Value);
            Assert.Equal("", last.Groups[5].Value);
            for (int d = 1; d < draws.Length - 1; d++) Assert.Matches(s_liveLine, draws[d]);
            // The epoch line replaces the batch line: padded with blanks over its longer remains.
            string epochLine = draws[^1];
            Assert.True(epochLine.Length >= draws[^2].Length);
            Assert.Matches(s_epochLine, epochLine.TrimEnd(' '));
        }
    }

    [Fact]
    public void Live_RedrawsAtMostTenTimesASecond()
    {
        var log = new StringWriter();
        var epochSeconds = new List<double>();
        var network = new BlobsClassIdNet();
        network.InitializeParameters(1);
        var options = new TrainerOptions
        {
            Epochs = 3, BatchSize = 1, Log = log, Progress = ProgressDisplay.LiveLine,
            OnEpochEnd = e => epochSeconds.Add(e.Duration.TotalSeconds),
        };
        new Trainer(network, new Sgd(0.01f), options).Fit(Blobs(3000)); // 3000 one-sample batches per epoch
        string[] lines = log.ToString().Split('\n');
        for (int e = 0; e < 3; e++)
        {
            int draws = lines[e].Split('\r').Length - 2; // minus the empty start and the epoch line
            // The first and last batch, and one more every 0.1 s at most.
            Assert.InRange(draws, 2, 3 + (int)(epochSeconds[e] * 10));
        }
    }

    [Fact]
    public void Live_Canceled_EndsTheBatchLineBeforeThrowing()
    {
        var log = new StringWriter();
        using var cancellation = new CancellationTokenSource();
        var trainer = NewTrainer(log, ProgressDisplay.LiveLine, batchSize: 8, b => { if (b.Epoch == 1 && b.Batch == 3) cancellation.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => trainer.Fit(Blobs(60), cancellation.Token));
        string text = log.ToString();
        Assert.EndsWith("\n", text);
        string[] lines = text.Split('\n');
        Assert.Equal(3, lines.Length); // epoch 1's line, epoch 2's unfinished batch line, ""
        Assert.Matches(s_epochLine, lines[0].Split('\r')[^1].TrimEnd(' '));
        Assert.Equal("2", s_liveLine.Match(lines[1].Split('\r')[^1]).Groups[1].Value);
    }

    [Fact]
    public void Options_UndefinedProgress_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => NewTrainer(null, (ProgressDisplay)7, batchSize: 8));
        Assert.Equal("options.Progress", e.ParamName);
    }

    [Fact]
    public void Fit_WithoutLog_AllocatesNothingPerBatch()
    {
        // The same data in 50 batches or in 4 per epoch: what Fit allocates (history, epoch list) must not depend on it,
        // with a batch callback too (a static lambda: one cached delegate).
        Dataset data = Blobs(100);
        Trainer many = NewTrainer(null, ProgressDisplay.Auto, batchSize: 2, static _ => { });
        Trainer few = NewTrainer(null, ProgressDisplay.Auto, batchSize: 32, static _ => { });
        for (int i = 0; i < 3; i++)
        {
            many.Fit(data);
            few.Fit(data);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        many.Fit(data);
        long manyBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        few.Fit(data);
        long fewBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(fewBytes, manyBytes);
    }

    [Fact]
    public void HandWrittenLoop_DrawsTheLiveLine_ThenItsOwnEpochLineOverIt()
    {
        var log = new StringWriter();
        var progress = new ProgressWriter(log, ProgressDisplay.LiveLine);
        progress.Batch(new BatchProgress(0, 3, 0, 2, 8, 16, 1.5f, 1.5f, float.NaN, TimeSpan.FromSeconds(0.5), Skipped: false));
        progress.Batch(new BatchProgress(0, 3, 1, 2, 16, 16, 0.5f, 1.0f, float.NaN, TimeSpan.FromSeconds(1), Skipped: false));
        progress.Line("epoch 1: done");
        string[] draws = log.ToString().Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, draws.Length);
        Assert.StartsWith("epoch 1/3  batch 1/2 [==========>         ]  16 samples/s  ETA 0:01  loss 1.5000", draws[0]);
        Assert.DoesNotContain("acc", draws[0]); // NaN accuracy: not shown
        Assert.StartsWith("epoch 1/3  batch 2/2 [====================]  16 samples/s  ETA 0:00  loss 1.0000", draws[1]);
        Assert.Equal("epoch 1: done".PadRight(draws[1].TrimEnd().Length) + Environment.NewLine, draws[2]);
    }

    [Theory]
    [InlineData(3, 3, 0, 2, 8, 16)]   // epoch past the epochs
    [InlineData(0, 0, 0, 2, 8, 16)]   // no epochs
    [InlineData(0, 3, 2, 2, 8, 16)]   // batch past the batches
    [InlineData(0, 3, -1, 2, 8, 16)]  // negative batch
    [InlineData(0, 3, 0, 2, 17, 16)]  // more samples than the epoch has
    [InlineData(0, 3, 0, 2, 0, 0)]    // an empty epoch (the bar would divide by zero)
    public void HandWrittenLoop_InconsistentCounts_Throw_AndWriteNothing(int epoch, int epochs, int batch, int batches, int samples, int epochSamples)
    {
        var log = new StringWriter();
        var progress = new ProgressWriter(log, ProgressDisplay.LiveLine);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            progress.Batch(new BatchProgress(epoch, epochs, batch, batches, samples, epochSamples, 1f, 1f, float.NaN, TimeSpan.FromSeconds(1), Skipped: false)));
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void HandWrittenLoop_NotLive_DrawsNoBatch_AndChecksItsArguments()
    {
        var log = new StringWriter();
        var progress = new ProgressWriter(log, ProgressDisplay.EpochLines);
        progress.Batch(new BatchProgress(0, 1, 0, 1, 4, 4, 1f, 1f, 0.5f, TimeSpan.FromSeconds(1), Skipped: false));
        progress.Line("epoch 1");
        Assert.Equal("epoch 1" + Environment.NewLine, log.ToString());
        Assert.Throws<ArgumentNullException>(() => new ProgressWriter(null!, ProgressDisplay.Auto));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressWriter(log, (ProgressDisplay)42));
    }
}
