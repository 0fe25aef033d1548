using System.Text;
using NetGen;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests;

/// <summary>The real data sets under Samples/Data, copied next to the test assembly.</summary>
public class DataFilesTests
{
    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Data", name);

    [Fact]
    public void Digits_Has1797SamplesOf64PixelsAndTenClasses()
    {
        LabeledData digits = SklearnCsv.ReadWithoutHeader(DataFile("digits.csv.gz"));
        Assert.Equal(1797, digits.SampleCount);
        Assert.Equal(64, digits.FeatureCount);
        Assert.Equal(Enumerable.Range(0, 10), digits.Labels.Distinct().Order());
        Assert.All(digits.Features, p => Assert.InRange(p, 0f, 16f));
        Assert.Equal(10, digits.ClassCount);
        Assert.Equal(0, digits.Labels[0]); // the first row of sklearn's digits is a zero
    }

    [Fact]
    public void Digits_FromAForwardOnlyStream_IsTheSame_AndACutCopyIsInvalidData()
    {
        byte[] gz = File.ReadAllBytes(DataFile("digits.csv.gz"));
        LabeledData whole = SklearnCsv.ReadWithoutHeader(new ForwardOnlyStream(new MemoryStream(gz)));
        Assert.Equal(SklearnCsv.ReadWithoutHeader(DataFile("digits.csv.gz")).Features, whole.Features);
        // Cut in the middle (a broken download) and just before the 8-byte trailer: gzip's own reader reports neither.
        foreach (int cut in new[] { gz.Length / 2, gz.Length - 3 })
        {
            var e = Assert.ThrowsAny<Exception>(() => SklearnCsv.ReadWithoutHeader(new ForwardOnlyStream(new MemoryStream(gz[..cut]))));
            Assert.True(e is InvalidDataException or FormatException, $"cut at {cut}: {e.GetType().Name}: {e.Message}");
        }
    }

    [Fact]
    public void Iris_Has150SamplesOf4FeaturesAnd3NamedClasses()
    {
        LabeledData iris = SklearnCsv.Read(DataFile("iris.csv"));
        Assert.Equal(150, iris.SampleCount);
        Assert.Equal(4, iris.FeatureCount);
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], iris.Sample(0).ToArray());
        Assert.Equal(50, iris.Labels.Count(l => l == 2));
    }

    [Fact]
    public void BreastCancer_Has569SamplesOf30Features()
    {
        LabeledData cancer = SklearnCsv.Read(DataFile("breast_cancer.csv"));
        Assert.Equal(569, cancer.SampleCount);
        Assert.Equal(30, cancer.FeatureCount);
        Assert.Equal(["malignant", "benign"], cancer.ClassNames);
        Assert.Equal(212, cancer.Labels.Count(l => l == 0)); // 212 malignant, 357 benign
    }

    [Fact]
    public void Wine_Has178SamplesOf13Features()
    {
        LabeledData wine = SklearnCsv.Read(DataFile("wine_data.csv"));
        Assert.Equal((178, 13, 3), (wine.SampleCount, wine.FeatureCount, wine.ClassCount));
    }

    [Fact]
    public void Iris_ReadsAsPlainCsvToo()
    {
        CsvTable table = CsvReader.Read(DataFile("iris.csv"), hasHeader: true);
        Assert.Equal((150, 5), (table.Rows, table.Columns));
    }

    private static LabeledData ReadSklearn(string text) => SklearnCsv.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Sklearn_WrongSampleCount_IsRejected()
    {
        var e = Assert.Throws<FormatException>(() => ReadSklearn("3,2,a,b\n1,2,0\n3,4,1\n"));
        Assert.Equal("line 1 announces 3 samples, the file has 2", e.Message);
    }

    [Fact]
    public void Sklearn_BadFirstLine_IsRejected()
    {
        var e = Assert.Throws<FormatException>(() => ReadSklearn("1.0,2,0\n"));
        Assert.StartsWith("line 1: expected \"n_samples,n_features", e.Message);
    }

    [Theory]
    [InlineData("1,2,a,b\n1,2,x\n", "line 2, column 3: label 'x' is not a non-negative integer")]
    [InlineData("1,2,a,b\n1,2,2\n", "line 2, column 3: label 2 is out of range for 2 classes")]
    [InlineData("1,2,a,b\n1,z,0\n", "line 2, column 2: 'z' is not a number")]
    [InlineData("1,2,a,b\n1,0\n", "line 2: expected 2 features and a label (3 cells), found 2")]
    public void Sklearn_BadRows_ReportLineAndColumn(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => ReadSklearn(text)).Message);
    }

    /// <summary>
    /// MNIST is fetched by Samples/Data/fetch-mnist.sh and not committed; this test checks the files when
    /// they are there and reports itself skipped when they are not.
    /// </summary>
    [SkippableFact]
    public void Mnist_WhenFetched_HasStandardShapesAndLabels()
    {
        string? dir = null;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null && dir is null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "Samples", "Data", "mnist");
            if (File.Exists(Path.Combine(candidate, "t10k-labels-idx1-ubyte")))
                dir = candidate;
        }
        Skip.If(dir is null, "MNIST is not fetched (bash Samples/Data/fetch-mnist.sh)");

        IdxData images = IdxReader.Read(Path.Combine(dir!, "t10k-images-idx3-ubyte"));
        IdxData labels = IdxReader.Read(Path.Combine(dir!, "t10k-labels-idx1-ubyte"));
        Assert.Equal([10000, 28, 28], images.Dimensions);
        Assert.Equal([10000], labels.Dimensions);
        Assert.Equal(Enumerable.Range(0, 10), labels.ToInt32s().Distinct().Order());
        Assert.Equal([60000, 28, 28], IdxReader.Read(Path.Combine(dir!, "train-images-idx3-ubyte")).Dimensions);
        Assert.Equal(7, labels.Bytes![0]); // the first MNIST test digit is a 7
    }
}
