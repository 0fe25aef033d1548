using ScottPlot;
using SkiaSharp;

/// <summary>What every sample plot shares: a sans-serif font where the machine has one.</summary>
internal static class PlotStyle
{
    // ScottPlot's own pick (Fonts.Sans) falls back to a serif face on a Linux without Arial or Open Sans; these are
    // looked for in order, the first installed one wins, and without any the plot keeps ScottPlot's default.
    private static readonly string? s_sans = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI" }
        .FirstOrDefault(family => SKFontManager.Default.MatchFamily(family)?.FamilyName == family);

    /// <summary>Sets <paramref name="plot"/>'s fonts.</summary>
    public static void Apply(Plot plot)
    {
        if (s_sans is not null) plot.Font.Set(s_sans);
    }
}
