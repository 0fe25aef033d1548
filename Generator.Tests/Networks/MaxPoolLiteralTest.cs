namespace NetGen.Tests.Networks;

/// <summary>The max-pool example of a standard lecture, as literals.</summary>
public class MaxPoolLiteralTest
{
    [Fact]
    public void TwoByTwoStrideTwoPicksEachWindowsMaximum()
    {
        var network = new MaxPoolExample();
        float[] input =
        [
            2, 2, 7, 3,
            9, 4, 6, 1,
            8, 5, 2, 4,
            3, 1, 2, 6,
        ];
        var output = new float[4];
        network.Predict(input, output);
        Assert.Equal([9f, 7f, 8f, 6f], output);
    }
}
