// Getting started: a CSV of 178 wines (13 measurements, 3 cultivars) to a trained, saved and reloaded classifier.
using NetGen;

LabeledData wine = SklearnCsv.Read(Path.Combine(AppContext.BaseDirectory, "wine.csv"));
Dataset all = Dataset.FromClassIds(wine.Features, wine.FeatureCount, wine.Labels, wine.ClassCount);
(Dataset train, Dataset test) = all.Split(testFraction: 0.25, seed: 1);
var scaler = new FeatureScaler().Fit(train);   // statistics of the training set only
scaler.Transform(train);
scaler.Transform(test);

var network = new WineClassifier();
network.InitializeParameters(seed: 1);
var trainer = new Trainer(network, new Adam(learningRate: 1e-2f), new TrainerOptions { Epochs = 30, BatchSize = 16, Seed = 1 });
trainer.Fit(train);                            // a progress line per batch on a terminal, a line per epoch otherwise

(float loss, float accuracy) = trainer.Evaluate(test);
Console.WriteLine($"test accuracy {accuracy * 100:F1}% on {test.Count} wines (loss {loss:F3})");

Span<float> logits = stackalloc float[WineClassifier.OutputSize], probabilities = stackalloc float[WineClassifier.OutputSize];
network.Predict(test.FeatureRow(0), logits);
Classification.Softmax(logits, probabilities, batch: 1, classes: WineClassifier.OutputSize);
Console.WriteLine($"first test wine: {wine.ClassNames[Classification.ArgMax(probabilities)]}, p = [{string.Join(", ", probabilities.ToArray().Select(p => p.ToString("F3")))}]");

network.Save("wine.safetensors");
var reloaded = new WineClassifier();
reloaded.Load("wine.safetensors");
Console.WriteLine($"reloaded: test accuracy {Trainer.Evaluate(reloaded, test, batchSize: 64).Accuracy * 100:F1}%");

[Network(13, Loss = LossKind.SoftmaxCrossEntropy)]
[Dense(32, Activation = Activation.ReLU)]
[Dense(3)]
public partial class WineClassifier;
