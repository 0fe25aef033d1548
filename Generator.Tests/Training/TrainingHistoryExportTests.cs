using System.Globalization;
using System.Text.Json;

namespace NetGen.Tests.Training;

public sealed class TrainingHistoryExportTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "netgen-history-" + Guid.NewGuid().ToString("N"));
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    public TrainingHistoryExportTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A real run: validation and labels, so every column has values; thirds and sevenths test round-tripping.</summary>
    private static TrainingHistory Trained()
    {
        var random = new RandomSource(1);
        var features = new float[90 * 4];
        var labels = new int[90];
        for (int i = 0; i < 90; i++)
        {
            labels[i] = i % 3;
            for (int j = 0; j < 4; j++) features[i * 4 + j] = (labels[i] == j ? 2 : 0) + random.NextGaussian();
        }
        var network = new BlobsClassIdNet();
        network.InitializeParameters(2);
        var options = new TrainerOptions { Epochs = 4, BatchSize = 16, ValidationFraction = 1.0 / 3, Log = null };
        return new Trainer(network, new Sgd(1f / 7), options).Fit(Dataset.FromClassIds(features, 4, labels, 3));
    }

    /// <summary>A regression history: no accuracy, no validation, no best epoch.</summary>
    private static TrainingHistory WithoutMetrics() =>
        new([new EpochResult(0, 0.25f, float.NaN, float.NaN, float.NaN, 1e-5f, TimeSpan.FromMilliseconds(1.5), SkippedBatches: 2)],
            trainCount: 10, validationCount: 0, bestEpoch: -1, stoppedEarly: false, restoredBestWeights: false);

    /// <summary>A culture writing 0,5 (built by hand: the tests run with invariant globalization, without named cultures).</summary>
    private static CultureInfo DecimalComma()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        return culture;
    }

    private static float? Field(string text) => text.Length == 0 ? null : float.Parse(text, CultureInfo.InvariantCulture);

    [Fact]
    public void WriteCsv_ParsesBackToTheEpochs_InAnyCulture()
    {
        CultureInfo.CurrentCulture = DecimalComma(); // must not leak into the file
        TrainingHistory history = Trained();
        var writer = new StringWriter();
        history.WriteCsv(writer);

        string[] lines = writer.ToString().Split('\n');
        Assert.Equal(TrainingHistory.CsvHeader, lines[0]);
        Assert.Equal("", lines[^1]); // every row ends in '\n'
        Assert.Equal(history.Epochs.Count + 2, lines.Length);
        for (int i = 0; i < history.Epochs.Count; i++)
        {
            EpochResult e = history.Epochs[i];
            string[] fields = lines[i + 1].Split(',');
            Assert.Equal(8, fields.Length);
            Assert.Equal(i + 1, int.Parse(fields[0], CultureInfo.InvariantCulture));
            Assert.Equal(e.Loss, Field(fields[1])); // exactly: round-trip precision
            Assert.Equal(e.Accuracy, Field(fields[2]));
            Assert.Equal(e.ValidationLoss, Field(fields[3]));
            Assert.Equal(e.ValidationAccuracy, Field(fields[4]));
            Assert.Equal(e.LearningRate, Field(fields[5]));
            Assert.Equal(e.Duration.TotalSeconds, double.Parse(fields[6], CultureInfo.InvariantCulture));
            Assert.Equal("0", fields[7]);
        }
    }

    [Fact]
    public void WriteCsv_MetricsThatDoNotApplyAreEmpty()
    {
        var writer = new StringWriter();
        WithoutMetrics().WriteCsv(writer);
        Assert.Equal(TrainingHistory.CsvHeader + "\n1,0.25,,,,1E-05,0.0015,2\n", writer.ToString());
    }

    [Fact]
    public void WriteJson_ParsesBackToTheHistory()
    {
        CultureInfo.CurrentCulture = DecimalComma();
        TrainingHistory history = Trained();
        string path = Path.Combine(_directory, "history.json");
        history.WriteJson(path);

        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = document.RootElement;
        Assert.Equal(history.TrainCount, root.GetProperty("train_count").GetInt32());
        Assert.Equal(history.ValidationCount, root.GetProperty("validation_count").GetInt32());
        Assert.Equal(history.BestEpoch + 1, root.GetProperty("best_epoch").GetInt32());
        Assert.Equal(history.StoppedEarly, root.GetProperty("stopped_early").GetBoolean());
        Assert.Equal(history.RestoredBestWeights, root.GetProperty("restored_best_weights").GetBoolean());
        JsonElement[] epochs = root.GetProperty("epochs").EnumerateArray().ToArray();
        Assert.Equal(history.Epochs.Count, epochs.Length);
        for (int i = 0; i < epochs.Length; i++)
        {
            EpochResult e = history.Epochs[i];
            Assert.Equal(i + 1, epochs[i].GetProperty("epoch").GetInt32());
            Assert.Equal(e.Loss, epochs[i].GetProperty("loss").GetSingle());
            Assert.Equal(e.Accuracy, epochs[i].GetProperty("accuracy").GetSingle());
            Assert.Equal(e.ValidationLoss, epochs[i].GetProperty("val_loss").GetSingle());
            Assert.Equal(e.ValidationAccuracy, epochs[i].GetProperty("val_accuracy").GetSingle());
            Assert.Equal(e.LearningRate, epochs[i].GetProperty("learning_rate").GetSingle());
            Assert.Equal(e.Duration.TotalSeconds, epochs[i].GetProperty("seconds").GetDouble());
            Assert.Equal(e.SkippedBatches, epochs[i].GetProperty("skipped_batches").GetInt32());
        }
    }

    [Fact]
    public void WriteJson_MetricsThatDoNotApplyAreNull()
    {
        var stream = new MemoryStream();
        WithoutMetrics().WriteJson(stream);
        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("best_epoch").ValueKind);
        JsonElement epoch = document.RootElement.GetProperty("epochs")[0];
        Assert.Equal(JsonValueKind.Null, epoch.GetProperty("accuracy").ValueKind);
        Assert.Equal(JsonValueKind.Null, epoch.GetProperty("val_loss").ValueKind);
        Assert.Equal(0.25f, epoch.GetProperty("loss").GetSingle());
        Assert.Equal(2, epoch.GetProperty("skipped_batches").GetInt32());
    }

    [Fact]
    public void WriteCsvToAFile_EqualsTheWriterOutput()
    {
        TrainingHistory history = WithoutMetrics();
        string path = Path.Combine(_directory, "history.csv");
        File.WriteAllText(path, "longer previous content that must be replaced entirely\n");
        history.WriteCsv(path);
        var writer = new StringWriter();
        history.WriteCsv(writer);
        Assert.Equal(writer.ToString(), File.ReadAllText(path));
    }
}
