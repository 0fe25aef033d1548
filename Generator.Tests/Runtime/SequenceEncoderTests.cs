namespace NetGen.Tests;

public class SequenceEncoderTests
{
    // Ids: <pad> 0, <unk> 1, a 2, b 3, c 4, d 5, e 6.
    private static readonly Vocabulary Letters = new(["a", "b", "c", "d", "e"]);

    private static int[] Encode(string text, int length, SequenceSide padding, SequenceSide truncation)
    {
        var ids = new int[length];
        new SequenceEncoder(Tokenizer.Words(), Letters, length, padding, truncation).Encode(text, ids);
        return ids;
    }

    [Theory]
    [InlineData(SequenceSide.Post, new[] { 2, 3, 1, 0, 0 })]
    [InlineData(SequenceSide.Pre, new[] { 0, 0, 2, 3, 1 })]
    public void ShortTexts_ArePaddedOnTheChosenSide(SequenceSide padding, int[] expected)
    {
        Assert.Equal(expected, Encode("a B zzz", 5, padding, SequenceSide.Post));
    }

    [Theory]
    [InlineData(SequenceSide.Post, new[] { 2, 3, 4 })]
    [InlineData(SequenceSide.Pre, new[] { 4, 5, 6 })]
    public void LongTexts_AreTruncatedOnTheChosenSide(SequenceSide truncation, int[] expected)
    {
        Assert.Equal(expected, Encode("a b c d e", 3, SequenceSide.Post, truncation));
        Assert.Equal(expected, Encode("a b c d e", 3, SequenceSide.Pre, truncation));
    }

    [Fact]
    public void EmptyText_IsAllPadding()
    {
        Assert.Equal([0, 0, 0], Encode("", 3, SequenceSide.Pre, SequenceSide.Pre));
    }

    [Fact]
    public void Encoding_ReportsTokensKeptAndUnknowns()
    {
        var encoder = new SequenceEncoder(Tokenizer.Words(), Letters, 4, truncation: SequenceSide.Pre);
        SequenceEncoding encoding = encoder.Encode("x a y b c z", new int[4]);
        // Pre-truncation keeps the last four tokens, "y b c z", of which y and z are unknown.
        Assert.Equal(new SequenceEncoding(TokenCount: 6, Length: 4, UnknownCount: 2), encoding);
        Assert.True(encoding.Truncated);
    }

    [Fact]
    public void FloatIds_EqualIntIdsAndOverwriteOldContents()
    {
        var encoder = new SequenceEncoder(Tokenizer.Words(), Letters, 4, SequenceSide.Pre);
        float[] ids = [9, 9, 9, 9];
        encoder.Encode("c, a", ids);
        Assert.Equal([0f, 4f, 1f, 2f], ids); // "," is unknown
    }

    [Fact]
    public void EncodeAll_FillsOneRowPerTextAndSumsTheStatistics()
    {
        var encoder = new SequenceEncoder(Tokenizer.Words(), Letters, 2);
        var ids = new float[6];
        SequenceEncoding total = encoder.EncodeAll(["a", "b c d", "q"], ids);
        Assert.Equal([2f, 0f, 3f, 4f, 1f, 0f], ids);
        Assert.Equal(new SequenceEncoding(5, 4, 1), total);
    }

    [Fact]
    public void WrongSpanLengths_ThrowNamingExpectedAndActualAndWriteNothing()
    {
        var encoder = new SequenceEncoder(Tokenizer.Words(), Letters, 4);
        int[] ints = [7, 7, 7];
        var e = Assert.Throws<ArgumentException>(() => encoder.Encode("a", ints));
        Assert.Contains("length 4", e.Message);
        Assert.Contains("is 3", e.Message);
        Assert.Equal([7, 7, 7], ints);
        e = Assert.Throws<ArgumentException>(() => encoder.Encode("a", new float[5]));
        Assert.Contains("is 5", e.Message);
        float[] rows = new float[7];
        e = Assert.Throws<ArgumentException>(() => encoder.EncodeAll(["a", "b"], rows));
        Assert.Contains("length 8 (2 texts x sequence length 4)", e.Message);
        Assert.All(rows, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Encode_AllocatesNothingOnceWarm()
    {
        var encoder = new SequenceEncoder(Tokenizer.Words(), Letters, 8);
        var ids = new float[8];
        const string text = "A b, c d; an UNKNOWN word and e.";
        encoder.Encode(text, ids);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) encoder.Encode(text, ids);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static (float[] Windows, int Count, SequenceEncoding Encoding) EncodeWindows(
        string text, int length, int capacity, SequenceSide padding = SequenceSide.Pre, SequenceSide truncation = SequenceSide.Post)
    {
        float[] windows = [.. Enumerable.Repeat(9f, capacity * length)];
        int count = new SequenceEncoder(Tokenizer.Words(), Letters, length, padding, truncation).EncodeWindows(text, windows, out SequenceEncoding encoding);
        return (windows, count, encoding);
    }

    [Theory]
    [InlineData(SequenceSide.Pre, new[] { 0f, 2f, 1f, 9f, 9f, 9f })]
    [InlineData(SequenceSide.Post, new[] { 2f, 1f, 0f, 9f, 9f, 9f })]
    public void EncodeWindows_TextOfOneSequence_IsOneRowPaddedLikeEncode(SequenceSide padding, float[] expected)
    {
        (float[] windows, int count, SequenceEncoding encoding) = EncodeWindows("a zzz", 3, 2, padding);
        Assert.Equal(1, count);
        Assert.Equal(expected, windows); // the second row is not written
        Assert.Equal(new SequenceEncoding(2, 2, 1), encoding);
    }

    [Fact]
    public void EncodeWindows_LongText_GivesConsecutiveRowsAndTheLastEndsAtTheLastToken()
    {
        // Eight tokens in rows of three: "a b c", "d e x", then "x a b" overlapping the second row rather than padded.
        (float[] windows, int count, SequenceEncoding encoding) = EncodeWindows("a b c d e x a b", 3, 4);
        Assert.Equal(3, count);
        Assert.Equal([2f, 3f, 4f, 5f, 6f, 1f, 1f, 2f, 3f, 9f, 9f, 9f], windows);
        Assert.Equal(new SequenceEncoding(TokenCount: 8, Length: 8, UnknownCount: 1), encoding);
        Assert.False(encoding.Truncated);
    }

    [Fact]
    public void EncodeWindows_MultipleOfTheLength_HasNoOverlap()
    {
        (float[] windows, int count, _) = EncodeWindows("a b c d", 2, 3);
        Assert.Equal(2, count);
        Assert.Equal([2f, 3f, 4f, 5f, 9f, 9f], windows);
    }

    [Theory]
    [InlineData(SequenceSide.Post, new[] { 2f, 3f, 4f, 5f })]
    [InlineData(SequenceSide.Pre, new[] { 4f, 5f, 6f, 2f })]
    public void EncodeWindows_KeepsAtMostTheCapacityFromTheTruncationSide(SequenceSide truncation, float[] expected)
    {
        (float[] windows, int count, SequenceEncoding encoding) = EncodeWindows("a b c d e a", 2, 2, truncation: truncation);
        Assert.Equal(2, count);
        Assert.Equal(expected, windows);
        Assert.Equal(new SequenceEncoding(6, 4, 0), encoding);
        Assert.True(encoding.Truncated);
    }

    [Fact]
    public void EncodeWindows_EmptyText_IsOneRowOfPadding()
    {
        (float[] windows, int count, SequenceEncoding encoding) = EncodeWindows("", 2, 2);
        Assert.Equal(1, count);
        Assert.Equal([0f, 0f, 9f, 9f], windows);
        Assert.Equal(new SequenceEncoding(0, 0, 0), encoding);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void EncodeWindows_LengthNotAMultiple_ThrowsNamingExpectedAndActualAndWritesNothing(int length)
    {
        var encoder = new SequenceEncoder(Tokenizer.Words(), Letters, 4);
        float[] windows = [.. Enumerable.Repeat(7f, length)];
        var e = Assert.Throws<ArgumentException>(() => encoder.EncodeWindows("a b", windows, out _));
        Assert.Contains("positive multiple of 4", e.Message);
        Assert.Contains($"is {length}", e.Message);
        Assert.All(windows, v => Assert.Equal(7f, v));
    }

    [Fact]
    public void EncodeWindows_AllocatesNothingOnceWarm()
    {
        var encoder = new SequenceEncoder(Tokenizer.Words(), Letters, 3);
        var windows = new float[12];
        const string text = "A b, c d; an UNKNOWN word and e.";
        encoder.EncodeWindows(text, windows, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) encoder.EncodeWindows(text, windows, out _);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void BagOfWords_AllocatesNothingOnceWarm()
    {
        var bagOfWords = new BagOfWords(Tokenizer.Words(), Letters, BagOfWordsWeighting.LogCount);
        var features = new float[Letters.Count];
        const string text = "A b, c d; an UNKNOWN word and e.";
        bagOfWords.Encode(text, features);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) bagOfWords.Encode(text, features);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void BagOfWords_MarksOccurringTokensAndCountsUnknowns()
    {
        var features = new float[Letters.Count];
        Assert.Equal(5, new BagOfWords(Tokenizer.Words(), Letters).Encode("a a b x y", features));
        Assert.Equal([0f, 1f, 1f, 1f, 0f, 0f, 0f], features);
        new BagOfWords(Tokenizer.Words(), Letters, BagOfWordsWeighting.Count).Encode("a a b x y", features);
        Assert.Equal([0f, 2f, 2f, 1f, 0f, 0f, 0f], features);
        new BagOfWords(Tokenizer.Words(), Letters, BagOfWordsWeighting.LogCount).Encode("a a", features);
        Assert.Equal(MathF.Log(3), features[2]);
        var e = Assert.Throws<ArgumentException>(() => new BagOfWords(Tokenizer.Words(), Letters).Encode("a", new float[3]));
        Assert.Contains("length 7", e.Message);
        Assert.Contains("is 3", e.Message);
    }
}
