using System.Globalization;
using System.Text.Json;

namespace NetGen;

/// <summary>Metrics of one epoch. Metrics that do not apply (no labels, no validation data) are NaN.</summary>
/// <param name="Epoch">Zero-based epoch index (printed one-based).</param>
/// <param name="Loss">Mean training loss over the epoch's steps, weighted by batch size.</param>
/// <param name="Accuracy">Fraction of training samples classified right during the epoch (training forward).</param>
/// <param name="ValidationLoss">Mean loss on the validation data after the epoch.</param>
/// <param name="ValidationAccuracy">Fraction of validation samples classified right after the epoch.</param>
/// <param name="LearningRate">The optimizer's learning rate during the epoch.</param>
/// <param name="Duration">Wall time of the epoch, validation included.</param>
/// <param name="SkippedBatches">Batches left out for a non-finite loss or gradient (<see cref="NonFinitePolicy.SkipBatch"/>); the loss and accuracy are over the others.</param>
public readonly record struct EpochResult(
    int Epoch,
    float Loss,
    float Accuracy,
    float ValidationLoss,
    float ValidationAccuracy,
    float LearningRate,
    TimeSpan Duration,
    int SkippedBatches = 0);

/// <summary>What a call to <see cref="Trainer.Fit"/> did, epoch by epoch.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochResult> epochs, int trainCount, int validationCount, int bestEpoch, bool stoppedEarly, bool restoredBestWeights)
    {
        Epochs = epochs;
        TrainCount = trainCount;
        ValidationCount = validationCount;
        BestEpoch = bestEpoch;
        StoppedEarly = stoppedEarly;
        RestoredBestWeights = restoredBestWeights;
    }

    /// <summary>One entry per epoch run, in order.</summary>
    public IReadOnlyList<EpochResult> Epochs { get; }

    /// <summary>Samples trained on per epoch (after any validation hold-out).</summary>
    public int TrainCount { get; }

    /// <summary>Samples evaluated for validation per epoch; 0 without validation.</summary>
    public int ValidationCount { get; }

    /// <summary>Zero-based epoch with the lowest monitored loss (validation loss if any, else training loss).</summary>
    public int BestEpoch { get; }

    /// <summary>Whether early stopping ended training before the last epoch.</summary>
    public bool StoppedEarly { get; }

    /// <summary>Whether the network's parameters were reset to those of <see cref="BestEpoch"/>.</summary>
    public bool RestoredBestWeights { get; }

    /// <summary>Batches skipped for a non-finite loss or gradient over all epochs (<see cref="NonFinitePolicy.SkipBatch"/>).</summary>
    public int SkippedBatches => Epochs.Sum(e => e.SkippedBatches);

    /// <summary>The last epoch run.</summary>
    public EpochResult Last => Epochs[^1];

    /// <summary>The CSV header <see cref="WriteCsv(TextWriter)"/> writes: one column per <see cref="EpochResult"/> field.</summary>
    public const string CsvHeader = "epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,skipped_batches";

    /// <summary>
    /// Writes one CSV row per epoch under <see cref="CsvHeader"/>, for spreadsheets and plotting: the epoch one-based (as
    /// printed), numbers in the invariant culture with round-trip precision, a metric that does not apply (NaN) as an
    /// empty field, lines ending in '\n'.
    /// </summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(CsvHeader);
        writer.Write('\n');
        Span<char> number = stackalloc char[32];
        foreach (EpochResult e in Epochs)
        {
            writer.Write((e.Epoch + 1).ToString(CultureInfo.InvariantCulture));
            foreach (float value in (ReadOnlySpan<float>)[e.Loss, e.Accuracy, e.ValidationLoss, e.ValidationAccuracy, e.LearningRate])
            {
                writer.Write(',');
                if (float.IsNaN(value)) continue;
                value.TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                writer.Write(number[..written]);
            }
            writer.Write(',');
            writer.Write(e.Duration.TotalSeconds.ToString("R", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.Write(e.SkippedBatches.ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    /// <summary>Writes <see cref="WriteCsv(TextWriter)"/>'s CSV to the file <paramref name="path"/> (UTF-8, replacing it).</summary>
    public void WriteCsv(string path)
    {
        using var writer = new StreamWriter(path, append: false);
        WriteCsv(writer);
    }

    /// <summary>
    /// Writes the history as one UTF-8 JSON object: <c>train_count</c>, <c>validation_count</c>, <c>best_epoch</c>
    /// (one-based, null if none), <c>stopped_early</c>, <c>restored_best_weights</c> and <c>epochs</c>, an array of
    /// objects with the <see cref="CsvHeader"/> names; a metric that does not apply (NaN) is null. Written with
    /// <see cref="Utf8JsonWriter"/>: no reflection, trim- and NativeAOT-safe.
    /// </summary>
    public void WriteJson(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("train_count", TrainCount);
        json.WriteNumber("validation_count", ValidationCount);
        if (BestEpoch >= 0) json.WriteNumber("best_epoch", BestEpoch + 1);
        else json.WriteNull("best_epoch");
        json.WriteBoolean("stopped_early", StoppedEarly);
        json.WriteBoolean("restored_best_weights", RestoredBestWeights);
        json.WriteStartArray("epochs");
        foreach (EpochResult e in Epochs)
        {
            json.WriteStartObject();
            json.WriteNumber("epoch", e.Epoch + 1);
            WriteMetric(json, "loss", e.Loss);
            WriteMetric(json, "accuracy", e.Accuracy);
            WriteMetric(json, "val_loss", e.ValidationLoss);
            WriteMetric(json, "val_accuracy", e.ValidationAccuracy);
            WriteMetric(json, "learning_rate", e.LearningRate);
            json.WriteNumber("seconds", e.Duration.TotalSeconds);
            json.WriteNumber("skipped_batches", e.SkippedBatches);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Writes <see cref="WriteJson(Stream)"/>'s JSON to the file <paramref name="path"/> (replacing it).</summary>
    public void WriteJson(string path)
    {
        using FileStream stream = File.Create(path);
        WriteJson(stream);
    }

    // JSON has no NaN or infinity: a metric without a finite value is null.
    private static void WriteMetric(Utf8JsonWriter json, string name, float value)
    {
        if (float.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }
}
