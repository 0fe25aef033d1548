namespace NetGen;

/// <summary>
/// Inverted dropout: in training, zeroes each input with probability <see cref="Rate"/> and scales
/// the rest by 1/(1-rate); at inference, the identity.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : LayerAttribute
{
    public DropoutAttribute(float rate) => Rate = rate;

    /// <summary>Probability of dropping an element, in [0, 1).</summary>
    public float Rate { get; }
}
