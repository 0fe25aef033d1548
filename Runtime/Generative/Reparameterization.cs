using System.Numerics.Tensors;

namespace NetGen;

/// <summary>
/// The reparameterization of a variational autoencoder: z = μ + exp(½·logσ²)·ε with ε ~ N(0, 1) drawn
/// from a seeded <see cref="RandomSource"/>, so the sample is a differentiable function of μ and logσ².
/// Forward keeps ε and σ·ε for <see cref="Backward"/>: ∂L/∂μ = ∂L/∂z and ∂L/∂logσ² = ∂L/∂z · ½·σ·ε.
/// </summary>
/// <remarks>
/// Shapes: the distribution is [batch, 2·latent], each row the means then the log-variances (what an
/// encoder with 2·latent outputs writes); z is [batch, latent]. The buffers grow to the largest batch
/// seen and are reused, so steps after the first allocate nothing.
/// </remarks>
public sealed class Reparameterization
{
    private readonly RandomSource _random;
    private float[] _noise = [];       // ε, [batch, latent]
    private float[] _scaledNoise = []; // σ·ε = z − μ, [batch, latent]
    private int _batch;                // rows of the last Forward; 0 before the first

    /// <summary>Creates the sampler for <paramref name="latentSize"/> dimensions, drawing ε from <paramref name="seed"/>.</summary>
    public Reparameterization(int latentSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentSize);
        LatentSize = latentSize;
        _random = new RandomSource(seed);
    }

    /// <summary>Dimensions of z.</summary>
    public int LatentSize { get; }

    /// <summary>ε of the last <see cref="Forward"/>, [batch, latent]; empty before the first.</summary>
    public ReadOnlySpan<float> Noise => _noise.AsSpan(0, _batch * LatentSize);

    /// <summary>Restarts the noise stream as if newly constructed with <paramref name="seed"/>.</summary>
    public void Reseed(int seed) => _random.Reseed(seed);

    /// <summary>
    /// Draws ε and writes (=) z = μ + exp(½·logσ²)·ε into <paramref name="z"/> [batch, latent] from
    /// <paramref name="meanAndLogVariance"/> [batch, 2·latent]; keeps ε and σ·ε for <see cref="Backward"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A span length does not fit the batch; nothing is drawn or written.</exception>
    public void Forward(ReadOnlySpan<float> meanAndLogVariance, Span<float> z, int batch)
    {
        int width = GaussianLatent.Validate(meanAndLogVariance.Length, 0, batch, LatentSize, nameof(meanAndLogVariance), "");
        int latent = LatentSize;
        LossShape.Require(z.Length, batch * latent, batch, latent, nameof(z));
        if (_noise.Length < batch * latent)
        {
            _noise = new float[batch * latent];
            _scaledNoise = new float[batch * latent];
        }
        _batch = batch;

        Span<float> noise = _noise.AsSpan(0, batch * latent);
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = _random.NextGaussian();
        }
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> mean = meanAndLogVariance.Slice(b * width, latent);
            ReadOnlySpan<float> logVariance = meanAndLogVariance.Slice(b * width + latent, latent);
            Span<float> scaled = _scaledNoise.AsSpan(b * latent, latent);
            TensorPrimitives.Multiply(logVariance, 0.5f, scaled);      // ½·logσ²
            TensorPrimitives.Exp(scaled, scaled);                      // σ
            TensorPrimitives.Multiply(scaled, noise.Slice(b * latent, latent), scaled); // σ·ε
            TensorPrimitives.Add(mean, scaled, z.Slice(b * latent, latent));
        }
    }

    /// <summary>
    /// Backward through the last <see cref="Forward"/>: adds (+=) ∂L/∂μ = ∂L/∂z and ∂L/∂logσ² = ∂L/∂z·½·σ·ε
    /// into <paramref name="meanAndLogVarianceGradient"/> [batch, 2·latent], so a KL gradient written there
    /// first (<see cref="GaussianKlDivergence"/>) is kept.
    /// </summary>
    /// <exception cref="ArgumentException">A span length does not fit the batch of the last Forward; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">No Forward came first.</exception>
    public void Backward(ReadOnlySpan<float> zGradient, Span<float> meanAndLogVarianceGradient, int batch)
    {
        if (_batch == 0)
        {
            throw new InvalidOperationException("Backward needs a Forward first: it uses the noise that Forward drew.");
        }
        if (batch != _batch)
        {
            throw new ArgumentException($"Expected batch {_batch} (that of the last Forward), but batch is {batch}.", nameof(batch));
        }
        int latent = LatentSize;
        LossShape.Require(zGradient.Length, batch * latent, batch, latent, nameof(zGradient));
        int width = GaussianLatent.Validate(meanAndLogVarianceGradient.Length, 0, batch, latent, nameof(meanAndLogVarianceGradient), "");
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> dz = zGradient.Slice(b * latent, latent);
            Span<float> dMean = meanAndLogVarianceGradient.Slice(b * width, latent);
            Span<float> dLogVariance = meanAndLogVarianceGradient.Slice(b * width + latent, latent);
            ReadOnlySpan<float> scaled = _scaledNoise.AsSpan(b * latent, latent);
            TensorPrimitives.Add(dMean, dz, dMean);
            for (int j = 0; j < latent; j++)
            {
                dLogVariance[j] += 0.5f * dz[j] * scaled[j];
            }
        }
    }
}
