namespace NetGen.Tests.Runtime;

public class ClassificationTests
{
    /// <summary>softmax by its definition, in double, without the max shift: fine for the small logits it is given.</summary>
    private static double[] ReferenceSoftmax(float[] row)
    {
        double[] e = row.Select(x => Math.Exp(x)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    [Fact]
    public void Softmax_MatchesTheDefinitionRowByRow()
    {
        float[] logits = [1f, 2f, 3f, -0.5f, 0f, 0.5f, 4f, 4f, -7f];
        var probabilities = new float[9];
        Classification.Softmax(logits, probabilities, batch: 3, classes: 3);
        for (int b = 0; b < 3; b++)
        {
            double[] expected = ReferenceSoftmax(logits[(b * 3)..(b * 3 + 3)]);
            for (int i = 0; i < 3; i++) Assert.Equal(expected[i], probabilities[b * 3 + i], 6);
        }
        Assert.Equal(0.09003057, probabilities[0], 6); // e^1 / (e^1 + e^2 + e^3), by hand
    }

    [Fact]
    public void Softmax_LargeLogitsDoNotOverflow_AndInPlaceWorks()
    {
        // e^1000 overflows float and double; shifted by the max the row is [e^-1, 1] / (1 + e^-1).
        float[] logits = [999f, 1000f];
        Classification.Softmax(logits, logits, batch: 1, classes: 2);
        Assert.Equal(1 / (1 + Math.E), logits[0], 6);
        Assert.Equal(Math.E / (1 + Math.E), logits[1], 6);
    }

    [Fact]
    public void Softmax_NaNOrInfinityFillsItsRowWithNaN_OtherRowsUntouched()
    {
        float[] logits = [0f, float.NaN, 1f, float.PositiveInfinity, 0f, 0f, 0f, float.NegativeInfinity, 0f];
        var probabilities = new float[9];
        Classification.Softmax(logits, probabilities, batch: 3, classes: 3);
        Assert.All(probabilities[..3], p => Assert.True(float.IsNaN(p)));
        Assert.All(probabilities[3..6], p => Assert.True(float.IsNaN(p)));
        Assert.Equal([0.5f, 0f, 0.5f], probabilities[6..]);
    }

    [Fact]
    public void Softmax_WrongLength_ThrowsAndWritesNothing()
    {
        var probabilities = new float[6];
        var e = Assert.Throws<ArgumentException>(() => Classification.Softmax(new float[5], probabilities, 2, 3));
        Assert.Equal("logits", e.ParamName);
        Assert.Contains("length 6 (batch 2 x classes 3), but its length is 5", e.Message);
        e = Assert.Throws<ArgumentException>(() => Classification.Softmax(new float[6], new float[4], 2, 3));
        Assert.Equal("probabilities", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Classification.Softmax([], [], 0, 3));
        Assert.All(probabilities, p => Assert.Equal(0f, p));
    }

    [Fact]
    public void ArgMax_FirstOfTies_FirstNaNCountsAsMaximum()
    {
        Assert.Equal(2, Classification.ArgMax([0.1f, -3, 5, 5, 1]));
        Assert.Equal(0, Classification.ArgMax([7f]));
        Assert.Equal(3, Classification.ArgMax([1f, 9, 2, float.NaN, 10, float.NaN]));
        Assert.Equal(0, Classification.ArgMax([float.NaN, 9f]));
        Assert.Equal(0, Classification.ArgMax([-0f, 0f]));
        Assert.Equal(1, Classification.ArgMax([float.NegativeInfinity, float.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => Classification.ArgMax([]));
        Assert.Equal(3, Trainer.ArgMax([1f, 9, 2, float.NaN]));
    }

    [Fact]
    public void ArgMaxRows_MatchesLinqPerRow()
    {
        var random = new RandomSource(3);
        const int Batch = 50, Classes = 7;
        var scores = new float[Batch * Classes];
        for (int i = 0; i < scores.Length; i++) scores[i] = MathF.Round(random.NextGaussian() * 2); // rounded: ties happen
        var classes = new int[Batch];
        Classification.ArgMax(scores, classes, Batch, Classes);
        for (int b = 0; b < Batch; b++)
        {
            float[] row = scores[(b * Classes)..((b + 1) * Classes)];
            Assert.Equal(Array.IndexOf(row, row.Max()), classes[b]);
        }
        var e = Assert.Throws<ArgumentException>(() => Classification.ArgMax(scores, new int[Batch - 1], Batch, Classes));
        Assert.Equal("classes", e.ParamName);
    }

    [Fact]
    public void SoftmaxAndArgMax_AllocateNothing()
    {
        var logits = new float[64 * 10];
        var probabilities = new float[logits.Length];
        var classes = new int[64];
        for (int i = 0; i < logits.Length; i++) logits[i] = i % 13 * 0.3f;
        for (int i = 0; i < 50; i++)
        {
            Classification.Softmax(logits, probabilities, 64, 10);
            Classification.ArgMax(probabilities, classes, 64, 10);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            Classification.Softmax(logits, probabilities, 64, 10);
            Classification.ArgMax(probabilities, classes, 64, 10);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
