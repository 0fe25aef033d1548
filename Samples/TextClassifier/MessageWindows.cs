using NetGen;

namespace NetGen.Samples.TextClassifier;

/// <summary>
/// Messages as consecutive windows of word ids, so that a sequence model of a short input length reads a
/// whole message (<see cref="SequenceEncoder.EncodeWindows"/>): each window is a training sample labelled with
/// its message's label, and a message is classified by the mean of its windows' class scores.
/// </summary>
public sealed class MessageWindows
{
    private readonly int[] _offsets;

    private MessageWindows(Dataset windows, int[] offsets, int[] labels, int[] tokenCounts, SequenceEncoding total, int truncated)
    {
        Windows = windows;
        _offsets = offsets;
        Labels = labels;
        TokenCounts = tokenCounts;
        Total = total;
        TruncatedCount = truncated;
    }

    /// <summary>All windows, [windows, sequence length] as floats, message after message; each labelled with its message's label.</summary>
    public Dataset Windows { get; }

    /// <summary>Number of messages.</summary>
    public int Count => Labels.Length;

    /// <summary>The messages' labels.</summary>
    public int[] Labels { get; }

    /// <summary>Tokens of each message before truncation.</summary>
    public int[] TokenCounts { get; }

    /// <summary>Summed statistics: tokens, tokens kept in the windows (each once) and unknown ids among them.</summary>
    public SequenceEncoding Total { get; }

    /// <summary>Messages with more tokens than the windows hold.</summary>
    public int TruncatedCount { get; }

    /// <summary>Encodes every text into at most <paramref name="maxWindows"/> windows of the encoder's sequence length.</summary>
    public static MessageWindows Encode(TextDataset texts, SequenceEncoder encoder, int maxWindows)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWindows);
        int length = encoder.SequenceLength;
        var scratch = new float[maxWindows * length];
        var ids = new List<float>();
        var labels = new List<int>();
        var offsets = new int[texts.Count + 1];
        var tokenCounts = new int[texts.Count];
        int tokens = 0, kept = 0, unknown = 0, truncated = 0;
        for (int i = 0; i < texts.Count; i++)
        {
            int count = encoder.EncodeWindows(texts.Texts[i], scratch, out SequenceEncoding encoding);
            ids.AddRange(scratch.AsSpan(0, count * length));
            for (int w = 0; w < count; w++) labels.Add(texts.Labels[i]);
            offsets[i + 1] = offsets[i] + count;
            tokenCounts[i] = encoding.TokenCount;
            tokens += encoding.TokenCount;
            kept += encoding.Length;
            unknown += encoding.UnknownCount;
            if (encoding.Truncated) truncated++;
        }
        var windows = Dataset.FromLabels([.. ids], length, [.. labels], texts.ClassNames.Count);
        return new MessageWindows(windows, offsets, texts.Labels, tokenCounts, new SequenceEncoding(tokens, kept, unknown), truncated);
    }

    /// <summary>
    /// The class of each message: the argmax of the mean of its windows' outputs (logits), i.e. for softmax
    /// outputs the class whose mean log-probability over the windows is highest.
    /// </summary>
    public int[] Classify(INetwork network, int batchSize = 64)
    {
        int classes = network.OutputSize, inputSize = network.InputSize;
        var outputs = new float[Windows.Count * classes];
        for (int start = 0; start < Windows.Count; start += batchSize)
        {
            int batch = Math.Min(batchSize, Windows.Count - start);
            network.Predict(Windows.Features.AsSpan(start * inputSize, batch * inputSize), outputs.AsSpan(start * classes, batch * classes), batch);
        }
        var predicted = new int[Count];
        var sum = new float[classes];
        for (int m = 0; m < Count; m++)
        {
            Array.Clear(sum);
            for (int w = _offsets[m]; w < _offsets[m + 1]; w++)
            {
                for (int c = 0; c < classes; c++) sum[c] += outputs[w * classes + c];
            }
            // The sum has the argmax of the mean.
            predicted[m] = Classification.ArgMax(sum);
        }
        return predicted;
    }
}
