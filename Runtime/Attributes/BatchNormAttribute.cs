namespace NetGen;

/// <summary>
/// Batch normalization, PyTorch's <c>nn.BatchNorm1d</c>/<c>nn.BatchNorm2d</c>: each feature of a vector, or each
/// channel of an image over all its positions, is normalized with the batch's mean and (biased) variance in
/// training, with the running statistics at inference, then scaled and shifted: y = γ·x̂ + β.
/// </summary>
/// <remarks>
/// γ and β are trainable (<c>{Name}.weight</c>, <c>{Name}.bias</c> in weight files, initialized to 1 and 0).
/// Each training forward updates the running statistics, r ← (1 − momentum)·r + momentum·batch statistic, with the
/// unbiased batch variance for the running variance, as PyTorch does; they are not parameters (optimizers never see
/// them) but state, saved as <c>{Name}.running_mean</c> and <c>{Name}.running_var</c>.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class BatchNormAttribute : LayerAttribute
{
    /// <summary>Weight of the newest batch in the running statistics, in (0, 1]; PyTorch's default 0.1.</summary>
    public float Momentum { get; set; } = 0.1f;

    /// <summary>Added to the variance before its square root; positive, PyTorch's default 1e-5.</summary>
    public float Epsilon { get; set; } = 1e-5f;
}
