using System.Numerics.Tensors;
using NetGen.Tests.Networks;
using Xunit;

namespace NetGen.Tests.Generative;

/// <summary>Whole training steps of two networks chained by hand (a VAE, a GAN) allocate nothing after warm-up.</summary>
public class GenerativeStepAllocationTests
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

    [Fact]
    public void GanTrainingRoundAllocatesNothing()
    {
        const int Batch = 16;
        var generator = new GanGenerator();
        var discriminator = new GanDiscriminator();
        generator.InitializeParameters(1);
        discriminator.InitializeParameters(2);
        var generatorOptimizer = new Adam(2e-4f, beta1: 0.5f);
        var discriminatorOptimizer = new Adam(2e-4f, beta1: 0.5f);
        var random = new RandomSource(3);
        float[] real = new float[Batch * GanDiscriminator.InputSize];
        for (int i = 0; i < real.Length; i++) real[i] = random.NextSingle(-1f, 1f);
        float[] noise = new float[Batch * GanGenerator.InputSize];
        float[] fake = new float[real.Length], fakeGradient = new float[real.Length];
        float[] logits = new float[Batch], logitsGradient = new float[Batch], ones = new float[Batch], zeros = new float[Batch];
        Array.Fill(ones, 1f);

        void Round()
        {
            for (int i = 0; i < noise.Length; i++) noise[i] = random.NextGaussian();
            generator.ZeroGradients();
            generator.Forward(noise, fake, Batch);
            discriminator.ZeroGradients();
            discriminator.Forward(real, logits, Batch);
            discriminator.ComputeLoss(logits, ones, logitsGradient, Batch);
            discriminator.Backward(logitsGradient, Span<float>.Empty, Batch);
            discriminator.Forward(fake, logits, Batch);
            discriminator.ComputeLoss(logits, zeros, logitsGradient, Batch);
            discriminator.Backward(logitsGradient, Span<float>.Empty, Batch);
            discriminatorOptimizer.Step(discriminator.Parameters, discriminator.Gradients);
            discriminator.ZeroGradients();
            discriminator.Forward(fake, logits, Batch);
            discriminator.ComputeLoss(logits, ones, logitsGradient, Batch);
            discriminator.Backward(logitsGradient, fakeGradient, Batch);
            generator.Backward(fakeGradient, Span<float>.Empty, Batch);
            generatorOptimizer.Step(generator.Parameters, generator.Gradients);
        }

        for (int i = 0; i < 100; i++) Round(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Round();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
