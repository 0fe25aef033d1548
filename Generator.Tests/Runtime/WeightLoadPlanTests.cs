using System.Buffers.Binary;
using System.Text;
using NetGen;
using Xunit;

namespace NetGen.Tests;

public class WeightLoadPlanTests
{
    private static SafetensorsFile FileWith(SafetensorsWriter writer)
    {
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        stream.Position = 0;
        return SafetensorsFile.Read(stream);
    }

    private static SafetensorsFile Dense() => FileWith(new SafetensorsWriter()
        .Add("dense0.weight", [2, 3], [1, 2, 3, 4, 5, 6])
        .Add("dense0.bias", [2], [7, 8]));

    [Fact]
    public void Apply_CopiesEachTensorAtItsOffset()
    {
        var parameters = new float[12];
        new WeightLoadPlan()
            .Add("dense0.weight", [2, 3], offset: 0)
            .Add("dense0.bias", [2], offset: 8) // room for padding between, which stays zero
            .Apply(Dense(), parameters);
        Assert.Equal([1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 0, 0], parameters);
    }

    [Fact]
    public void ValidateTensor_WrongShape_NamesExpectedAndFound()
    {
        var e = Assert.Throws<WeightFileException>(() => WeightLoadPlan.ValidateTensor(Dense(), "dense0.weight", [3, 2]));
        Assert.Equal("tensor 'dense0.weight': expected shape [3, 2], found [2, 3]", e.Message);
    }

    [Fact]
    public void ValidateTensor_Missing_ListsFileTensors()
    {
        var e = Assert.Throws<WeightFileException>(() => WeightLoadPlan.ValidateTensor(Dense(), "dense1.bias", [2]));
        Assert.Equal("tensor 'dense1.bias' is missing (file has: dense0.bias, dense0.weight)", e.Message);
    }

    [Fact]
    public void ValidateTensor_WrongDtype_NamesExpectedAndFound()
    {
        const string header = "{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        SafetensorsFile file = SafetensorsReader.Parse(bytes);

        var e = Assert.Throws<WeightFileException>(() => WeightLoadPlan.ValidateTensor(file, "x", [1]));
        Assert.StartsWith("tensor 'x': expected dtype F32", e.Message);
        Assert.EndsWith("found I64", e.Message);
    }

    [Fact]
    public void ValidateTensor_Match_ReturnsTensor()
    {
        Assert.Equal([7f, 8f], WeightLoadPlan.ValidateTensor(Dense(), "dense0.bias", [2]).ToSingleArray());
    }

    [Fact]
    public void Apply_WhenAnyTensorIsBad_WritesNothingAndListsEveryProblem()
    {
        float[] parameters = [-1, -1, -1, -1, -1, -1, -1, -1, -1];
        var plan = new WeightLoadPlan()
            .Add("dense0.weight", [2, 3], 0)  // fine, but must not be copied
            .Add("dense0.bias", [3], 6)       // wrong shape
            .Add("dense1.weight", [1], 8);    // missing

        var e = Assert.Throws<WeightFileException>(() => plan.Apply(Dense(), parameters));

        Assert.All(parameters, p => Assert.Equal(-1f, p));
        Assert.Contains("2 tensors do not match", e.Message);
        Assert.Contains("tensor 'dense0.bias': expected shape [3], found [2]", e.Message);
        Assert.Contains("tensor 'dense1.weight' is missing", e.Message);
    }

    [Fact]
    public void Apply_DestinationTooSmall_IsArgumentErrorAndWritesNothing()
    {
        var parameters = new float[7];
        var plan = new WeightLoadPlan().Add("dense0.weight", [2, 3], 0).Add("dense0.bias", [2], 6);
        var e = Assert.Throws<ArgumentException>(() => plan.Apply(Dense(), parameters));
        Assert.Contains("tensor 'dense0.bias' needs [6, 8) but the destination has 7 elements", e.Message);
        Assert.All(parameters, p => Assert.Equal(0f, p));
    }
}
