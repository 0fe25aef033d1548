using System.Numerics.Tensors;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Generative;

/// <summary>A whole VAE training step through two chained networks allocates nothing after warm-up.</summary>
public class VaeStepAllocationTests
{
    [Fact]
    public void VaeTrainingStepAllocatesNothing()
    {
        const int Batch = 16, Latent = 3;
        var encoder = new VaeEncoder();
        var decoder = new VaeDecoder();
        encoder.InitializeParameters(1);
        decoder.InitializeParameters(2);
        var sampler = new Reparameterization(Latent, seed: 3);
        var encoderOptimizer = new Adam(1e-3f);
        var decoderOptimizer = new Adam(1e-3f);
        float[] images = new float[Batch * VaeEncoder.InputSize];
        var random = new RandomSource(4);
        for (int i = 0; i < images.Length; i++) images[i] = random.NextSingle();
        float[] distribution = new float[Batch * VaeEncoder.OutputSize], distributionGradient = new float[distribution.Length];
        float[] z = new float[Batch * Latent], zGradient = new float[z.Length];
        float[] logits = new float[Batch * VaeDecoder.OutputSize], logitsGradient = new float[logits.Length];

        float Step()
        {
            encoder.ZeroGradients();
            decoder.ZeroGradients();
            encoder.Forward(images, distribution, Batch);
            sampler.Forward(distribution, z, Batch);
            decoder.Forward(z, logits, Batch);
            // Reconstruction summed over pixels (the loss is a mean over them) plus KL, both per image.
            float reconstruction = decoder.ComputeLoss(logits, images, logitsGradient, Batch) * VaeDecoder.OutputSize;
            TensorPrimitives.Multiply(logitsGradient, VaeDecoder.OutputSize, logitsGradient);
            float kl = GaussianKlDivergence.Evaluate(distribution, distributionGradient, Batch, Latent);
            decoder.Backward(logitsGradient, zGradient, Batch);
            sampler.Backward(zGradient, distributionGradient, Batch);
            encoder.Backward(distributionGradient, Span<float>.Empty, Batch);
            decoderOptimizer.Step(decoder.Parameters, decoder.Gradients);
            encoderOptimizer.Step(encoder.Parameters, encoder.Gradients);
            return reconstruction + kl;
        }

        float first = Step();
        for (int i = 0; i < 100; i++) Step(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        float last = 0;
        for (int i = 0; i < 50; i++) last = Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(last < first, $"the negative ELBO should fall over 150 steps: {first} at the first, {last} at the last");
    }
}
