namespace NetGen;

/// <summary>How <see cref="Trainer.Fit"/> shows its progress on <see cref="TrainerOptions.Log"/>.</summary>
public enum ProgressDisplay
{
    /// <summary>
    /// <see cref="LiveLine"/> when the log is the console and the console is a terminal (<see cref="Console.Out"/>, not
    /// <see cref="Console.IsOutputRedirected"/>), <see cref="EpochLines"/> otherwise (files, pipes, CI logs, string writers).
    /// </summary>
    Auto = 0,

    /// <summary>One line per epoch (and one when stopping early), nothing per batch: what a log file should hold.</summary>
    EpochLines = 1,

    /// <summary>
    /// The epoch lines, and during each epoch a line redrawn in place ('\r', at most 10 times a second): epoch,
    /// batch i/n, a bar, samples per second, the epoch's remaining time, running loss and accuracy. For terminals.
    /// </summary>
    LiveLine = 2,
}
