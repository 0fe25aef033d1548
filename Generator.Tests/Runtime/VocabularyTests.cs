namespace NetGen.Tests;

public class VocabularyTests
{
    private static Vocabulary Build(string[] texts, int minFrequency = 1, int? maxSize = null)
    {
        var builder = new VocabularyBuilder();
        foreach (string text in texts) builder.AddText(Tokenizer.Words(), text);
        return builder.Build(minFrequency, maxSize);
    }

    [Fact]
    public void Ids_AreReservedFirstThenByFrequencyThenOrdinal()
    {
        Vocabulary vocabulary = Build(["b a c a", "c b a d"]);
        // a: 3; b, c: 2 (ordinal order); d: 1.
        Assert.Equal(["<pad>", "<unk>", "a", "b", "c", "d"], vocabulary.Tokens);
        Assert.Equal(Vocabulary.PaddingId, vocabulary.IdOf("<pad>"));
        Assert.Equal(Vocabulary.UnknownId, vocabulary.IdOf("<unk>"));
        Assert.Equal(3, vocabulary.IdOf("b"));
    }

    [Fact]
    public void Ids_DoNotDependOnTheOrderOfTheTexts()
    {
        string[] texts = ["the cat sat", "on the mat", "a dog", "the end, the dog"];
        Assert.Equal(Build(texts).Tokens, Build([.. texts.Reverse()]).Tokens);
    }

    [Fact]
    public void MinFrequency_DropsRareTokensAndMaxSizeCapsTheCount()
    {
        string[] texts = ["a a a b b c", "a b d"];
        Assert.Equal(["<pad>", "<unk>", "a", "b"], Build(texts, minFrequency: 2).Tokens);
        Vocabulary capped = Build(texts, maxSize: 3);
        Assert.Equal(3, capped.Count);
        Assert.Equal(["<pad>", "<unk>", "a"], capped.Tokens);
    }

    [Fact]
    public void UnknownTokens_GiveTheUnknownId()
    {
        Vocabulary vocabulary = Build(["known words"]);
        Assert.Equal(Vocabulary.UnknownId, vocabulary.IdOf("stranger"));
        Assert.Equal(Vocabulary.UnknownId, vocabulary.IdOf("stranger".AsSpan()));
        Assert.Equal(2, vocabulary.IdOf("known".AsSpan()));
        Assert.True(vocabulary.Contains("words"));
        Assert.False(vocabulary.Contains("<unk>"));
    }

    [Fact]
    public void EmptyCorpus_GivesOnlyTheReservedIds()
    {
        Vocabulary vocabulary = Build([]);
        Assert.Equal(2, vocabulary.Count);
        Assert.Equal(Vocabulary.UnknownId, vocabulary.IdOf("anything"));
        Assert.Equal(2, Build(["", "  "]).Count);
    }

    [Fact]
    public void ReservedStrings_AreNotCountedAsTokens()
    {
        var builder = new VocabularyBuilder();
        builder.AddRange(["<pad>", "<unk>", "x"]);
        Assert.Equal(["<pad>", "<unk>", "x"], builder.Build().Tokens);
        Assert.Equal(1, builder.TotalCount);
    }

    [Fact]
    public void Decode_MapsIdsBackAndSkipsPadding()
    {
        Vocabulary vocabulary = Build(["hello world"]);
        Assert.Equal("hello", vocabulary.Decode(2));
        Assert.Equal("hello <unk> world", vocabulary.Decode([2, 1, 3, 0, 0]));
        Assert.Equal("hello world <pad>", vocabulary.Decode([2, 3, 0], keepPadding: true));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Decode(4));
        Assert.Contains("[0, 4)", e.Message);
    }

    [Fact]
    public void SaveAndLoad_RoundTripsEveryToken()
    {
        var builder = new VocabularyBuilder();
        foreach (string text in new[] { "Ab\"c\n😀 é\t\\", "zz" }) builder.AddText(Tokenizer.Characters(), text);
        Vocabulary vocabulary = builder.Build();
        var stream = new MemoryStream();
        vocabulary.Save(stream);
        stream.Position = 0;
        Vocabulary loaded = Vocabulary.Load(stream);
        Assert.Equal(vocabulary.Tokens, loaded.Tokens);
        Assert.Equal(vocabulary.IdOf("\n"), loaded.IdOf("\n"));
    }

    [Theory]
    [InlineData("{\"tokens\": [\"<unk>\", \"<pad>\", \"a\"]}", "starting with")]
    [InlineData("{\"tokens\": [\"<pad>\", \"<unk>\", \"a\", \"a\"]}", "already has id 2")]
    [InlineData("{\"tokens\": [\"<pad>\", \"<unk>\", \"\"]}", "null or empty")]
    [InlineData("{}", "no token list")]
    [InlineData("[1, 2", "Not a vocabulary file")]
    public void Load_RejectsInvalidFiles(string json, string message)
    {
        var e = Assert.Throws<InvalidDataException>(() => Vocabulary.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Builder_CountsSeenTokensWithoutAllocating()
    {
        var builder = new VocabularyBuilder();
        Tokenizer tokenizer = Tokenizer.Words();
        builder.AddText(tokenizer, "The cat, the hat.");
        long before = GC.GetAllocatedBytesForCurrentThread();
        builder.AddText(tokenizer, "THE HAT, the cat.");
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(4, builder.CountOf("the"));
        Assert.Equal(12, builder.TotalCount); // six tokens each, punctuation included
    }
}
