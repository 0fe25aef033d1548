using Xunit;

namespace NetGen.Tests.Generative;

/// <summary>ROC AUC against pair counts done by hand.</summary>
public class RocAucTests
{
    [Fact]
    public void PerfectAndReversedSeparation()
    {
        Assert.Equal(1.0, RocAuc.Compute([3f, 4f, 5f], [0f, 1f, 2f]));
        Assert.Equal(0.0, RocAuc.Compute([0f, 1f], [2f, 3f]));
    }

    [Fact]
    public void CountsPairsWithTiesAsHalf()
    {
        // Positives {1, 3, 3}, negatives {0, 2, 3, 5}: pairs won 1 + (2 + ½) + (2 + ½) = 6 of 12.
        Assert.Equal(0.5, RocAuc.Compute([3f, 1f, 3f], [5f, 0f, 3f, 2f]));
        // Positives {2, 4}, negatives {1, 3}: won 1 + 2 = 3 of 4.
        Assert.Equal(0.75, RocAuc.Compute([4f, 2f], [3f, 1f]));
    }

    [Fact]
    public void EmptySetOrNaNThrows()
    {
        var empty = Assert.Throws<ArgumentException>(() => RocAuc.Compute([], [1f]));
        Assert.Contains("0 positive and 1 negative", empty.Message);
        var nan = Assert.Throws<ArgumentException>(() => RocAuc.Compute([1f], [2f, float.NaN]));
        Assert.Contains("score 1 of negativeScores is NaN", nan.Message);
    }
}
