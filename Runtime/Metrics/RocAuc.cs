namespace NetGen;

/// <summary>
/// Area under the ROC curve of a score that should rank positives (e.g. anomalies) above negatives:
/// the probability that a random positive scores higher than a random negative, ties counting one half
/// (the Mann–Whitney U statistic divided by the number of pairs). 1 separates perfectly, 0.5 is chance.
/// </summary>
/// <remarks>An evaluation after training, not a training step: it sorts copies of the scores (allocates).</remarks>
public static class RocAuc
{
    /// <summary>The AUC of <paramref name="positiveScores"/> against <paramref name="negativeScores"/>.</summary>
    /// <exception cref="ArgumentException">A set is empty or a score is NaN.</exception>
    public static double Compute(ReadOnlySpan<float> positiveScores, ReadOnlySpan<float> negativeScores)
    {
        if (positiveScores.IsEmpty || negativeScores.IsEmpty)
        {
            throw new ArgumentException(
                $"Expected at least one score in each set, but there are {positiveScores.Length} positive and {negativeScores.Length} negative scores.");
        }
        float[] positives = positiveScores.ToArray(), negatives = negativeScores.ToArray();
        RequireNoNaN(positives, nameof(positiveScores));
        RequireNoNaN(negatives, nameof(negativeScores));
        Array.Sort(positives);
        Array.Sort(negatives);

        // Walk the sorted negatives once: for each positive, count negatives below it and equal to it.
        double pairs = 0.0;
        int below = 0;
        foreach (float p in positives)
        {
            while (below < negatives.Length && negatives[below] < p) below++;
            int equal = 0;
            while (below + equal < negatives.Length && negatives[below + equal] == p) equal++;
            pairs += below + 0.5 * equal;
        }
        return pairs / ((double)positives.Length * negatives.Length);
    }

    private static void RequireNoNaN(float[] scores, string name)
    {
        int index = Array.FindIndex(scores, float.IsNaN);
        if (index >= 0)
        {
            throw new ArgumentException($"Expected finite or infinite scores, but score {index} of {name} is NaN.", name);
        }
    }
}
