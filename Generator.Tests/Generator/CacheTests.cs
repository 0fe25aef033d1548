using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NetGen.Generator;
using NetGen.Tests.Infrastructure;
using TrackingNames = NetGen.Generator.NetGenGenerator.TrackingNames;

namespace NetGen.Tests.Generator;

/// <summary>
/// The pipeline is incremental only if its models compare by value and hold nothing tied to one compilation.
/// These tests run the driver twice and look at every tracked step.
/// </summary>
public sealed class CacheTests
{
    private static readonly string[] s_trackingNames = [TrackingNames.Parse, TrackingNames.Diagnostics, TrackingNames.Spec];

    /// <summary>One valid network, one with a diagnostic, one nested: every step then has outputs of each kind.</summary>
    private const string Networks = """
        using NetGen;
        namespace MyApp;
        [Network(16, Loss = LossKind.SoftmaxCrossEntropy)]
        [Dense(32, Activation = Activation.ReLU)]
        [Dropout(0.1f)]
        [Dense(10)]
        public partial class Valid;

        [Network(4)]
        [Dense(0)]
        public partial class Invalid;

        public partial class Outer
        {
            [Network(1, 2, 2)]
            [Flatten]
            [Dense(3, Activation = Activation.LeakyReLU, LeakySlope = 0.2f)]
            internal partial class Nested;
        }
        """;

    private const string Unrelated = """
        namespace MyApp;
        public static class Unrelated { public static int Answer() => 42; }
        """;

    private static GeneratorRunResult RunTwice(CSharpCompilation first, Func<CSharpCompilation, CSharpCompilation> change)
    {
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        driver = driver.RunGenerators(change(first));
        return driver.GetRunResult().Results[0];
    }

    [Fact]
    public void SecondRun_WithAnUnrelatedFileAdded_IsServedFromTheCache()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Networks);
        GeneratorRunResult result = RunTwice(compilation,
            c => c.AddSyntaxTrees(CSharpSyntaxTree.ParseText(Unrelated, (CSharpParseOptions)c.SyntaxTrees[0].Options, path: "Unrelated.cs")));

        foreach (string name in s_trackingNames)
        {
            Assert.True(result.TrackedSteps.TryGetValue(name, out ImmutableArray<IncrementalGeneratorRunStep> steps), $"no step tracked as {name}");
            Assert.NotEmpty(steps);
            foreach (IncrementalGeneratorRunStep step in steps)
            {
                Assert.NotEmpty(step.Outputs);
                Assert.All(step.Outputs, output =>
                    Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                        $"step {name} output {output.Value} re-ran with reason {output.Reason}"));
            }
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(pair => pair.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void SecondRun_WithAnEditInAnotherClassOfTheSameFile_KeepsSpecsUnchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Networks + "\npublic class Other { }\n");
        GeneratorRunResult result = RunTwice(compilation, c =>
        {
            SyntaxTree tree = c.SyntaxTrees[0];
            return c.ReplaceSyntaxTree(tree, tree.WithChangedText(tree.GetText().Replace(tree.Length - 4, 0, " int X; ")));
        });

        // The parse step re-runs (its file changed), but produces equal models, so nothing downstream re-emits.
        foreach (string name in new[] { TrackingNames.Diagnostics, TrackingNames.Spec })
        {
            Assert.All(result.TrackedSteps[name].SelectMany(step => step.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {name} re-ran with reason {output.Reason}"));
        }
    }

    [Fact]
    public void SecondRun_WithALayerChanged_RegeneratesThatNetwork()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Networks);
        GeneratorRunResult result = RunTwice(compilation, c =>
        {
            SyntaxTree tree = c.SyntaxTrees[0];
            return c.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(tree.GetText().ToString().Replace("[Dense(32,", "[Dense(33,"),
                (CSharpParseOptions)tree.Options, tree.FilePath));
        });

        // The test above would pass trivially if nothing were ever reported as modified.
        Assert.Contains(result.TrackedSteps[TrackingNames.Spec].SelectMany(step => step.Outputs),
            output => output.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void TrackedStepOutputs_HoldNoSymbolsSyntaxLocationsOrCompilations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Networks);
        GeneratorRunResult result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results[0];

        int walked = 0;
        foreach (string name in s_trackingNames)
        {
            foreach (IncrementalGeneratorRunStep step in result.TrackedSteps[name])
            {
                foreach ((object value, IncrementalStepRunReason _) in step.Outputs)
                {
                    walked += ForbiddenWalker.Walk(value, $"{name}");
                }
            }
        }
        Assert.True(walked > 20, $"only {walked} objects walked; the walker is not reaching the models");
    }

    [Fact]
    public void ForbiddenWalker_FindsASymbolHiddenInAModel()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Networks);
        var hidden = new { Name = "x", Inner = new object[] { 1, new List<object> { compilation.GetTypeByMetadataName("MyApp.Valid")! } } };
        Assert.ThrowsAny<Exception>(() => ForbiddenWalker.Walk(hidden, "hidden"));
    }

    [Fact]
    public void ParsingTheSameSourceTwice_GivesEqualModels()
    {
        object[] first = ParseOutputs(GeneratorHarness.Compile(Networks));
        object[] second = ParseOutputs(GeneratorHarness.Compile(Networks));

        Assert.Equal(3, first.Length);
        Assert.Equal(first.Length, second.Length);
        for (int i = 0; i < first.Length; i++)
        {
            var a = Assert.IsType<NetGenGenerator.ParseResult>(first[i]);
            var b = Assert.IsType<NetGenGenerator.ParseResult>(second[i]);
            Assert.NotSame(a, b);
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.Equal(a.Spec, b.Spec);
            Assert.Equal(a.Diagnostics, b.Diagnostics);
        }
        Assert.Equal(2, first.Count(o => ((NetGenGenerator.ParseResult)o).Spec is not null));
    }

    [Fact]
    public void DifferentSources_GiveDifferentModels()
    {
        object[] first = ParseOutputs(GeneratorHarness.Compile(Networks));
        object[] second = ParseOutputs(GeneratorHarness.Compile(Networks.Replace("LeakySlope = 0.2f", "LeakySlope = 0.3f")));
        Assert.Equal(first[0], second[0]);
        Assert.NotEqual(first[2], second[2]);
    }

    private static object[] ParseOutputs(CSharpCompilation compilation) =>
        GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results[0]
            .TrackedSteps[TrackingNames.Parse]
            .SelectMany(step => step.Outputs)
            .Select(output => output.Value)
            .ToArray();

    /// <summary>
    /// Walks an object graph through all instance fields (public or not), arrays and collections, and throws
    /// if it meets a type that ties a model to one compilation.
    /// </summary>
    private static class ForbiddenWalker
    {
        private static readonly Type[] s_forbidden =
            [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(SemanticModel), typeof(Compilation), typeof(AttributeData)];

        /// <summary>Returns the number of objects visited.</summary>
        public static int Walk(object? root, string path)
        {
            var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
            return Walk(root, path, visited, depth: 0);
        }

        private static int Walk(object? value, string path, HashSet<object> visited, int depth)
        {
            if (value is null) return 0;
            Type type = value.GetType();
            foreach (Type forbidden in s_forbidden)
            {
                if (forbidden.IsAssignableFrom(type)) throw new Xunit.Sdk.XunitException($"{path} is a {type.FullName} ({forbidden.Name})");
            }
            if (type.IsPrimitive || type.IsEnum || value is string || value is decimal) return 1;
            // Descriptors are static, shared by all compilations; their localizable strings need not be walked.
            if (value is DiagnosticDescriptor) return 1;
            if (!type.IsValueType && !visited.Add(value)) return 0;
            if (depth > 50) throw new Xunit.Sdk.XunitException($"{path} nests more than 50 levels deep");

            int count = 1;
            if (value is IEnumerable sequence && value is not string)
            {
                int i = 0;
                foreach (object? item in sequence) count += Walk(item, $"{path}[{i++}]", visited, depth + 1);
            }
            for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
            {
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.FieldType.IsPointer || field.FieldType.IsByRefLike) continue;
                    count += Walk(field.GetValue(value), $"{path}.{field.Name}", visited, depth + 1);
                }
            }
            return count;
        }
    }
}
