using System.ComponentModel;

namespace NetGen;

/// <summary>A slice of a network's flat parameter buffer: <see cref="Length"/> floats from <see cref="Offset"/>.</summary>
public readonly record struct ParameterRange(int Offset, int Length)
{
    // Generated SetFrozen calls it; hidden from IntelliSense.
    /// <summary>
    /// The trainable slices of a buffer whose layers own <paramref name="layers"/> (in buffer order), with the
    /// frozen ones left out and adjacent ones merged, so an optimizer makes as few passes as possible.
    /// </summary>
    /// <exception cref="ArgumentException">The two spans differ in length.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static ParameterRange[] Trainable(ReadOnlySpan<ParameterRange> layers, ReadOnlySpan<bool> frozen)
    {
        if (frozen.Length != layers.Length)
        {
            throw new ArgumentException($"Expected {layers.Length} frozen flags (one per layer range), got {frozen.Length}.", nameof(frozen));
        }
        var ranges = new List<ParameterRange>(layers.Length);
        for (int i = 0; i < layers.Length; i++)
        {
            if (frozen[i]) continue;
            ParameterRange range = layers[i];
            if (ranges.Count > 0 && ranges[^1].Offset + ranges[^1].Length == range.Offset)
            {
                ranges[^1] = new ParameterRange(ranges[^1].Offset, ranges[^1].Length + range.Length);
            }
            else
            {
                ranges.Add(range);
            }
        }
        return [.. ranges];
    }
}
