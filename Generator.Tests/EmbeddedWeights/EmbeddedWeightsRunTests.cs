using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.EmbeddedWeights.EmbeddedWeightsHarness;

namespace NetGen.Tests.EmbeddedWeights;

/// <summary>
/// The generated LoadEmbeddedWeights, executed: a network compiled with the generator into an assembly that carries a
/// safetensors file as the manifest resource the build item makes, loaded and run, against the same file loaded from disk.
/// </summary>
public sealed class EmbeddedWeightsRunTests
{
    private const string Source = TinyNetwork + """

        public static class Probe
        {
            private static readonly float[] s_input = [0.5f, -1f, 2f, 0.25f];

            public static float[] Embedded()
            {
                var network = new Tiny();
                network.LoadEmbeddedWeights();
                return Predict(network);
            }

            public static float[] FromFile(string path)
            {
                var network = new Tiny();
                network.Load(path);
                return Predict(network);
            }

            private static float[] Predict(Tiny network)
            {
                var outputs = new float[Tiny.OutputSize];
                network.Predict(s_input, outputs, 1);
                return outputs;
            }
        }
        """;

    /// <summary>Values that give every unit a different, non-zero output, so weights read in the wrong place show.</summary>
    private static byte[] TinyWeights() => Safetensors(TinyTensors, (tensor, i) => 0.1f * (tensor + 1) + 0.03f * i);

    /// <summary>Compiles <see cref="Source"/> with the generator and, when given, <paramref name="resource"/> embedded as <paramref name="resourceName"/>; loads it in a collectible context.</summary>
    private static Assembly CompileAndLoad(byte[]? resource, string resourceName, AssemblyLoadContext context)
    {
        AdditionalText[] headers = resource is null ? [] : [Header("tiny.safetensors", HeaderCopy(resource))];
        (_, Compilation output) = Run(Source, headers);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var resources = resource is null ? null : new[] { new ResourceDescription(resourceName, () => new MemoryStream(resource), isPublic: true) };
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted = output.Emit(image, manifestResources: resources);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return context.LoadFromStream(image);
    }

    private static object? Call(Assembly assembly, string method, params object[] arguments)
    {
        try
        {
            return assembly.GetType("MyApp.Probe")!.GetMethod(method)!.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    [Fact]
    public void LoadEmbeddedWeights_GivesTheOutputsOfLoadingTheSameFile()
    {
        byte[] weights = TinyWeights();
        string path = Path.Combine(Path.GetTempPath(), $"netgen-embedded-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, weights);
        var context = new AssemblyLoadContext("embedded-weights", isCollectible: true);
        try
        {
            Assembly assembly = CompileAndLoad(weights, "NetGen.Weights.tiny.safetensors", context);
            var embedded = (float[])Call(assembly, "Embedded")!;
            var fromFile = (float[])Call(assembly, "FromFile", path)!;

            Assert.Equal(fromFile, embedded);
            Assert.All(embedded, value => Assert.NotEqual(0f, value));
        }
        finally
        {
            context.Unload();
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingResource_ThrowsWeightFileException_NamingItAndTheBuildItem()
    {
        var context = new AssemblyLoadContext("embedded-weights-missing", isCollectible: true);
        try
        {
            Assembly assembly = CompileAndLoad(null, "", context);
            var error = Assert.Throws<WeightFileException>(() => Call(assembly, "Embedded"));
            Assert.Contains("assembly 'NetGenUserAssembly' has no embedded resource 'NetGen.Weights.tiny.safetensors'", error.Message);
            Assert.Contains("<NetGenWeights Include=\"tiny.safetensors\" />", error.Message);
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>A resource that escaped the build-time check (here: none ran) still fails at load, naming the resource and the tensor.</summary>
    [Fact]
    public void MismatchedResource_ThrowsWeightFileException_NamingTheResourceAndTheTensor()
    {
        byte[] wrong = Safetensors([("dense0.weight", "F32", [3, 5]), .. TinyTensors[1..]]);
        var context = new AssemblyLoadContext("embedded-weights-wrong", isCollectible: true);
        try
        {
            Assembly assembly = CompileAndLoad(wrong, "NetGen.Weights.tiny.safetensors", context);
            var error = Assert.Throws<WeightFileException>(() => Call(assembly, "Embedded"));
            Assert.Equal("embedded resource 'NetGen.Weights.tiny.safetensors': tensor 'dense0.weight': expected shape [3, 4], found [3, 5]", error.Message);
        }
        finally
        {
            context.Unload();
        }
    }
}
