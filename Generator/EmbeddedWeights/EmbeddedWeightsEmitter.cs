namespace NetGen.Generator;

/// <summary>
/// The members [EmbeddedWeights] adds: the manifest resource's name and <c>LoadEmbeddedWeights()</c>, which reads it
/// through <c>LoadWeights</c> (so the checks, the all-or-nothing update and the exclusive run are the same as for a file).
/// </summary>
internal static class EmbeddedWeightsEmitter
{
    /// <summary>The prefix buildTransitive/NetGen.targets gives each NetGenWeights file's LogicalName.</summary>
    public const string ResourcePrefix = "NetGen.Weights.";

    public static void Emit(SourceWriter w, string className, string fileName)
    {
        string resource = Literal(ResourcePrefix + fileName);
        string file = Literal(fileName);
        w.Line($"/// <summary>The manifest resource that holds the embedded weights: the NetGenWeights file {Xml(fileName)}.</summary>");
        w.Line($"public const string EmbeddedWeightsResource = {resource};");
        w.Line();
        w.Line($"/// <summary>Reads the weights embedded in this assembly ([EmbeddedWeights({Xml(fileName)})]), checked at build time against the tensors above; no file is needed.</summary>");
        w.Line("/// <exception cref=\"global::NetGen.WeightFileException\">The resource is missing (the project has no NetGenWeights item for the file) or does not match; the message names the resource.</exception>");
        using (w.Open("public void LoadEmbeddedWeights()"))
        {
            w.Line($"global::System.Reflection.Assembly assembly = typeof({className}).Assembly;");
            w.Line("using global::System.IO.Stream stream = assembly.GetManifestResourceStream(EmbeddedWeightsResource)");
            w.Line($"    ?? throw new global::NetGen.WeightFileException($\"assembly '{{assembly.GetName().Name}}' has no embedded resource '{{EmbeddedWeightsResource}}': include the file in the project with <NetGenWeights Include=\\\"{Escaped(fileName)}\\\" /> (the NetGen package's build targets embed it)\");");
            using (w.Open("try"))
            {
                w.Line("LoadWeights(stream);");
            }
            using (w.Open("catch (global::NetGen.WeightFileException e)"))
            {
                w.Line("throw new global::NetGen.WeightFileException($\"embedded resource '{EmbeddedWeightsResource}': {e.Message}\", e);");
            }
        }
        w.Line();
    }

    /// <summary>A C# string literal of <paramref name="text"/>.</summary>
    private static string Literal(string text) => "\"" + Escaped(text, interpolated: false) + "\"";

    /// <summary><paramref name="text"/> escaped for a C# string, with braces doubled for an interpolated one.</summary>
    private static string Escaped(string text, bool interpolated = true)
    {
        var escaped = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '{' when interpolated => "{{",
                '}' when interpolated => "}}",
                _ when c < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return escaped.ToString();
    }

    private static string Xml(string text) => "\"" + text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;") + "\"";
}
