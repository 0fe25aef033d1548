using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NetGen;

/// <summary>
/// Writes training progress to a log: the epoch lines, and in <see cref="ProgressDisplay.LiveLine"/> mode a batch line
/// (epoch, batch, bar, samples/s, ETA, running loss and accuracy) redrawn in place with '\r', throttled to 10 redraws a
/// second so a fast epoch of thousands of batches costs a few formatted lines, not thousands. <see cref="Trainer.Fit"/>
/// uses one; a training loop written by hand (a GAN, a VAE, networks chained at run time) can too. A few dozen lines of
/// our own rather than a console library: the runtime stays small, trim- and NativeAOT-safe, with no dependency for
/// one line of text.
/// </summary>
/// <example>
/// <code>
/// var progress = new ProgressWriter(Console.Out, ProgressDisplay.Auto);
/// // after each batch:
/// progress.Batch(new BatchProgress(epoch, epochs, batch, batches, samplesSoFar, samplesPerEpoch, loss, meanLoss, float.NaN, elapsed, Skipped: false));
/// // after each epoch:
/// progress.Line($"epoch {epoch + 1}: loss {meanLoss:F4}");
/// </code>
/// </example>
public sealed class ProgressWriter
{
    private static readonly long s_redrawInterval = Stopwatch.Frequency / 10;
    private const int BarWidth = 20;

    private readonly TextWriter _log;
    private readonly int _width; // columns before the terminal would wrap (a wrapped line cannot be redrawn); int.MaxValue if unknown
    private readonly StringBuilder _line = new(160);
    private long _nextDraw;
    private int _drawn; // characters of the live line now showing; 0 when none is

    /// <summary>
    /// A writer to <paramref name="log"/>. <see cref="ProgressDisplay.Auto"/> draws the batch line only when
    /// <paramref name="log"/> is <see cref="Console.Out"/> and the console is not redirected (so files and CI logs get
    /// plain lines).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="log"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="display"/> is not a defined value.</exception>
    public ProgressWriter(TextWriter log, ProgressDisplay display)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!Enum.IsDefined(display)) throw new ArgumentOutOfRangeException(nameof(display), display, "not a ProgressDisplay value");
        _log = log;
        bool console = ReferenceEquals(log, Console.Out) && !Console.IsOutputRedirected;
        Live = display == ProgressDisplay.LiveLine || (display == ProgressDisplay.Auto && console);
        _width = console ? TerminalWidth() : int.MaxValue;
    }

    /// <summary>Whether batches are drawn (<see cref="ProgressDisplay.LiveLine"/>, or <see cref="ProgressDisplay.Auto"/> on a terminal).</summary>
    public bool Live { get; }

    /// <summary>
    /// Redraws the live line for <paramref name="progress"/> unless one was drawn less than 0.1 s ago (the first and last
    /// batch of an epoch always are); writes nothing unless <see cref="Live"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The counts are inconsistent: epochs, batches or samples per epoch below 1, or an epoch, batch or sample count outside them.
    /// </exception>
    public void Batch(in BatchProgress progress)
    {
        Check(progress);
        if (!Live) return;
        long now = Stopwatch.GetTimestamp();
        bool edge = progress.Batch == 0 || progress.Batch == progress.Batches - 1;
        if (!edge && now < _nextDraw) return;
        _nextDraw = now + s_redrawInterval;

        _line.Clear().Append('\r');
        string epochs = progress.Epochs.ToString(CultureInfo.InvariantCulture);
        string batches = progress.Batches.ToString(CultureInfo.InvariantCulture);
        _line.Append("epoch ").Append((progress.Epoch + 1).ToString(CultureInfo.InvariantCulture).PadLeft(epochs.Length)).Append('/').Append(epochs);
        _line.Append("  batch ").Append((progress.Batch + 1).ToString(CultureInfo.InvariantCulture).PadLeft(batches.Length)).Append('/').Append(batches);
        int filled = (int)((long)BarWidth * progress.Samples / progress.EpochSamples);
        _line.Append(" [").Append('=', filled).Append(filled < BarWidth ? ">" : "").Append(' ', Math.Max(0, BarWidth - filled - 1)).Append(']');
        double seconds = progress.Elapsed.TotalSeconds;
        if (seconds > 0)
        {
            _line.Append(CultureInfo.InvariantCulture, $"  {progress.Samples / seconds:F0} samples/s  ETA ");
            AppendDuration(seconds * (progress.EpochSamples - progress.Samples) / progress.Samples);
        }
        if (!float.IsNaN(progress.MeanLoss)) _line.Append(CultureInfo.InvariantCulture, $"  loss {progress.MeanLoss:F4}");
        if (!float.IsNaN(progress.Accuracy)) _line.Append(CultureInfo.InvariantCulture, $"  acc {progress.Accuracy * 100:F2}%");

        int length = Math.Min(_line.Length - 1, _width - 1); // without the '\r'; the last column left free so the cursor does not wrap
        _line.Length = length + 1;
        if (length < _drawn) _line.Append(' ', _drawn - length); // erase the rest of a longer previous line
        _drawn = length;
        _log.Write(_line);
        _log.Flush();
    }

    /// <summary>Writes <paramref name="text"/> as a line of its own, over the live line if one is showing.</summary>
    public void Line(string text)
    {
        if (_drawn > 0)
        {
            _log.Write('\r');
            _log.Write(text.Length < _drawn ? text.PadRight(_drawn) : text);
            _log.WriteLine();
            _drawn = 0;
            return;
        }
        _log.WriteLine(text);
    }

    /// <summary>Ends a live line still showing (training stopped mid-epoch), so what is written next starts on a line of its own.</summary>
    public void EndLine()
    {
        if (_drawn == 0) return;
        _log.WriteLine();
        _drawn = 0;
    }

    private static void Check(in BatchProgress progress)
    {
        if (progress.Epochs < 1 || (uint)progress.Epoch >= (uint)progress.Epochs)
            throw new ArgumentOutOfRangeException(nameof(progress), $"epoch {progress.Epoch} of {progress.Epochs}: expected 0 <= epoch < epochs");
        if (progress.Batches < 1 || (uint)progress.Batch >= (uint)progress.Batches)
            throw new ArgumentOutOfRangeException(nameof(progress), $"batch {progress.Batch} of {progress.Batches}: expected 0 <= batch < batches");
        if (progress.EpochSamples < 1 || progress.Samples < 1 || progress.Samples > progress.EpochSamples)
            throw new ArgumentOutOfRangeException(nameof(progress), $"{progress.Samples} samples of {progress.EpochSamples}: expected 1 <= samples <= samples per epoch");
    }

    /// <summary>Seconds as m:ss, or h:mm:ss from an hour.</summary>
    private void AppendDuration(double seconds)
    {
        long total = (long)Math.Ceiling(Math.Min(seconds, 1e8));
        long hours = total / 3600, minutes = total / 60 % 60, rest = total % 60;
        if (hours > 0) _line.Append(CultureInfo.InvariantCulture, $"{hours}:{minutes:00}:{rest:00}");
        else _line.Append(CultureInfo.InvariantCulture, $"{minutes}:{rest:00}");
    }

    private static int TerminalWidth()
    {
        try
        {
            int width = Console.WindowWidth;
            return width > 1 ? width : int.MaxValue;
        }
        catch (IOException)
        {
            return int.MaxValue;
        }
        catch (PlatformNotSupportedException)
        {
            return int.MaxValue;
        }
    }
}
