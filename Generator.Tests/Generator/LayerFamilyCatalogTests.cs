using NetGen.Generator.Layers;
using NetGen.Tests.Package;

namespace NetGen.Tests.Generator;

/// <summary>
/// Every layer kind belongs to exactly one family of the catalog, and the files that make up the network shell name
/// no layer kind: what a layer does is asked of its family (Generator/Layers/), so a new family touches no shell file.
/// </summary>
public sealed class LayerFamilyCatalogTests
{
    [Fact]
    public void EveryLayerKind_HasExactlyOneFamily()
    {
        var owners = LayerCatalog.Families.SelectMany(family => family.Kinds.Select(kind => (Kind: kind, Family: family.GetType().Name))).ToList();
        foreach (string kind in owners.Select(owner => owner.Kind).Distinct())
        {
            string[] families = owners.Where(owner => owner.Kind == kind).Select(owner => owner.Family).ToArray();
            Assert.True(families.Length == 1, $"{kind} belongs to {families.Length} families ({string.Join(", ", families)}); it must belong to exactly one.");
            Assert.Same(LayerCatalog.Families.Single(family => family.GetType().Name == families[0]), LayerCatalog.For(kind));
        }
    }

    [Fact]
    public void EveryAttribute_MakesAKindOfItsOwnFamily()
    {
        foreach (LayerFamily family in LayerCatalog.Families)
        {
            Assert.NotEmpty(family.Attributes);
            foreach (var attribute in family.Attributes)
                Assert.True(family.Kinds.Contains(attribute.Kind), $"{attribute.ClassName} makes {attribute.Kind}, which {family.GetType().Name} does not list among its kinds.");
        }
    }

    [Fact]
    public void EveryFamily_LivesInItsOwnFolder_UnderLayers()
    {
        string layers = Path.Combine(PackageFeed.RepositoryRoot, "Generator", "Layers");
        foreach (LayerFamily family in LayerCatalog.Families)
        {
            string name = family.GetType().Name;
            string[] files = Directory.GetFiles(layers, name + ".cs", SearchOption.AllDirectories);
            Assert.True(files.Length == 1, $"{name}.cs should be in one folder under Generator/Layers, found {files.Length}.");
            Assert.NotEqual(layers, Path.GetDirectoryName(files[0]));
        }
    }

    [Theory]
    [InlineData("NetGenGenerator.Parser.cs")]
    [InlineData("Planning/ShapeInference.cs")]
    [InlineData("Planning/ShapeInference.Sequences.cs")]
    [InlineData("Planning/ShapeInference.Buffers.cs")]
    [InlineData("Planning/Planner.cs")]
    [InlineData("NetGenGenerator.Emitter.cs")]
    [InlineData("Emitters/Summary.cs")]
    [InlineData("Emitters/WeightTensors.cs")]
    [InlineData("Emitters/FreezeEmitter.cs")]
    public void ShellFile_NamesNoLayerKind(string file)
    {
        string source = File.ReadAllText(Path.Combine(PackageFeed.RepositoryRoot, "Generator", file));
        string[] kindNames = LayerCatalog.Families.SelectMany(family => family.Kinds.Select(kind => $"{family.GetType().Name}.{kind}"))
            .Concat(LayerCatalog.Families.SelectMany(family => family.Kinds.Select(kind => $"\"{kind}\""))).ToArray();
        string[] lines = source.Split('\n').Select((line, i) => (line, i))
            .Where(l => kindNames.Any(kind => l.line.Contains(kind, StringComparison.Ordinal)))
            .Select(l => $"{file}:{l.i + 1}: {l.line.Trim()}").ToArray();
        Assert.True(lines.Length == 0, "The shell asks families instead of testing layer kinds:\n" + string.Join("\n", lines));
    }
}
