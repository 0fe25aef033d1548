namespace NetGen;

/// <summary>
/// Puts the network's weights inside the assembly: the generator adds <c>LoadEmbeddedWeights()</c> and a static
/// <c>LoadEmbedded()</c>, which read the safetensors file <see cref="FileName"/> from a manifest resource, so the
/// program needs no weight file at run time.
/// </summary>
/// <remarks>
/// The project includes the file with <c>&lt;NetGenWeights Include="Weights/mnist-w1.safetensors" /&gt;</c> (the
/// package's buildTransitive/NetGen.targets embeds it as the resource <c>NetGen.Weights.{file name}</c> and shows its header to
/// the generator). The build then checks every tensor the network declares — name, dtype and shape — against the
/// file's header and reports a mismatch as an error at this attribute (NG0060–NG0063); the load at run time checks
/// again, as every weight load does.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EmbeddedWeightsAttribute : Attribute
{
    public EmbeddedWeightsAttribute(string fileName) => FileName = fileName;

    /// <summary>The file name (without folders) of a <c>NetGenWeights</c> item of the project, e.g. <c>mnist-w1.safetensors</c>.</summary>
    public string FileName { get; }
}
