using System.Buffers.Binary;
using System.Text;

namespace NetGen.Tests.Networks;

/// <summary>Generated networks' weight files: PyTorch names and layout, round trips, and bad files that leave the weights untouched.</summary>
public class WeightFileTests
{
    [Fact]
    public void RoundTripRestoresEveryParameter()
    {
        var source = new W1Mlp();
        source.InitializeParameters(5);
        using var stream = new MemoryStream();
        source.SaveWeights(stream);

        var target = new W1Mlp();
        stream.Position = 0;
        target.LoadWeights(stream);
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
    }

    [Fact]
    public void FileHoldsPyTorchNamesAndLayout()
    {
        var network = new TanhNet();
        network.InitializeParameters(5);
        using var stream = new MemoryStream();
        network.SaveWeights(stream);
        stream.Position = 0;
        SafetensorsFile file = SafetensorsFile.Read(stream);

        Assert.Equal(["dense0.bias", "dense0.weight", "dense1.bias", "dense1.weight"], file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        SafetensorsTensor weight = file["dense0.weight"];
        Assert.Equal([23, 37], weight.Shape.ToArray());
        float[] values = weight.ToSingleArray();
        // nn.Linear layout: weight[out, in]; the network keeps [in, padded out].
        for (int o = 0; o < 23; o++)
        {
            for (int i = 0; i < 37; i++) Assert.Equal(network.Dense0Weight[i * 32 + o], values[o * 37 + i]);
        }
    }

    [Fact]
    public void CustomLayerNamesBecomeTensorNames()
    {
        var network = new W1Mlp();
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"], network.Tensors.Select(t => t.Name));
    }

    public static IEnumerable<object[]> BadFiles()
    {
        yield return ["wrong shape", Build(("dense0.weight", [23, 36]), ("dense0.bias", [23]), ("dense1.weight", [5, 23]), ("dense1.bias", [5])), "expected shape [23, 37], found [23, 36]"];
        yield return ["missing tensor", Build(("dense0.weight", [23, 37]), ("dense1.weight", [5, 23]), ("dense1.bias", [5])), "dense0.bias"];
        yield return ["wrong dtype", BuildWithDType("I64"), "I64"];
        yield return ["truncated", Truncate(Build(("dense0.weight", [23, 37]), ("dense0.bias", [23]), ("dense1.weight", [5, 23]), ("dense1.bias", [5])), 100), ""];
        yield return ["corrupt header", CorruptHeader(), ""];
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFileThrowsAndLeavesWeightsUntouched(string what, byte[] file, string expectedMessagePart)
    {
        var network = new TanhNet();
        network.InitializeParameters(9);
        float[] before = network.Parameters.ToArray();

        var error = Assert.ThrowsAny<Exception>(() => network.LoadWeights(new MemoryStream(file)));
        Assert.True(error is WeightFileException or InvalidDataException, $"{what}: unexpected {error.GetType().Name}: {error.Message}");
        Assert.Contains(expectedMessagePart, error.Message);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    private static byte[] Build(params (string Name, int[] Shape)[] tensors)
    {
        var writer = new SafetensorsWriter();
        foreach ((string name, int[] shape) in tensors) writer.Add(name, shape, new float[shape.Aggregate(1, (a, b) => a * b)]);
        using var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    private static byte[] BuildWithDType(string dtype)
    {
        byte[] valid = Build(("dense0.weight", [23, 37]), ("dense0.bias", [23]), ("dense1.weight", [5, 23]), ("dense1.bias", [5]));
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        string header = Encoding.UTF8.GetString(valid, 8, headerLength);
        // Same byte count: an 8-byte integer per element would not match the data size, so also shrink nothing — the dtype check comes first.
        string changed = header.Replace("\"dense0.bias\":{\"dtype\":\"F32\"", $"\"dense0.bias\":{{\"dtype\":\"{dtype}\"");
        Assert.NotEqual(header, changed);
        return Rebuild(valid, changed, headerLength);
    }

    private static byte[] CorruptHeader()
    {
        byte[] valid = Build(("dense0.weight", [23, 37]), ("dense0.bias", [23]), ("dense1.weight", [5, 23]), ("dense1.bias", [5]));
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        string header = Encoding.UTF8.GetString(valid, 8, headerLength);
        return Rebuild(valid, header.Replace("\"shape\":[23,37]", "\"shape\":[23,37"), headerLength);
    }

    private static byte[] Rebuild(byte[] valid, string header, int oldHeaderLength)
    {
        byte[] headerBytes = Encoding.UTF8.GetBytes(header);
        var result = new byte[8 + headerBytes.Length + valid.Length - 8 - oldHeaderLength];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)headerBytes.Length);
        headerBytes.CopyTo(result, 8);
        valid.AsSpan(8 + oldHeaderLength).CopyTo(result.AsSpan(8 + headerBytes.Length));
        return result;
    }

    private static byte[] Truncate(byte[] file, int removed) => file[..^removed];
}
