namespace NetGen;

/// <summary>What a <see cref="BagOfWords"/> vector holds for a token that occurs n times.</summary>
public enum BagOfWordsWeighting
{
    /// <summary>1 if the token occurs (n ≥ 1), else 0.</summary>
    Binary,

    /// <summary>n.</summary>
    Count,

    /// <summary>ln(1 + n): counts, with repetitions damped.</summary>
    LogCount,
}
