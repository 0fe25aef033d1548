using System.Text;

namespace NetGen.Tests;

public class TextDatasetTests
{
    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    private static TextDataset Read(string tsv, int labelColumn, params int[] textColumns) =>
        TextDataset.ReadTsv(new MemoryStream(Encoding.UTF8.GetBytes(tsv)), labelColumn, textColumns);

    [Fact]
    public void ReadTsv_NumbersClassesInOrdinalOrderAndJoinsTextColumns()
    {
        TextDataset data = Read("spam\tx\tWin\tnow\nham\ty\tHi\tthere\n\nspam\tz\tFree\tstuff\n", 0, 2, 3);
        Assert.Equal(["ham", "spam"], data.ClassNames);
        Assert.Equal([1, 0, 1], data.Labels);
        Assert.Equal(["Win now", "Hi there", "Free stuff"], data.Texts);
        Assert.Equal([1, 2], data.ClassCounts());
    }

    [Fact]
    public void ReadTsv_ShortLineThrowsNamingLineAndColumns()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("a\tb\tc\nd\te\n", 0, 2));
        Assert.Contains("Line 2", e.Message);
        Assert.Contains("at least 3", e.Message);
        Assert.Contains("has 2", e.Message);
    }

    [Fact]
    public void Split_IsDisjointCompleteAndSeeded()
    {
        TextDataset data = new([.. Enumerable.Range(0, 50).Select(i => $"text {i}")], [.. Enumerable.Range(0, 50).Select(i => i % 2)], ["a", "b"]);
        (TextDataset train, TextDataset test) = data.Split(0.2, seed: 4);
        Assert.Equal((40, 10), (train.Count, test.Count));
        Assert.Equal(data.Texts.Order(), train.Texts.Concat(test.Texts).Order());
        Assert.Equal(test.Texts, data.Split(0.2, seed: 4).Test.Texts);
        Assert.NotEqual(test.Texts, data.Split(0.2, seed: 5).Test.Texts);
    }

    [Fact]
    public void SpamAssassin_Has6046MessagesOfWhich1896Spam()
    {
        TextDataset messages = TextDataset.ReadTsv(DataFile("spam-assassin.tsv.gz"), 0, 3, 4);
        Assert.Equal(6046, messages.Count);
        Assert.Equal(["ham", "spam"], messages.ClassNames);
        Assert.Equal([4150, 1896], messages.ClassCounts());
        Assert.DoesNotContain(messages.Texts, text => text.Contains('\t'));
    }

    [Fact]
    public void MobyDick_Has1190317CharactersFromLoomingsToTheEnd()
    {
        using var reader = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(DataFile("moby-dick.txt.gz")), System.IO.Compression.CompressionMode.Decompress));
        string text = reader.ReadToEnd();
        Assert.Equal(1_190_317, text.Length);
        Assert.StartsWith("CHAPTER 1. Loomings.", text);
        Assert.Contains("Call me Ishmael.", text);

        // The input of a character language model: 83 distinct characters plus padding and unknown.
        var builder = new VocabularyBuilder();
        builder.AddText(Tokenizer.Characters(), text);
        Vocabulary characters = builder.Build();
        Assert.Equal(85, characters.Count);
        Assert.Equal(" ", characters[2]); // the most frequent character
        Assert.Equal(text.Length, builder.TotalCount);
    }
}
