using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetGen.Generator.Layers;
using NetGen.Generator.Model;
using NetGen.Generator.Planning;

namespace NetGen.Generator.Emitters;

/// <summary>The Keras-style layer table (layer, type, output shape, parameters) shown on the class and in <c>Summary</c>.</summary>
internal static class Summary
{
    public static string[] Lines(NetworkPlan plan)
    {
        // A network that branches says what each layer reads, as Keras's "Connected to"; a chain reads top to bottom.
        bool graph = !LayerGraph.IsChain(plan.Spec.Layers);
        int columns = graph ? 5 : 4;
        var rows = new List<string[]> { Row(graph, "Layer", "Type", "Output shape", "Param #", "Reads") };
        rows.Add(Row(graph, "input", "Input", "[" + ShapeInference.Format(ToArray(plan)) + "]", "0", ""));
        foreach (LayerPlan layer in plan.Layers)
        {
            string reads = string.Join(", ", layer.TensorInputs.Select(tensor => LayerGraph.Name(plan.Spec.Layers, tensor)));
            rows.Add(Row(graph, layer.Spec.Name, LayerCatalog.For(layer.Spec).SummaryType(layer.Spec), "[" + ShapeInference.Format(layer.OutputShape) + "]", Count(layer.ParameterCount), reads));
        }
        int[] widths = new int[columns];
        foreach (string[] row in rows)
        {
            for (int c = 0; c < columns; c++) if (row[c].Length > widths[c]) widths[c] = row[c].Length;
        }
        var lines = new List<string>();
        for (int r = 0; r < rows.Count; r++)
        {
            string[] row = rows[r];
            string line = $"{row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3].PadLeft(widths[3])}";
            if (graph) line += $"  {row[4].PadRight(widths[4])}";
            lines.Add(line.TrimEnd());
            if (r == 0)
            {
                string rule = $"{new string('-', widths[0])}  {new string('-', widths[1])}  {new string('-', widths[2])}  {new string('-', widths[3])}";
                lines.Add(graph ? rule + $"  {new string('-', widths[4])}" : rule);
            }
        }
        string loss = plan.Spec.Loss == LossKindSpec.None ? "none" : plan.Spec.Loss.ToString();
        lines.Add($"Total parameters: {Count(plan.ParameterCount)}; loss: {loss}");
        return lines.ToArray();
    }

    private static string[] Row(bool graph, string layer, string type, string shape, string parameters, string reads) =>
        graph ? new[] { layer, type, shape, parameters, reads } : new[] { layer, type, shape, parameters };

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
