namespace NetGen;

/// <summary>
/// Layer normalization, PyTorch's <c>nn.LayerNorm(features)</c>: each sample's feature vector is normalized with its
/// own mean and (biased) variance, then scaled and shifted elementwise: y = γ ⊙ x̂ + β. The same in training and at
/// inference. Takes a vector; put <see cref="FlattenAttribute"/> before it after an image layer.
/// </summary>
/// <remarks>γ and β [features] are trainable (<c>{Name}.weight</c>, <c>{Name}.bias</c> in weight files, initialized to 1 and 0).</remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LayerNormAttribute : LayerAttribute
{
    /// <summary>Added to the variance before its square root; positive, PyTorch's default 1e-5.</summary>
    public float Epsilon { get; set; } = 1e-5f;
}
