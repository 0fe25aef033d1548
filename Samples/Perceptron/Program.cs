// Two single-neuron classics on real data:
//  1. the perceptron (step activation, squared error, SGD = the perceptron rule) separating iris setosa from the other two species;
//  2. logistic regression (binary cross-entropy on a logit) telling malignant from benign breast-cancer biopsies.
// Each prints its confusion matrix and precision, recall and F1 (the runtime's ConfusionMatrix); the logistic regression
// also writes its learning curves and confusion matrix as PNGs.
using System.Globalization;
using System.Reflection;
using NetGen;
using NetGen.Samples.Perceptron;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// ---- 1. Perceptron on iris: setosa (1) vs. versicolor and virginica (0) -------------------------------
Console.WriteLine("== Perceptron: iris setosa vs. the rest (4 features) ==");
LabeledData iris = ReadEmbedded("iris.csv");
int[] isSetosa = Array.ConvertAll(iris.Labels, label => label == 0 ? 1 : 0);
(Dataset irisTrain, Dataset irisTest) = BinaryDataset(iris, isSetosa).Split(testFraction: 0.3, seed: 42);
var irisScaler = new FeatureScaler().Fit(irisTrain);
irisScaler.Transform(irisTrain);
irisScaler.Transform(irisTest); // with the training set's statistics: nothing of the test set leaks in
Console.WriteLine($"{irisTrain.Count} training and {irisTest.Count} test flowers, standardized");
Console.Write(IrisPerceptron.Summary); // ends with a newline
Console.WriteLine();

var perceptron = new IrisPerceptron();
perceptron.InitializeParameters(seed: 1);
new Trainer(perceptron, new Sgd(learningRate: 0.1f), new TrainerOptions
{
    Epochs = 20,
    BatchSize = 1, // the perceptron rule updates after every sample
    Seed = 3,
    EarlyStoppingPatience = 2, // once every training flower is right, the rule changes nothing: stop
    Progress = ProgressDisplay.Auto, // a live batch line on a terminal, one line per epoch when redirected
}).Fit(irisTrain);
(_, float perceptronAccuracy) = Trainer.Evaluate(perceptron, irisTest, batchSize: 32);
ConfusionMatrix irisConfusion = ClassPredictions.Confusion(perceptron, irisTest, binaryThreshold: 0.5f); // the step gives 0 or 1
Console.Write(irisConfusion.ToString(["other", "setosa"]));
Console.WriteLine($"perceptron test accuracy: {perceptronAccuracy * 100:F2}% ({irisTest.Count} flowers)");
TensorLayout weight = perceptron.Tensors[0]; // [1, 4]
var weights = new string[weight.Columns];
for (int c = 0; c < weights.Length; c++) weights[c] = perceptron.Parameters[weight.IndexOf(0, c)].ToString("F3");
Console.WriteLine($"learned {weight.Name} (sepal length, sepal width, petal length, petal width): {string.Join(", ", weights)}");
Console.WriteLine();

// ---- 2. Logistic regression on breast cancer: benign (1) vs. malignant (0) --------------------------
Console.WriteLine("== Logistic regression: breast cancer, malignant vs. benign (30 features) ==");
LabeledData cancer = ReadEmbedded("breast_cancer.csv");
(Dataset cancerTrain, Dataset cancerTest) = BinaryDataset(cancer, cancer.Labels).Split(testFraction: 0.25, seed: 42);
var cancerScaler = new FeatureScaler().Fit(cancerTrain);
cancerScaler.Transform(cancerTrain);
cancerScaler.Transform(cancerTest);
Console.WriteLine($"{cancerTrain.Count} training and {cancerTest.Count} test biopsies, standardized");
Console.Write(CancerLogisticRegression.Summary); // ends with a newline
Console.WriteLine();

var logistic = new CancerLogisticRegression();
logistic.InitializeParameters(seed: 1);
TrainingHistory history = new Trainer(logistic, new Sgd(learningRate: 0.05f), new TrainerOptions
{
    Epochs = 100,
    BatchSize = 16,
    Seed = 3,
    ValidationFraction = 0.15,
    EarlyStoppingPatience = 10,
    Log = null, // 100 lines of progress would bury the result; the summary below says what happened
}).Fit(cancerTrain);
Console.WriteLine($"trained {history.Epochs.Count} epochs (best {history.BestEpoch + 1}): loss {history.Last.Loss:F4}, val_loss {history.Last.ValidationLoss:F4}");
(float cancerLoss, float logisticAccuracy) = Trainer.Evaluate(logistic, cancerTest, batchSize: 64);
ConfusionMatrix cancerConfusion = ClassPredictions.Confusion(logistic, cancerTest, binaryThreshold: 0); // logit 0 = probability ½
string[] cancerClasses = ["malignant", "benign"];
Console.Write(cancerConfusion.ToString(cancerClasses));
Console.WriteLine($"malignant (the class to find): precision {cancerConfusion.Precision(0) * 100:F2}%, recall {cancerConfusion.Recall(0) * 100:F2}%, F1 {cancerConfusion.F1(0):F4}");
Console.WriteLine($"learning curves: {LearningCurvePlot.WritePng("perceptron-logistic-learning-curve.png", "Breast cancer, logistic regression", history)}");
Console.WriteLine($"confusion matrix: {ConfusionMatrixPlot.WritePng("perceptron-logistic-confusion-matrix.png", "Breast cancer, logistic regression, test set", cancerConfusion, cancerClasses)}");
Console.WriteLine($"logistic regression test loss {cancerLoss:F4}, test accuracy: {logisticAccuracy * 100:F2}% ({cancerTest.Count} biopsies)");

return 0;

static LabeledData ReadEmbedded(string name)
{
    using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
        ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
    return SklearnCsv.Read(stream);
}

// One target per sample (0 or 1) and the same value as the label, for accuracy.
static Dataset BinaryDataset(LabeledData data, int[] labels) =>
    new(data.Features, data.FeatureCount, Array.ConvertAll(labels, l => (float)l), targetSize: 1, labels);
