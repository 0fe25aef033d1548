namespace NetGen;

/// <summary>
/// Puts the network's weights inside the assembly: the generator adds <c>LoadEmbeddedWeights()</c>, which reads the
/// safetensors file <see cref="FileName"/> from a manifest resource, so the program needs no weight file at run time.
/// </summary>
/// <remarks>
/// The project includes the file with <c>&lt;NetGenWeights Include="Weights/mnist-w1.safetensors" /&gt;</c>: the
/// package's buildTransitive/NetGen.targets embeds it as the resource <c>NetGen.Weights.{file name}</c> and shows its
/// header to the generator. The build then checks every tensor the network declares — name, dtype and shape — against
/// the file and reports a mismatch as an error at this attribute (NG0060–NG0063); the load at run time checks again, as
/// every weight load does, and throws <see cref="WeightFileException"/> naming the resource.
/// </remarks>
/// <example>
/// <code>
/// [Network(784)]
/// [Dense(128, Activation = Activation.ReLU, Name = "fc1")]
/// [Dense(10, Name = "fc2")]
/// [EmbeddedWeights("mnist.safetensors")]
/// public partial class Classifier;
///
/// var classifier = new Classifier();
/// classifier.LoadEmbeddedWeights();
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class EmbeddedWeightsAttribute : Attribute
{
    public EmbeddedWeightsAttribute(string fileName) => FileName = fileName;

    /// <summary>The file name, without folders, of one of the project's <c>NetGenWeights</c> items, e.g. <c>mnist-w1.safetensors</c>.</summary>
    public string FileName { get; }
}
