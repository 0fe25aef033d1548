// Spam or ham: the SpamAssassin public corpus (6,046 e-mails, subject and body) classified from its words.
// Load the embedded data, split with a fixed seed, tokenize, build the vocabulary on the training part
// only, encode, and train a bag-of-words logistic regression as a generated network: the baseline, which
// sees every word of a message. The sequence model (Embedding -> LSTM -> max over the steps -> Dropout -> Dense)
// reads 64 word ids at a time, so the messages are split into consecutive windows of 64 (up to 8: all of 99.8% of
// the messages): it is trained on windows labelled with their message's label and classifies a message by the
// mean of its windows' scores. It was chosen among the configurations listed in Samples/README.md by the
// accuracy on held-out training messages (printed as validation accuracy), never by the test set. Both test
// accuracies are printed, and which model wins; each model's learning curves and test confusion matrix are written
// as PNGs.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using NetGen;
using NetGen.Samples.TextClassifier;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
long start = Stopwatch.GetTimestamp();

// label, group, id, subject, body: the text is the subject and the body.
TextDataset messages;
using (Stream resource = Assembly.GetExecutingAssembly().GetManifestResourceStream("spam-assassin.tsv.gz")
    ?? throw new InvalidOperationException("The embedded resource spam-assassin.tsv.gz is missing."))
{
    messages = TextDataset.ReadTsv(resource, labelColumn: 0, 3, 4);
}
// The split's seed is 42 unless given as the first argument: other splits show how much of the comparison is the split.
int splitSeed = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 42;
(TextDataset train, TextDataset test) = messages.Split(testFraction: 0.2, seed: splitSeed);
// Both models hold out the same 10% of the training messages for early stopping: never the test set.
const double ValidationFraction = 0.1;
const int ValidationSeed = 7;
int[] trainCounts = train.ClassCounts(), testCounts = test.ClassCounts();
Console.WriteLine($"SpamAssassin: {messages.Count} messages split with seed {splitSeed}; {train.Count} for training ({trainCounts[0]} ham, {trainCounts[1]} spam), "
    + $"{test.Count} for testing ({testCounts[0]} ham, {testCounts[1]} spam)");

// Words, lower-cased, punctuation split off ("$", "!" and "%" are frequent in spam).
Tokenizer tokenizer = Tokenizer.Words();
var builder = new VocabularyBuilder();
foreach (string text in train.Texts) builder.AddText(tokenizer, text);
Vocabulary vocabulary = builder.Build(minFrequency: 2, maxSize: TextSizes.Vocabulary);
Console.WriteLine($"vocabulary: {builder.TotalCount:N0} training tokens, {builder.DistinctCount:N0} distinct; kept the {vocabulary.Count - Vocabulary.ReservedCount:N0} most frequent"
    + $" (+ padding and unknown); least frequent kept: \"{vocabulary[vocabulary.Count - 1]}\" ({builder.CountOf(vocabulary[vocabulary.Count - 1])}x)");

// Every message as windows of 64 word ids for the sequence model (SequenceEncoder.EncodeWindows): consecutive
// windows from the first word, the last one ending at the message's last word (overlapping the one before it
// rather than padded); a message of 64 words or fewer is one window, padded before the words (so the padding is
// read first and the words last, which a model reading the LSTM's last state needs). The sequence model
// holds out the same 10% of the training messages as the baseline's trainer (the same seeded shuffle), and all
// windows of a message stay on the same side.
var windowEncoder = new SequenceEncoder(tokenizer, vocabulary, TextSizes.SequenceLength, padding: SequenceSide.Pre, truncation: SequenceSide.Post);
(TextDataset fitMessages, TextDataset validationMessages) = train.Split(ValidationFraction, ValidationSeed);
MessageWindows fitWindows = EncodeWindows("training", fitMessages, windowEncoder);
MessageWindows validationWindows = EncodeWindows("validation", validationMessages, windowEncoder);
MessageWindows testWindows = EncodeWindows("test", test, windowEncoder);
int[] firstIds = [.. testWindows.Windows.FeatureRow(0)[..16].ToArray().Select(id => (int)id)];
Console.WriteLine($"test message 0's first window starts {string.Join(" ", firstIds)} = \"{vocabulary.Decode(firstIds)}\"");

// The baseline: binary word-presence vectors into one linear layer.
var bagOfWords = new BagOfWords(tokenizer, vocabulary);
Dataset trainVectors = Encode(train, bagOfWords), testVectors = Encode(test, bagOfWords);
Console.WriteLine();
Console.Write(SpamBagOfWords.Summary);
var network = new SpamBagOfWords();
network.InitializeParameters(seed: 1);
const int Epochs = 20;
var trainer = new Trainer(network, new Adam(learningRate: 1e-3f), new TrainerOptions
{
    Epochs = Epochs,
    BatchSize = 32,
    Seed = ValidationSeed,
    ValidationFraction = ValidationFraction,   // held out of the training set, never the test set
    EarlyStoppingPatience = 4,
    RestoreBestWeights = true,
    Log = null,
});
long trainStart = Stopwatch.GetTimestamp();
TrainingHistory history = trainer.Fit(trainVectors);
double trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;

(float testLoss, float testAccuracy) = Trainer.Evaluate(network, testVectors, batchSize: 64);
float majority = (float)Math.Max(testCounts[0], testCounts[1]) / test.Count;
ConfusionMatrix confusion = ClassPredictions.Confusion(network, testVectors); // classes 0 ham, 1 spam
Console.WriteLine($"trained {history.Epochs.Count} epochs in {trainSeconds:F1}s (best epoch {history.BestEpoch + 1}, {history.TrainCount} messages, {history.ValidationCount} held out;"
    + $" validation accuracy {history.Epochs[history.BestEpoch].ValidationAccuracy * 100:F2}%)");
Console.WriteLine($"bag-of-words logistic regression: test accuracy {testAccuracy * 100:F2}% (test loss {testLoss:F4}); majority class (ham): {majority * 100:F2}%");
Console.WriteLine($"spam: precision {confusion.Precision(1) * 100:F2}%, recall {confusion.Recall(1) * 100:F2}%, F1 {confusion.F1(1):F4}"
    + $" ({confusion[0, 1]} ham marked spam, {confusion[1, 0]} spam let through)");
PrintStrongestWords(network, vocabulary);
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng("textclassifier-bag-of-words-learning-curve.png", "Bag of words", history)}");
Console.WriteLine($"confusion matrix: {ConfusionMatrixPlot.WritePng("textclassifier-bag-of-words-confusion-matrix.png", "Bag of words, test messages", confusion, test.ClassNames)}");

// The sequence model on the same split and vocabulary, trained on windows: Adam, gradients clipped to norm 1
// (recurrent gradients can spike), up to 12 epochs, stopping after 3 without progress on the held-out messages'
// windows and keeping the best epoch's weights.
Console.WriteLine();
Console.Write(SpamLstm.Summary);
var lstm = new SpamLstm();
lstm.InitializeParameters(seed: 1);
const int SequenceEpochs = 12;
var sequenceTrainer = new Trainer(lstm, new Adam(learningRate: 2e-3f), new TrainerOptions
{
    Epochs = SequenceEpochs,
    BatchSize = 32,
    Seed = ValidationSeed,
    Validation = validationWindows.Windows,
    MaxGradientNorm = 1.0f,
    EarlyStoppingPatience = 3,
    RestoreBestWeights = true,
    Progress = ProgressDisplay.Auto, // a live batch line on a terminal, one line per epoch when redirected
});
trainStart = Stopwatch.GetTimestamp();
TrainingHistory sequenceHistory = sequenceTrainer.Fit(fitWindows.Windows);
trainSeconds = Stopwatch.GetElapsedTime(trainStart).TotalSeconds;
int[] validationPredictions = validationWindows.Classify(lstm);
int[] testPredictions = testWindows.Classify(lstm);
var sequenceConfusion = new ConfusionMatrix(test.Labels, testPredictions, classCount: 2);
float sequenceAccuracy = (float)sequenceConfusion.Accuracy;
Console.WriteLine($"trained {sequenceHistory.Epochs.Count} epochs in {trainSeconds:F1}s (best epoch {sequenceHistory.BestEpoch + 1}, {sequenceHistory.TrainCount} windows,"
    + $" last gradient norm before clipping {sequenceTrainer.LastGradientNorm:F3}); validation accuracy {new ConfusionMatrix(validationMessages.Labels, validationPredictions, classCount: 2).Accuracy * 100:F2}% of messages"
    + $" ({sequenceHistory.Epochs[sequenceHistory.BestEpoch].ValidationAccuracy * 100:F2}% of single windows)");
Console.WriteLine($"embedding -> LSTM -> max over time, windows of {TextSizes.SequenceLength} words: test accuracy {sequenceAccuracy * 100:F2}%; "
    + $"spam precision {sequenceConfusion.Precision(1) * 100:F2}%, recall {sequenceConfusion.Recall(1) * 100:F2}%, F1 {sequenceConfusion.F1(1):F4}"
    + $" ({sequenceConfusion[0, 1]} ham marked spam, {sequenceConfusion[1, 0]} spam let through)");
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng("textclassifier-lstm-learning-curve.png", "LSTM (windows)", sequenceHistory)}");
Console.WriteLine($"confusion matrix: {ConfusionMatrixPlot.WritePng("textclassifier-lstm-confusion-matrix.png", "LSTM, test messages", sequenceConfusion, test.ClassNames)}");
Console.WriteLine();
Console.WriteLine($"test accuracy: bag-of-words logistic regression {testAccuracy * 100:F2}%, embedding -> LSTM -> max over time {sequenceAccuracy * 100:F2}%, majority class {majority * 100:F2}%");
Console.WriteLine(sequenceAccuracy > testAccuracy ? "the sequence model beats the bag of words"
    : sequenceAccuracy == testAccuracy ? "the sequence model ties with the bag of words" : "the bag of words beats the sequence model");
Console.WriteLine($"total time {Stopwatch.GetElapsedTime(start).TotalSeconds:F2}s");
return testAccuracy > majority && sequenceAccuracy > majority ? 0 : 1;

static Dataset Encode(TextDataset texts, BagOfWords bagOfWords)
{
    var features = new float[texts.Count * bagOfWords.Size];
    bagOfWords.EncodeAll(texts.Texts, features);
    return Dataset.FromLabels(features, bagOfWords.Size, texts.Labels, classCount: 2);
}

// The messages as windows, printing the token counts before truncation (percentiles), how many messages
// have more tokens than the windows hold, and the share of unknown ids among the ids kept: on the test part
// these are also words the training part never had.
static MessageWindows EncodeWindows(string name, TextDataset texts, SequenceEncoder encoder)
{
    MessageWindows windows = MessageWindows.Encode(texts, encoder, TextSizes.MaxWindows);
    int[] lengths = [.. windows.TokenCounts];
    Array.Sort(lengths);
    int Percentile(double p) => lengths[(int)Math.Min(lengths.Length - 1, Math.Floor(p / 100 * lengths.Length))];
    Console.WriteLine($"{name} messages: tokens per message p50 {Percentile(50)}, p90 {Percentile(90)}, p99 {Percentile(99)}, max {lengths[^1]};"
        + $" {windows.Windows.Count} windows of {encoder.SequenceLength} ({(double)windows.Windows.Count / windows.Count:F2} per message);"
        + $" {100.0 * windows.TruncatedCount / windows.Count:F1}% cut to {TextSizes.MaxWindows * encoder.SequenceLength} tokens;"
        + $" unknown ids {100.0 * windows.Total.UnknownCount / windows.Total.Length:F2}% of {windows.Total.Length:N0} kept");
    return windows;
}

// The words whose presence moves the score most towards spam and towards ham: weight(spam) - weight(ham).
static void PrintStrongestWords(SpamBagOfWords network, Vocabulary vocabulary)
{
    TensorLayout weight = network.Tensors.Single(t => t.Name == "linear.weight");
    Span<float> parameters = network.Parameters;
    float[] towardsSpam = new float[vocabulary.Count];
    for (int id = 0; id < vocabulary.Count; id++)
    {
        towardsSpam[id] = parameters[weight.IndexOf(1, id)] - parameters[weight.IndexOf(0, id)];
    }
    int[] order = [.. Enumerable.Range(Vocabulary.ReservedCount, vocabulary.Count - Vocabulary.ReservedCount).OrderByDescending(id => towardsSpam[id])];
    Console.WriteLine($"words towards spam: {string.Join(" ", order.Take(15).Select(id => vocabulary[id]))}");
    Console.WriteLine($"words towards ham:  {string.Join(" ", order.TakeLast(15).Reverse().Select(id => vocabulary[id]))}");
}
