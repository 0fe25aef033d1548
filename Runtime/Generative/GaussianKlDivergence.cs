namespace NetGen;

/// <summary>
/// KL(N(μ, σ²) ‖ N(0, 1)) of a diagonal Gaussian against the standard normal, the regularizer of a
/// variational autoencoder: per sample −½ Σ_j (1 + logσ²_j − μ_j² − σ²_j), summed over the latent
/// dimensions and averaged over the batch, so the value is in nats per sample and adds directly to a
/// reconstruction loss summed over pixels and averaged over the batch (the negative ELBO).
/// Gradient per element, divided by the batch: ∂/∂μ = μ, ∂/∂logσ² = ½(σ² − 1).
/// </summary>
public static class GaussianKlDivergence
{
    /// <summary>
    /// The divergence of the Gaussians in <paramref name="meanAndLogVariance"/> ([batch, 2·latent], each
    /// row μ then logσ², see <see cref="Reparameterization"/>); overwrites (=) <paramref name="gradient"/>
    /// (same layout) with ∂KL/∂(μ, logσ²) unless it is empty.
    /// </summary>
    /// <exception cref="ArgumentException">A span length is not batch × 2·latent (gradient may be empty); nothing is written.</exception>
    public static float Evaluate(ReadOnlySpan<float> meanAndLogVariance, Span<float> gradient, int batch, int latentSize)
    {
        int width = GaussianLatent.Validate(meanAndLogVariance.Length, gradient.Length, batch, latentSize,
            nameof(meanAndLogVariance), nameof(gradient));
        float inverseBatch = 1.0f / batch;
        bool wantGradient = !gradient.IsEmpty;

        double sum = 0.0; // double: many small terms
        for (int b = 0; b < batch; b++)
        {
            int row = b * width;
            for (int j = 0; j < latentSize; j++)
            {
                float mean = meanAndLogVariance[row + j];
                float logVariance = meanAndLogVariance[row + latentSize + j];
                float variance = MathF.Exp(logVariance);
                sum += -0.5 * (1.0 + logVariance - (double)mean * mean - variance);
                if (wantGradient)
                {
                    gradient[row + j] = mean * inverseBatch;
                    gradient[row + latentSize + j] = 0.5f * (variance - 1.0f) * inverseBatch;
                }
            }
        }
        return (float)(sum / batch);
    }
}
