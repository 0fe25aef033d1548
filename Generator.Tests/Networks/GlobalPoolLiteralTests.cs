using NetGen.Tests.Numerics;

namespace NetGen.Tests.Networks;

/// <summary>Global 1-D max and mean pooling by hand: ties go to the first step, and the passes allocate nothing.</summary>
[Trait("Category", "Kernels")]
public class GlobalPoolLiteralTests
{
    [Fact]
    public void SequenceMaximumAndItsGradientGoToTheFirstStepHoldingIt()
    {
        var network = new EmbeddingMaxPoolTies();
        Span<float> table = network.Embedding0Weight; // [5, 3] rows padded to 16
        table.Clear();
        float[][] rows = [[0, 0, 0], [1, 5, 0], [1, 2, 7], [0, 5, 7], [0, 0, 0]];
        for (int id = 0; id < rows.Length; id++) rows[id].CopyTo(table.Slice(id * 16));
        float[] tokens = [2, 1, 3, 1];
        // Feature 0: 1 at steps 0 and 1; feature 1: 5 at steps 1, 2 and 3; feature 2: 7 at steps 0 and 2.
        var output = new float[3];
        network.Predict(tokens, output);
        Assert.Equal([1f, 5f, 7f], output);

        network.ZeroGradients();
        network.Forward(tokens, output, 1);
        Assert.Equal([1f, 5f, 7f], output);
        network.Backward([10f, 20f, 30f], Span<float>.Empty, 1);
        Span<float> gradient = network.Embedding0WeightGradient;
        Assert.Equal([0f, 20f, 0f], gradient.Slice(1 * 16, 3).ToArray());  // token 1 at step 1: feature 1
        Assert.Equal([10f, 0f, 30f], gradient.Slice(2 * 16, 3).ToArray()); // token 2 at step 0: features 0 and 2
        Assert.Equal([0f, 0f, 0f], gradient.Slice(3 * 16, 3).ToArray());   // token 3 only ever ties later
    }

    [Fact]
    public void ImageMaximumAndMeanOverTheLength()
    {
        // [channels 2, length 5] in PyTorch order; channel 1 is negative everywhere and all tied.
        float[] input = [1, 3, 3, 2, 1, -1, -1, -1, -1, -1];
        var max = new ImageGlobalMaxPool();
        var pooled = new float[2];
        max.Predict(input, pooled);
        Assert.Equal([3f, -1f], pooled);
        var inputGradient = new float[10];
        max.Forward(input, pooled, 1);
        max.Backward([10f, 20f], inputGradient, 1);
        Assert.Equal([0f, 10f, 0f, 0f, 0f, 20f, 0f, 0f, 0f, 0f], inputGradient);

        var mean = new ImageGlobalAveragePool();
        mean.Predict(input, pooled);
        Assert.Equal([2f, -1f], pooled);
        mean.Forward(input, pooled, 1);
        mean.Backward([10f, 20f], inputGradient, 1);
        Assert.Equal([2f, 2f, 2f, 2f, 2f, 4f, 4f, 4f, 4f, 4f], inputGradient);
    }

    [Fact]
    public void PassesAllocateNothing()
    {
        var tokens = new EmbeddingLstmMaxPool();
        tokens.InitializeParameters(1);
        const int batch = 9;
        float[] ids = RecurrentCases.Input("EmbeddingLstmMaxPool", tokens, batch, seed: 1), output = new float[batch * EmbeddingLstmMaxPool.OutputSize];
        float[] gradient = NetworkCases.Uniform(output.Length, seed: 2);
        var lengths = new LstmVariableMaxPool();
        lengths.InitializeParameters(1);
        float[] input = NetworkCases.Uniform(batch * LstmVariableMaxPool.InputSize, seed: 3), lengthOutput = new float[batch * LstmVariableMaxPool.OutputSize];
        float[] lengthGradient = NetworkCases.Uniform(lengthOutput.Length, seed: 4), inputGradient = new float[input.Length];
        int[] steps = [1, 5, 3, 2, 4, 5, 1, 2, 3];

        void Passes()
        {
            tokens.Predict(ids, output, batch);
            tokens.Forward(ids, output, batch);
            tokens.Backward(gradient, Span<float>.Empty, batch);
            lengths.Predict(input, lengthOutput, batch, steps);
            lengths.Forward(input, lengthOutput, batch, steps);
            lengths.Backward(lengthGradient, inputGradient, batch);
        }

        for (int i = 0; i < 30; i++) Passes(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Passes();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
