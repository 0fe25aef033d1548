using System.Collections.Generic;
using System.Globalization;
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
            rows.Add(new[] { layer.Spec.Name, Type(layer.Spec), "[" + ShapeInference.Format(layer.OutputShape) + "]", Count(layer.ParameterCount) });
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

    private static string Type(LayerSpec layer) => layer.Kind switch
    {
        LayerKind.Dense when layer.Activation != ActivationKind.Identity => $"Dense ({ActivationEmitter.Describe(layer)})",
        LayerKind.Dropout => $"Dropout ({FloatLiteral.Format(layer.Rate)})",
        LayerKind.Conv2D => $"Conv{(layer.OneD ? "1D" : "2D")} {Window(layer)}{(layer.Stride != 1 ? $" s{layer.Stride}" : "")}{(layer.Same ? " same" : layer.Padding != 0 ? $" p{layer.Padding}" : "")}{(layer.Dilation != 1 ? $" d{layer.Dilation}" : "")}{(layer.Activation != ActivationKind.Identity ? $" ({ActivationEmitter.Describe(layer)})" : "")}",
        LayerKind.MaxPool2D or LayerKind.AvgPool2D => $"{(layer.Kind == LayerKind.MaxPool2D ? "MaxPool" : "AvgPool")}{(layer.OneD ? "1D" : "2D")} {Window(layer)}{(layer.Stride != layer.KernelWidth ? $" s{layer.Stride}" : "")}{(layer.Padding != 0 ? $" p{layer.Padding}" : "")}",
        LayerKind.GlobalAveragePool2D => "GlobalAvgPool2D",
        LayerKind.GlobalMaxPool1D => "GlobalMaxPool1D",
        LayerKind.GlobalAveragePool1D => "GlobalAvgPool1D",
        LayerKind.BatchNorm => "BatchNorm",
        LayerKind.LayerNorm => "LayerNorm",
        _ => layer.Kind.ToString(),
    };

    private static string Window(LayerSpec layer) => layer.OneD ? $"{layer.KernelWidth}" : $"{layer.KernelHeight}x{layer.KernelWidth}";

    private static int[] ToArray(NetworkPlan plan)
    {
        var shape = new int[plan.Spec.InputShape.Count];
        for (int i = 0; i < shape.Length; i++) shape[i] = plan.Spec.InputShape[i];
        return shape;
    }

    private static string Count(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
