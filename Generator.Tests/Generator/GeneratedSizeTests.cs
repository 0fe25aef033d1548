using NetGen.Tests.Infrastructure;

namespace NetGen.Tests.Generator;

/// <summary>
/// The generated code's size follows the declaration's structure, not its sizes: a kernel, a row or a sequence many
/// times longer gives about the same file. Unrolling by size once gave a 1-D convolution over 8,000 samples a
/// 4.7 MB file (one accumulator per output pair) and a 4,000-tap kernel a fold of 1,000 statements.
/// </summary>
public sealed class GeneratedSizeTests
{
    private static int GeneratedLength(string attributes)
    {
        (Microsoft.CodeAnalysis.GeneratorDriverRunResult result, _) = GeneratorHarness.Run("using NetGen;\n" + attributes + "\npublic partial class Net;\n");
        Assert.Empty(GeneratorHarness.NgDiagnostics(result));
        return Assert.Single(result.Results[0].GeneratedSources).SourceText.Length;
    }

    [Theory]
    [InlineData("[Network(1, 30)] [Conv1D(4, 3)] [Flatten] [Dense(2)]", "[Network(1, 8000)] [Conv1D(4, 3)] [Flatten] [Dense(2)]")]
    [InlineData("[Network(1, 30)] [Conv1D(4, 3)] [Flatten] [Dense(2)]", "[Network(1, 8000)] [Conv1D(4, 4000)] [Flatten] [Dense(2)]")]
    [InlineData("[Network(2, 30)] [Conv1D(4, 3)] [Flatten] [Dense(2)]", "[Network(2, 8000)] [Conv1D(4, 1500)] [Flatten] [Dense(2)]")]
    [InlineData("[Network(1, 16, 16)] [Conv2D(4, 3)] [Flatten] [Dense(2)]", "[Network(1, 128, 128)] [Conv2D(2, 100)] [Flatten] [Dense(2)]")]
    [InlineData("[Network(3, 16, 16)] [Conv2D(4, 3)] [Flatten] [Dense(2)]", "[Network(3, 200, 200)] [Conv2D(2, 150)] [Flatten] [Dense(2)]")]
    [InlineData("[Network(1, 16, 16)] [MaxPool2D(2)] [Flatten] [Dense(2)]", "[Network(1, 64, 64)] [MaxPool2D(64)] [Flatten] [Dense(2)]")]
    [InlineData("[Network(5, 3)] [LSTM(7)] [Dense(2)]", "[Network(5000, 3)] [LSTM(7)] [Dense(2)]")]
    [InlineData("[Network(16)] [Dense(8)] [Dense(2)]", "[Network(100000)] [Dense(2000)] [Dense(2)]")]
    public void LargeSizes_GiveAboutTheSameCodeAsSmallOnes(string small, string large)
    {
        int smallLength = GeneratedLength(small), largeLength = GeneratedLength(large);
        Assert.True(largeLength < 1.5 * smallLength + 40_000, $"{large}: {largeLength} characters, {small}: {smallLength}");
    }
}
