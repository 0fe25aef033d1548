namespace NetGen.Tests.Networks;

/// <summary>Hot paths allocate nothing after warm-up: counted in bytes on this thread, not timed.</summary>
public class AllocationTests
{
    [Fact]
    public void PredictAllocatesNothing()
    {
        var network = new W1Mlp();
        network.InitializeParameters(1);
        float[] input = new float[W1Mlp.InputSize * 64], output = new float[W1Mlp.OutputSize * 64];
        // Warm up past tiered compilation, whose transitions are not what this test is about.
        for (int i = 0; i < 200; i++)
        {
            network.Predict(input.AsSpan(0, W1Mlp.InputSize), output.AsSpan(0, W1Mlp.OutputSize));
            network.Predict(input, output, 64);
            network.Predict(input.AsSpan(0, 17 * W1Mlp.InputSize), output.AsSpan(0, 17 * W1Mlp.OutputSize), 17);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            network.Predict(input.AsSpan(0, W1Mlp.InputSize), output.AsSpan(0, W1Mlp.OutputSize));
            network.Predict(input, output, 64);
            network.Predict(input.AsSpan(0, 17 * W1Mlp.InputSize), output.AsSpan(0, 17 * W1Mlp.OutputSize), 17); // smaller batches reuse the buffers
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void W1TrainingStepAllocatesNothing(int threads)
    {
        var network = new W1Mlp();
        using var runner = threads > 1 ? new ParallelRunner(threads) : null;
        network.Runner = runner;
        network.InitializeParameters(1);
        var optimizer = new Sgd(0.01f, momentum: 0.9f);
        const int batch = 64;
        float[] input = new float[W1Mlp.InputSize * batch], output = new float[W1Mlp.OutputSize * batch];
        float[] targets = new float[output.Length], gradient = new float[output.Length];
        for (int b = 0; b < batch; b++) targets[b * W1Mlp.OutputSize + b % W1Mlp.OutputSize] = 1;

        void Step()
        {
            network.ZeroGradients();
            network.Forward(input, output, batch);
            network.ComputeLoss(output, targets, gradient, batch);
            network.Backward(gradient, Span<float>.Empty, batch);
            optimizer.Step(network.Parameters, network.Gradients);
        }

        for (int i = 0; i < 40; i++) Step(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void NormalizationPassesAllocateNothing(int threads)
    {
        using var runner = threads > 1 ? new ParallelRunner(threads) { MinimumWork = 0 } : null;
        var convolutional = new BatchNormConvNet { Runner = runner };
        var layerNorm = new LayerNormNet { Runner = runner };
        convolutional.InitializeParameters(1);
        layerNorm.InitializeParameters(1);
        const int batch = 16;
        float[] convInput = new float[BatchNormConvNet.InputSize * batch], convOutput = new float[BatchNormConvNet.OutputSize * batch];
        float[] convInputGradient = new float[convInput.Length];
        float[] input = new float[LayerNormNet.InputSize * batch], output = new float[LayerNormNet.OutputSize * batch];
        float[] inputGradient = new float[input.Length];
        for (int i = 0; i < convInput.Length; i++) convInput[i] = i % 7 * 0.25f;
        for (int i = 0; i < input.Length; i++) input[i] = i % 5 * 0.5f;

        void Passes()
        {
            convolutional.Predict(convInput.AsSpan(0, BatchNormConvNet.InputSize), convOutput.AsSpan(0, BatchNormConvNet.OutputSize));
            convolutional.Predict(convInput, convOutput, batch);
            convolutional.ZeroGradients();
            convolutional.Forward(convInput, convOutput, batch);
            convolutional.Backward(convOutput, convInputGradient, batch);
            layerNorm.Predict(input, output, batch);
            layerNorm.ZeroGradients();
            layerNorm.Forward(input, output, batch);
            layerNorm.Backward(output, inputGradient, batch);
        }

        for (int i = 0; i < 100; i++) Passes(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 30; i++) Passes();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void TrainingStepAllocatesNothing()
    {
        var network = new DropoutNet();
        network.InitializeParameters(1);
        var optimizer = new Adam(1e-3f);
        const int batch = 32;
        float[] input = new float[DropoutNet.InputSize * batch], output = new float[DropoutNet.OutputSize * batch];
        float[] targets = new float[output.Length], gradient = new float[output.Length], inputGradient = new float[input.Length];
        for (int b = 0; b < batch; b++) targets[b * DropoutNet.OutputSize + b % DropoutNet.OutputSize] = 1;

        void Step()
        {
            network.ZeroGradients();
            network.Forward(input, output, batch);
            network.ComputeLoss(output, targets, gradient, batch);
            network.Backward(gradient, inputGradient, batch);
            optimizer.Step(network.Parameters, network.Gradients);
        }

        for (int i = 0; i < 100; i++) Step(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
