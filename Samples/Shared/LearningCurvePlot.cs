using NetGen;
using ScottPlot;

/// <summary>
/// A PNG of a training run's learning curves: the loss per epoch on the left, a metric per epoch on the right, each with
/// its training and validation curve, so over- and under-fitting show at a glance.
/// </summary>
internal static class LearningCurvePlot
{
    /// <summary>One curve of a panel: its legend label and its values, one per epoch (NaN where it does not apply).</summary>
    public sealed record Curve(string Label, IReadOnlyList<double> Values);

    /// <summary>One panel: what its y axis shows and its curves.</summary>
    public sealed record Panel(string YLabel, IReadOnlyList<Curve> Curves);

    // Training, validation, then any further curves (e.g. several runs compared).
    private static readonly Color[] s_colors = [Colors.Navy, Colors.OrangeRed, Colors.SeaGreen, Colors.Purple, Colors.DarkGoldenRod];

    /// <summary>
    /// The <see cref="Trainer.Fit"/> history as loss (training and validation) and accuracy in percent; the best epoch
    /// (the one whose weights were kept) is marked with a dashed line. Returns the file's full path.
    /// </summary>
    public static string WritePng(string path, string title, TrainingHistory history)
    {
        Panel loss = new("loss", [
            new("training", history.Epochs.Select(e => (double)e.Loss).ToArray()),
            new("validation", history.Epochs.Select(e => (double)e.ValidationLoss).ToArray())]);
        Panel accuracy = new("accuracy (%)", [
            new("training", history.Epochs.Select(e => e.Accuracy * 100.0).ToArray()),
            new("validation", history.Epochs.Select(e => e.ValidationAccuracy * 100.0).ToArray())]);
        return WritePng(path, title, "epoch", loss, accuracy, history.BestEpoch);
    }

    /// <summary>
    /// Two panels side by side (or one when <paramref name="right"/> is null), x from 1 to the number of values unless given, the
    /// curves of each panel in the order training (navy), validation (orange), then green, purple and gold. Returns the
    /// file's full path.
    /// </summary>
    /// <param name="bestEpoch">Zero-based epoch to mark with a dashed vertical line, or −1 for none.</param>
    /// <param name="x">The x of each value (e.g. training steps), or null for 1, 2, 3…</param>
    public static string WritePng(string path, string title, string xLabel, Panel left, Panel? right, int bestEpoch = -1, IReadOnlyList<double>? x = null)
    {
        var figure = new Multiplot(); // starts with one plot
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Plot first = figure.GetPlot(0);
        Draw(first, left, xLabel, bestEpoch, x);
        if (right is not null) Draw(figure.AddPlot(), right, xLabel, bestEpoch, x);

        // Each panel is titled with the figure's title and what it shows, short enough not to be clipped.
        first.Title(right is null ? title : $"{title}: {left.YLabel}", size: 15);
        if (right is not null) figure.GetPlot(1).Title($"{title}: {right.YLabel}", size: 15);
        foreach (Plot plot in figure.GetPlots()) PlotStyle.Apply(plot); // last, so it reaches every label
        figure.SavePng(path, right is null ? 640 : 1100, 440);
        return Path.GetFullPath(path);
    }

    private static void Draw(Plot plot, Panel panel, string xLabel, int bestEpoch, IReadOnlyList<double>? x)
    {
        for (int c = 0; c < panel.Curves.Count; c++)
        {
            Curve curve = panel.Curves[c];
            if (curve.Values.All(double.IsNaN)) continue; // e.g. no validation data
            double[] xs = x?.ToArray() ?? Enumerable.Range(1, curve.Values.Count).Select(i => (double)i).ToArray();
            var line = plot.Add.Scatter(xs, curve.Values.ToArray());
            line.LegendText = curve.Label;
            line.Color = s_colors[c % s_colors.Length];
            bool dense = curve.Values.Count > 60; // hundreds of points: thin lines, no markers
            line.LineWidth = dense && c == 0 ? 1 : 2;
            line.MarkerSize = dense ? 0 : 5;
        }
        if (bestEpoch >= 0)
        {
            var best = plot.Add.VerticalLine(bestEpoch + 1, width: 1, color: Colors.Gray, pattern: LinePattern.Dashed);
            best.LegendText = $"best epoch ({bestEpoch + 1})";
        }
        if (x is null) plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true }; // epoch 1.5 does not exist
        plot.XLabel(xLabel);
        plot.YLabel(panel.YLabel);
        // The legend goes where the curves are not: top right over falling curves (losses), bottom right over rising ones.
        IReadOnlyList<double> values = panel.Curves[0].Values;
        bool rising = values.Count > 1 && values[^1] > values[0];
        plot.ShowLegend(rising ? Alignment.LowerRight : Alignment.UpperRight);
    }
}
