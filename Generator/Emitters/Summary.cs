using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>The Keras-style layer table (layer, type, output shape, parameters) shown on the class and in <c>Summary</c>.</summary>
internal static class Summary
{
    public static string[] Lines(NetworkPlan plan)
    {
        var rows = new List<string[]> { new[] { "Layer", "Type", "Output shape", "Param #" } };
        rows.Add(new[] { "input", "Input", "[" + ShapeInference.Format(ToArray(plan)) + "]", "0" });
        foreach (LayerPlan layer in plan.Layers)
        {
            rows.Add(new[] { layer.Spec.Name, LayerCatalog.For(layer.Spec).SummaryType(layer.Spec), "[" + ShapeInference.Format(layer.OutputShape) + "]", Count(layer.ParameterCount) });
        }
        int[] widths = new int[4];
        foreach (string[] row in rows)
        {
            for (int c = 0; c < 4; c++) if (row[c].Length > widths[c]) widths[c] = row[c].Length;
        }
        var lines = new List<string>();
        for (int r = 0; r < rows.Count; r++)
        {
            string[] row = rows[r];
            lines.Add($"{row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3].PadLeft(widths[3])}".TrimEnd());
            if (r == 0)
            {
                lines.Add($"{new string('-', widths[0])}  {new string('-', widths[1])}  {new string('-', widths[2])}  {new string('-', widths[3])}");
            }
        }
        string loss = plan.Spec.Loss == LossKindSpec.None ? "none" : plan.Spec.Loss.ToString();
        lines.Add($"Total parameters: {Count(plan.ParameterCount)}; loss: {loss}");
        return lines.ToArray();
    }

    /// <summary>Escapes text for an XML doc comment.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static int[] ToArray(NetworkPlan plan)
    {
        var shape = new int[plan.Spec.InputShape.Count];
        for (int i = 0; i < shape.Length; i++) shape[i] = plan.Spec.InputShape[i];
        return shape;
    }

    private static string Count(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
