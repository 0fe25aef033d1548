namespace NetGen.Generator;

/// <summary>
/// Which generator wrote a file, as its header and <c>[GeneratedCode]</c> say: the assembly's name and its
/// Major.Minor.Build version (eng/Version.props), never a commit hash, so the output changes only with a release.
/// </summary>
internal static class GeneratorIdentity
{
    public const string Name = "NetGen.Generator";

    public static string Version { get; } = FormatVersion(typeof(GeneratorIdentity).Assembly.GetName().Version);

    /// <summary>
    /// The attribute for the types the generator writes on its own (not the user's partial class, whose hand-written
    /// members coverage tools and analyzers would then skip as generated).
    /// </summary>
    public static string GeneratedCodeAttribute { get; } = $"[global::System.CodeDom.Compiler.GeneratedCode(\"{Name}\", \"{Version}\")]";

    private static string FormatVersion(System.Version? version) =>
        version is null ? "0.0.0" : $"{version.Major}.{version.Minor}.{System.Math.Max(0, version.Build)}";
}
