using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NetGen.Generator;
using NetGen.Tests.Infrastructure;
using static NetGen.Tests.EmbeddedWeights.EmbeddedWeightsHarness;

namespace NetGen.Tests.EmbeddedWeights;

/// <summary>The check's models compare by value: an unchanged project is served from the cache, a changed weights file re-checks without re-emitting.</summary>
public sealed class EmbeddedWeightsCacheTests
{
    private const string Source = TinyNetwork;

    private static AdditionalText TinyHeader(params (string, string, int[])[] tensors) => Header("tiny.safetensors", HeaderCopy(Safetensors(tensors)));

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step)
    {
        Assert.True(result.TrackedSteps.TryGetValue(step, out ImmutableArray<IncrementalGeneratorRunStep> steps), $"no step tracked as {step}");
        return steps.SelectMany(s => s.Outputs).Select(output => output.Reason);
    }

    [Fact]
    public void SecondRun_OfTheSameCompilation_IsCachedInEveryEmbeddedWeightsStep()
    {
        var compilation = GeneratorHarness.Compile(Source);
        GeneratorDriver driver = CreateDriver(TinyHeader(TinyTensors)).RunGenerators(compilation);
        GeneratorRunResult result = driver.RunGenerators(compilation.AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class Unrelated {}", (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)compilation.SyntaxTrees[0].Options)))
            .GetRunResult().Results[0];

        foreach (string step in new[] { EmbeddedWeightsCheck.TrackingNames.Request, EmbeddedWeightsCheck.TrackingNames.Header })
        {
            Assert.All(Reasons(result, step), reason => Assert.True(reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {reason}"));
        }
    }

    [Fact]
    public void ChangedWeightsFile_ReChecksWithoutReEmitting()
    {
        var compilation = GeneratorHarness.Compile(Source);
        AdditionalText good = TinyHeader(TinyTensors);
        GeneratorDriver driver = CreateDriver(good).RunGenerators(compilation);
        AdditionalText bad = TinyHeader([("dense0.weight", "F32", [3, 5]), .. TinyTensors[1..]]);
        driver = driver.ReplaceAdditionalText(good, bad).RunGenerators(compilation);
        GeneratorDriverRunResult run = driver.GetRunResult();

        Assert.Equal("NG0063", Assert.Single(GeneratorHarness.NgDiagnostics(run)).Id);
        Assert.Contains(IncrementalStepRunReason.Modified, Reasons(run.Results[0], EmbeddedWeightsCheck.TrackingNames.Header));
        Assert.All(Reasons(run.Results[0], NetGenGenerator.TrackingNames.Emit), reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
    }
}
