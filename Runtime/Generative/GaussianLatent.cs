namespace NetGen;

/// <summary>
/// The layout of a diagonal Gaussian produced by an encoder: one row of 2 × latent floats per sample,
/// the means μ first and the log-variances log σ² after them, [batch, 2·latent] =
/// [[μ_0 … μ_{L−1}, logσ²_0 … logσ²_{L−1}], …]. An encoder whose last Dense layer has 2·latent outputs
/// writes it directly, and its input gradient has the same layout, so nothing is split or copied.
/// </summary>
internal static class GaussianLatent
{
    /// <summary>
    /// Checks batch and latent size, and that <paramref name="distributionLength"/> and (unless zero)
    /// <paramref name="gradientLength"/> are batch × 2·latent. Returns the row width 2·latent.
    /// </summary>
    public static int Validate(int distributionLength, int gradientLength, int batch, int latentSize, string distributionName, string gradientName)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(latentSize);
        int width = checked(2 * latentSize);
        int count = LossShape.ValidateSizes(batch, width);
        LossShape.Require(distributionLength, count, batch, width, distributionName);
        if (gradientLength != 0)
        {
            LossShape.Require(gradientLength, count, batch, width, gradientName);
        }
        return width;
    }
}
