namespace NetGen.Tests.Networks;

/// <summary>Wrong lengths and out-of-order calls throw with expected and actual sizes and change nothing.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData(36, 5, 1)]
    [InlineData(37, 4, 1)]
    [InlineData(74, 10, 3)]
    public void PredictRejectsWrongLengths(int inputLength, int outputLength, int batch)
    {
        var network = new TanhNet();
        var output = new float[outputLength];
        var error = Assert.ThrowsAny<ArgumentException>(() => network.Predict(new float[inputLength], output, batch));
        Assert.Contains((batch * (inputLength == batch * 37 ? 5 : 37)).ToString(), error.Message);
        Assert.Contains((inputLength == batch * 37 ? outputLength : inputLength).ToString(), error.Message);
        Assert.All(output, value => Assert.Equal(0f, value));
    }

    [Fact]
    public void PredictRejectsNonPositiveBatch()
    {
        var network = new TanhNet();
        Assert.Throws<ArgumentOutOfRangeException>(() => network.Predict([], [], 0));
    }

    [Fact]
    public void BackwardNeedsForwardOfTheSameBatch()
    {
        var network = new TanhNet();
        network.InitializeParameters(3);
        var error = Assert.Throws<InvalidOperationException>(() => network.Backward(new float[5], [], 1));
        Assert.Contains("Forward", error.Message);

        network.Forward(new float[2 * 37], new float[2 * 5], 2);
        error = Assert.Throws<InvalidOperationException>(() => network.Backward(new float[3 * 5], [], 3));
        Assert.Contains("batch 2", error.Message);
        Assert.Contains("got 3", error.Message);
    }

    [Fact]
    public void BackwardRejectsWrongGradientLengthsWithoutTouchingGradients()
    {
        var network = new TanhNet();
        network.InitializeParameters(3);
        network.Forward(new float[2 * 37], new float[2 * 5], 2);
        network.ZeroGradients();
        var error = Assert.Throws<ArgumentException>(() => network.Backward(new float[9], [], 2));
        Assert.Contains("10", error.Message);
        Assert.Contains("9", error.Message);
        error = Assert.Throws<ArgumentException>(() => network.Backward(new float[10], new float[73], 2));
        Assert.Contains("74", error.Message);
        Assert.Contains("73", error.Message);
        Assert.All(network.Gradients.ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void ComputeLossWithoutDeclaredLossThrows()
    {
        var network = new Outer.NestedNet();
        Assert.Throws<InvalidOperationException>(() => network.ComputeLoss(new float[3], new float[3], [], 1));
    }
}
