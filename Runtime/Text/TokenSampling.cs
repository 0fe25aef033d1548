using System.Buffers;

namespace NetGen;

/// <summary>
/// Picks the next token from a network's output logits for text generation: a draw from
/// softmax(logits / temperature), optionally among the <c>topK</c> largest logits only.
/// </summary>
/// <remarks>
/// Temperature 1 samples the model's own distribution; below 1 sharpens it, above 1 flattens it;
/// temperature 0 is greedy decoding (the argmax, first on ties, drawing no random number). The sum is
/// taken in double after subtracting the largest logit, so any finite logits work. Top-k keeps exactly
/// k candidates: among logits equal to the k-th largest, those with the lowest indices. Sampling without
/// top-k allocates nothing; top-k rents its scratch from <see cref="ArrayPool{T}.Shared"/>.
/// </remarks>
public static class TokenSampling
{
    /// <summary>A token index drawn from softmax(<paramref name="logits"/> / <paramref name="temperature"/>) with <paramref name="random"/>.</summary>
    /// <param name="logits">One score per token; finite.</param>
    /// <param name="temperature">≥ 0; 0 is the argmax.</param>
    /// <param name="random">The seeded source of the draw (one <see cref="RandomSource.NextSingle()"/> per call unless greedy).</param>
    /// <param name="topK">0 for all tokens, else the number of largest logits to sample among (1 is the argmax).</param>
    /// <exception cref="ArgumentException">Empty or non-finite logits, a negative or non-finite temperature, or topK outside [0, logits].</exception>
    public static int Sample(ReadOnlySpan<float> logits, float temperature, RandomSource random, int topK = 0)
    {
        ArgumentNullException.ThrowIfNull(random);
        Validate(logits, temperature, topK);
        if (temperature == 0 || topK == 1) return Trainer.ArgMax(logits);

        (float threshold, int tiesAllowed) = TopKThreshold(logits, topK);
        float max = logits[Trainer.ArgMax(logits)];
        double sum = 0;
        int ties = tiesAllowed;
        for (int i = 0; i < logits.Length; i++)
        {
            if (Candidate(logits[i], threshold, ref ties)) sum += Math.Exp((logits[i] - max) / temperature);
        }
        double target = random.NextSingle() * sum;
        double cumulative = 0;
        int last = 0;
        ties = tiesAllowed;
        for (int i = 0; i < logits.Length; i++)
        {
            if (!Candidate(logits[i], threshold, ref ties)) continue;
            double weight = Math.Exp((logits[i] - max) / temperature);
            if (weight == 0) continue;
            cumulative += weight;
            last = i;
            if (target < cumulative) return i;
        }
        // Rounding left the target at the very top of the sum: the last token with weight takes it.
        return last;
    }

    /// <summary>
    /// Writes the distribution <see cref="Sample"/> draws from into <paramref name="probabilities"/>
    /// (as long as <paramref name="logits"/>): softmax(logits / temperature) over the top-k candidates,
    /// 0 elsewhere; temperature 0 puts 1 on the argmax.
    /// </summary>
    /// <exception cref="ArgumentException">As for <see cref="Sample"/>, or <paramref name="probabilities"/> has another length.</exception>
    public static void Probabilities(ReadOnlySpan<float> logits, float temperature, Span<float> probabilities, int topK = 0)
    {
        Validate(logits, temperature, topK);
        if (probabilities.Length != logits.Length)
        {
            throw new ArgumentException(
                $"Expected probabilities of length {logits.Length} (one per logit), but its length is {probabilities.Length}.", nameof(probabilities));
        }
        probabilities.Clear();
        if (temperature == 0 || topK == 1)
        {
            probabilities[Trainer.ArgMax(logits)] = 1;
            return;
        }
        (float threshold, int tiesAllowed) = TopKThreshold(logits, topK);
        float max = logits[Trainer.ArgMax(logits)];
        double sum = 0;
        int ties = tiesAllowed;
        for (int i = 0; i < logits.Length; i++)
        {
            if (Candidate(logits[i], threshold, ref ties)) sum += Math.Exp((logits[i] - max) / temperature);
        }
        ties = tiesAllowed;
        for (int i = 0; i < logits.Length; i++)
        {
            if (Candidate(logits[i], threshold, ref ties)) probabilities[i] = (float)(Math.Exp((logits[i] - max) / temperature) / sum);
        }
    }

    /// <summary>
    /// Whether a logit is among the candidates: above the threshold, or equal to it while ties remain
    /// (consumed in index order).
    /// </summary>
    private static bool Candidate(float logit, float threshold, ref int ties)
    {
        if (logit > threshold) return true;
        if (logit == threshold && ties > 0)
        {
            ties--;
            return true;
        }
        return false;
    }

    /// <summary>
    /// The k-th largest logit and how many logits equal to it are kept, so that exactly k are candidates;
    /// without top-k, a threshold every logit passes.
    /// </summary>
    private static (float Threshold, int TiesAllowed) TopKThreshold(ReadOnlySpan<float> logits, int topK)
    {
        if (topK == 0 || topK >= logits.Length) return (float.NegativeInfinity, int.MaxValue);
        float[] rented = ArrayPool<float>.Shared.Rent(logits.Length);
        try
        {
            Span<float> sorted = rented.AsSpan(0, logits.Length);
            logits.CopyTo(sorted);
            sorted.Sort();
            float threshold = sorted[logits.Length - topK];
            int above = 0;
            foreach (float logit in logits)
            {
                if (logit > threshold) above++;
            }
            return (threshold, topK - above);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    private static void Validate(ReadOnlySpan<float> logits, float temperature, int topK)
    {
        if (logits.IsEmpty) throw new ArgumentException("Expected at least one logit, but the span is empty.", nameof(logits));
        if (!(temperature >= 0) || float.IsPositiveInfinity(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be finite and ≥ 0 (0 is the argmax).");
        }
        if ((uint)topK > (uint)logits.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(topK), topK, $"topK must be in [0, {logits.Length}] (0 keeps every token).");
        }
        for (int i = 0; i < logits.Length; i++)
        {
            if (!float.IsFinite(logits[i]))
            {
                throw new ArgumentException($"Expected finite logits, but logit {i} is {logits[i]}.", nameof(logits));
            }
        }
    }
}
