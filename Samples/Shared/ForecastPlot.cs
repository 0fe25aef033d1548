using ScottPlot;

/// <summary>A PNG of a yearly series against forecasts of it: the actual values and one line per forecaster, by year.</summary>
internal static class ForecastPlot
{
    /// <summary>One forecaster's values, one per year of the plot.</summary>
    public sealed record Forecast(string Label, IReadOnlyList<double> Values);

    private static readonly Color[] s_colors = [Colors.OrangeRed, Colors.Gray, Colors.SeaGreen];

    /// <summary>
    /// <paramref name="actual"/> (black, solid) and each of <paramref name="forecasts"/> (coloured; the second and later
    /// dashed) over the years <paramref name="firstYear"/>… Returns the file's full path.
    /// </summary>
    public static string WritePng(string path, string title, string yLabel, int firstYear, IReadOnlyList<double> actual, params Forecast[] forecasts)
    {
        var plot = new Plot();
        double[] years = Enumerable.Range(firstYear, actual.Count).Select(y => (double)y).ToArray();
        var truth = plot.Add.Scatter(years, actual.ToArray());
        truth.LegendText = "actual";
        truth.Color = Colors.Black;
        truth.LineWidth = 2;
        truth.MarkerSize = 5;
        for (int f = 0; f < forecasts.Length; f++)
        {
            var line = plot.Add.Scatter(years, forecasts[f].Values.ToArray());
            line.LegendText = forecasts[f].Label;
            line.Color = s_colors[f % s_colors.Length];
            line.LineWidth = 2;
            line.MarkerSize = 4;
            if (f > 0) line.LinePattern = LinePattern.Dashed;
        }
        plot.Title(title, size: 15);
        plot.XLabel("year");
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = year => year.ToString("0", System.Globalization.CultureInfo.InvariantCulture), // 1960, not 1,960
        };
        plot.ShowLegend(Edge.Right); // outside the data: the series fills the whole plot
        PlotStyle.Apply(plot); // last, so it reaches every label
        plot.SavePng(path, 1100, 440);
        return Path.GetFullPath(path);
    }
}
