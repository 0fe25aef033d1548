using Xunit;
namespace NetGen.Tests.Training;

public class DatasetTests
{
    // Sample i has features [i, 10·i] and target [−i]: any row can be traced back to its origin.
    private static Dataset Indexed(int count, bool withLabels = true)
    {
        var features = new float[count * 2];
        var targets = new float[count];
        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            features[2 * i] = i;
            features[2 * i + 1] = 10 * i;
            targets[i] = -i;
            labels[i] = i % 2;
        }
        return new Dataset(features, 2, targets, 1, withLabels ? labels : null);
    }

    [Fact]
    public void Constructor_ComputesSizes()
    {
        var data = new Dataset(new float[12], 3, new float[8], 2, [0, 1, 1, 0]);
        Assert.Equal(4, data.Count);
        Assert.Equal(3, data.FeatureSize);
        Assert.Equal(2, data.TargetSize);
    }

    [Fact]
    public void Constructor_FeaturesNotMultipleOfFeatureSize_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset(new float[10], 3, new float[3], 1));
        Assert.Contains("10", e.Message);
        Assert.Contains("3", e.Message);
        Assert.Equal("features", e.ParamName);
    }

    [Fact]
    public void Constructor_TargetsOfWrongLength_ThrowsWithExpectedAndActual()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset(new float[6], 2, new float[5], 2));
        Assert.Contains("3 samples x 2 = 6, but is 5", e.Message);
        Assert.Equal("targets", e.ParamName);
    }

    [Fact]
    public void Constructor_LabelsOfWrongLength_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset(new float[6], 2, new float[9], 3, [0, 1]));
        Assert.Contains("must be 3", e.Message);
        Assert.Contains("is 2", e.Message);
    }

    [Theory]
    [InlineData(3, 3)]   // three outputs: classes 0..2
    [InlineData(3, -1)]
    [InlineData(1, 2)]   // one output: binary, 0 or 1
    public void Constructor_LabelOutOfRange_Throws(int targetSize, int badLabel)
    {
        var e = Assert.Throws<ArgumentException>(() => new Dataset(new float[2], 1, new float[2 * targetSize], targetSize, [0, badLabel]));
        Assert.Contains($"Label {badLabel} of sample 1", e.Message);
    }

    [Fact]
    public void Constructor_NonPositiveSizes_Throw()
    {
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new Dataset([], 0, [], 1));
        Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new Dataset([], 1, [], 0));
    }

    [Fact]
    public void FromLabels_BuildsOneHotTargetsAndKeepsLabels()
    {
        var data = Dataset.FromLabels(new float[3], 1, [2, 0, 1], 3);
        Assert.Equal(3, data.TargetSize);
        Assert.Equal([0f, 0, 1, 1, 0, 0, 0, 1, 0], data.Targets);
        Assert.Equal([2, 0, 1], data.Labels!);
    }

    [Fact]
    public void FromLabels_LabelOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => Dataset.FromLabels(new float[2], 1, [0, 3], 3));
    }

    [Fact]
    public void Split_SameSeed_GivesSameSplit()
    {
        var data = Indexed(50);
        var (train1, test1) = data.Split(0.3, seed: 7);
        var (train2, test2) = data.Split(0.3, seed: 7);
        Assert.Equal(train1.Features, train2.Features);
        Assert.Equal(test1.Features, test2.Features);
        Assert.Equal(test1.Labels, test2.Labels);

        var (_, other) = data.Split(0.3, seed: 8);
        Assert.NotEqual(test1.Features, other.Features);
    }

    [Fact]
    public void Split_PartsAreDisjointAndCoverEverySampleWithRowsIntact()
    {
        var data = Indexed(50);
        var (train, test) = data.Split(0.3, seed: 1);
        Assert.Equal(15, test.Count);
        Assert.Equal(35, train.Count);

        var seen = new List<int>();
        foreach (var part in new[] { train, test })
        {
            for (int i = 0; i < part.Count; i++)
            {
                int origin = (int)part.FeatureRow(i)[0];
                Assert.Equal(10f * origin, part.FeatureRow(i)[1]);
                Assert.Equal(-origin, part.TargetRow(i)[0]);
                Assert.Equal(origin % 2, part.Labels![i]);
                seen.Add(origin);
            }
        }
        seen.Sort();
        Assert.Equal(Enumerable.Range(0, 50), seen);
    }

    [Fact]
    public void Split_RoundsAndAcceptsTheEnds()
    {
        var data = Indexed(10);
        Assert.Equal(3, data.Split(0.25, 0).Test.Count); // 2.5 rounds away from zero
        Assert.Equal(0, data.Split(0, 0).Test.Count);
        Assert.Equal(10, data.Split(1, 0).Test.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(double.NaN, 0));
    }

    [Fact]
    public void Subset_CopiesRowsInGivenOrder()
    {
        var data = Indexed(6);
        var subset = data.Subset([4, 1, 4]);
        Assert.Equal(3, subset.Count);
        Assert.Equal([4f, 40, 1, 10, 4, 40], subset.Features);
        Assert.Equal([-4f, -1, -4], subset.Targets);
        Assert.Equal([0, 1, 0], subset.Labels!);

        subset.Features[0] = 99; // a copy: the original is untouched
        Assert.Equal(4f, data.Features[8]);
    }

    [Fact]
    public void Subset_WithoutLabels_HasNoLabels()
    {
        Assert.Null(Indexed(4, withLabels: false).Subset([0, 1]).Labels);
    }

    [Fact]
    public void Subset_IndexOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Indexed(3).Subset([0, 3]));
    }

    [Fact]
    public void ScaleFeatures_MultipliesInPlace()
    {
        var data = new Dataset([255f, 0, 51], 1, new float[3], 1);
        data.ScaleFeatures(1f / 255);
        Assert.Equal(1f, data.Features[0], 6);
        Assert.Equal(0f, data.Features[1]);
        Assert.Equal(0.2f, data.Features[2], 6);
    }

    [Fact]
    public void FeatureScaler_StandardizesTrainAndAppliesTheSameStatisticsToTest()
    {
        // Feature 0: values 1..4 (mean 2.5, std sqrt(1.25)); feature 1: constant 7.
        var train = new Dataset([1f, 7, 2, 7, 3, 7, 4, 7], 2, new float[4], 1);
        var test = new Dataset([2.5f, 8], 2, new float[1], 1);
        var scaler = new FeatureScaler().Fit(train);
        Assert.Equal([2.5f, 7f], scaler.Means.ToArray());

        scaler.Transform(train);
        scaler.Transform(test);

        double mean = 0, variance = 0;
        for (int i = 0; i < 4; i++) mean += train.Features[2 * i] / 4.0;
        for (int i = 0; i < 4; i++) variance += Math.Pow(train.Features[2 * i] - mean, 2) / 4;
        Assert.Equal(0, mean, 6);
        Assert.Equal(1, variance, 5);
        for (int i = 0; i < 4; i++) Assert.Equal(0f, train.Features[2 * i + 1]); // constant: 0, not NaN
        Assert.Equal(0f, test.Features[0], 6);   // the train mean maps to 0
        Assert.Equal(1f, test.Features[1], 6);   // constant feature: shifted, scale 1
    }

    [Fact]
    public void FeatureScaler_MisuseThrows()
    {
        var data = new Dataset([1f, 2], 2, new float[1], 1);
        Assert.Throws<InvalidOperationException>(() => new FeatureScaler().Transform(data));
        var scaler = new FeatureScaler().Fit(data);
        Assert.Throws<ArgumentException>(() => scaler.Transform(new Dataset([1f], 1, new float[1], 1)));
    }
}
