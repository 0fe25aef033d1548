namespace NetGen.Tests.Training;

[Network(BagOfWordsSpamFilter.VocabularySize, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(2)]
public partial class BagOfWordsSpamFilter
{
    public const int VocabularySize = 500;
}

/// <summary>
/// End to end on real text: 800 SpamAssassin e-mails, tokenized, a vocabulary built on the training part
/// only, bag-of-words vectors, a generated logistic regression trained with Adam.
/// </summary>
public class TextClassificationTrainingTests
{
    private static readonly Lazy<TextDataset> Messages = new(() =>
        TextDataset.ReadTsv(Path.Combine(AppContext.BaseDirectory, "Data", "spam-assassin.tsv.gz"), 0, 3, 4));

    private static (float Accuracy, float Majority, float[] Parameters) Train(int seed)
    {
        // A fixed subset: 800 messages of a seeded shuffle, 600 to train and 200 to test.
        (_, TextDataset subset) = Messages.Value.Split(800.0 / Messages.Value.Count, seed: 11);
        (TextDataset train, TextDataset test) = subset.Split(0.25, seed: 12);
        Tokenizer tokenizer = Tokenizer.Words();
        var builder = new VocabularyBuilder();
        foreach (string text in train.Texts) builder.AddText(tokenizer, text);
        var bagOfWords = new BagOfWords(tokenizer, builder.Build(minFrequency: 2, maxSize: BagOfWordsSpamFilter.VocabularySize));
        Assert.Equal(BagOfWordsSpamFilter.VocabularySize, bagOfWords.Size);

        var network = new BagOfWordsSpamFilter();
        network.InitializeParameters(seed);
        var trainer = new Trainer(network, new Adam(3e-3f), new TrainerOptions { Epochs = 8, BatchSize = 32, Seed = seed, Log = null });
        trainer.Fit(Encode(train, bagOfWords));
        int[] counts = test.ClassCounts();
        float majority = (float)counts.Max() / test.Count;
        return (Trainer.Evaluate(network, Encode(test, bagOfWords), 64).Accuracy, majority, network.Parameters.ToArray());
    }

    private static Dataset Encode(TextDataset texts, BagOfWords bagOfWords)
    {
        var features = new float[texts.Count * bagOfWords.Size];
        bagOfWords.EncodeAll(texts.Texts, features);
        return Dataset.FromLabels(features, bagOfWords.Size, texts.Labels, 2);
    }

    [Fact]
    public void BagOfWords_BeatsTheMajorityClassByFarOnHeldOutMail()
    {
        (float accuracy, float majority, _) = Train(seed: 1);
        Assert.True(majority < 0.8f, $"majority rate {majority:P2}");
        // Measured: 97.00% against a majority rate of 75.00% (150 ham of 200).
        Assert.True(accuracy >= 0.9f && accuracy >= majority + 0.15f, $"test accuracy {accuracy:P2}, majority class {majority:P2}");
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeights()
    {
        Assert.Equal(Train(seed: 2).Parameters, Train(seed: 2).Parameters);
    }
}
