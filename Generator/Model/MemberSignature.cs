namespace NetGen.Generator.Model;

/// <summary>
/// A class member as far as name clashes go (see <see cref="MemberSignatures"/>): its name, for a method the
/// type-parameter count and parameter types (null otherwise), and the type that declares it.
/// </summary>
internal sealed record MemberSignature(string Name, string? Parameters, string Owner, bool Inherited)
{
    /// <summary>The member as a message shows it, e.g. <c>Predict(ReadOnlySpan&lt;float&gt;,Span&lt;float&gt;)</c>.</summary>
    public string Display => Parameters is null ? Name : Name + Parameters.Substring(Parameters.IndexOf('('));
}
