using NetGen;
using ScottPlot;

/// <summary>
/// A PNG of a <see cref="ConfusionMatrix"/>: one cell per (true, predicted) pair, shaded by the share of the true
/// class's samples it holds (so rare classes show as well as common ones) and labelled with its count.
/// </summary>
internal static class ConfusionMatrixPlot
{
    /// <summary>Writes the matrix of <paramref name="matrix"/> to <paramref name="path"/>; returns the file's full path.</summary>
    /// <param name="classNames">A name per class for the axes, or null for the class numbers.</param>
    public static string WritePng(string path, string title, ConfusionMatrix matrix, IReadOnlyList<string>? classNames = null)
    {
        int n = matrix.ClassCount;
        string Name(int c) => classNames?[c] ?? c.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // A heatmap draws its row 0 at the top: true class 0 on top, as the matrix is printed.
        double[,] share = new double[n, n];
        for (int t = 0; t < n; t++)
        {
            long support = matrix.Support(t);
            for (int p = 0; p < n; p++) share[t, p] = support == 0 ? 0 : (double)matrix[t, p] / support;
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(share);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed(); // white for none, dark blue for all
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // Cell (t, p) is centred on x = p, y = n − 1 − t: the extent gives the centres of the corner cells.
        heatmap.CellAlignment = Alignment.MiddleCenter;
        heatmap.Extent = new CoordinateRect(0, n - 1, 0, n - 1);

        float fontSize = n <= 4 ? 22 : n <= 10 ? 14 : 9;
        for (int t = 0; t < n; t++)
        {
            for (int p = 0; p < n; p++)
            {
                var text = plot.Add.Text(matrix[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, n - 1 - t);
                text.LabelFontSize = fontSize;
                text.LabelAlignment = Alignment.MiddleCenter;
                // Readable on dark and light cells; zeros faint and mistakes red, so the few errors stand out.
                text.LabelFontColor = share[t, p] > 0.5 ? Colors.White : matrix[t, p] == 0 ? Colors.Silver : t == p ? Colors.Black : Colors.Crimson;
                text.LabelBold = matrix[t, p] != 0;
            }
        }

        double[] positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        string[] names = Enumerable.Range(0, n).Select(Name).ToArray();
        plot.Axes.Bottom.SetTicks(positions, names);
        plot.Axes.Left.SetTicks(positions.Select(y => n - 1 - y).ToArray(), names);
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.IsVisible = false;
        plot.XLabel("predicted class");
        plot.YLabel("true class");
        plot.Title($"{title}\naccuracy {matrix.Accuracy * 100:F2}% of {matrix.Total:N0}, macro F1 {matrix.MacroF1:F4}", size: 15);

        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "share of the true class";
        // Five labelled ticks in percent: the automatic ones crowd the narrow bar and run into its label.
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int percent = 0; percent <= 100; percent += 25) ticks.AddMajor(percent / 100.0, $"{percent}%");
        bar.Axis.TickGenerator = ticks;

        PlotStyle.Apply(plot); // last, so it reaches the cell labels too
        int side = Math.Max(420, 56 * n + 200);
        plot.SavePng(path, side + 120, side);
        return Path.GetFullPath(path);
    }
}
