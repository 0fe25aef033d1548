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

    [Fact]
    public void BatchNormRoundTripRestoresParametersAndRunningStatistics()
    {
        (ITrainableNetwork source, _) = Numerics.NetworkCases.Create("BatchNormConv");
        float[] input = Numerics.NetworkCases.Uniform(3 * source.InputSize, seed: 3, low: 0f, high: 2f);
        source.Forward(input, new float[3 * source.OutputSize], 3); // moves the running statistics
        using var stream = new MemoryStream();
        source.SaveWeights(stream);

        var target = new BatchNormConvNet();
        target.InitializeParameters(8);
        stream.Position = 0;
        target.LoadWeights(stream);
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal(source.State.ToArray(), target.State.ToArray());
        float[] expected = new float[3 * source.OutputSize], actual = new float[expected.Length];
        source.Predict(input, expected, 3);
        target.Predict(input, actual, 3);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void BatchNormTensorsHavePyTorchNamesAndShapes()
    {
        var network = new BatchNormMlp();
        network.InitializeParameters(2);
        new float[] { 1, 2, 3, 4, 5, 6 }.CopyTo(network.BnInRunningMean);
        Assert.Equal(
            ["bn_in.weight", "bn_in.bias", "bn_in.running_mean", "bn_in.running_var", "dense0.weight", "dense0.bias",
             "batchnorm1.weight", "batchnorm1.bias", "batchnorm1.running_mean", "batchnorm1.running_var", "dense1.weight", "dense1.bias"],
            network.Tensors.Select(t => t.Name));
        Assert.Equal(4, network.Tensors.Count(t => t.Buffer == TensorBuffer.State));
        using var stream = new MemoryStream();
        network.SaveWeights(stream);
        stream.Position = 0;
        SafetensorsFile file = SafetensorsFile.Read(stream);
        Assert.Equal([19], file["batchnorm1.running_var"].Shape.ToArray());
        Assert.Equal([1f, 2, 3, 4, 5, 6], file["bn_in.running_mean"].ToSingleArray());
        Assert.All(file["batchnorm1.running_var"].ToSingleArray(), v => Assert.Equal(1f, v));
        Assert.False(file.TryGetTensor("bn_in.num_batches_tracked", out _));
    }

    [Fact]
    public void PyTorchFileWithNumBatchesTrackedLoads()
    {
        // A PyTorch state_dict also holds {name}.num_batches_tracked (an int64 scalar); NetGen's batch norm always
        // uses its momentum, so the counter is not needed and is ignored.
        (ITrainableNetwork source, _) = Numerics.NetworkCases.Create("BatchNormMlp");
        using var stream = new MemoryStream();
        source.SaveWeights(stream);
        byte[] file = AddTensor(stream.ToArray(), "bn_in.num_batches_tracked", "I64", [], BitConverter.GetBytes(7L));
        file = AddTensor(file, "batchnorm1.num_batches_tracked", "I64", [], BitConverter.GetBytes(7L));
        Assert.Equal("I64", SafetensorsFile.Read(new MemoryStream(file))["bn_in.num_batches_tracked"].DType);

        var target = new BatchNormMlp();
        target.LoadWeights(new MemoryStream(file));
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal(source.State.ToArray(), target.State.ToArray());
    }

    [Fact]
    public void WrongShapeRunningStatisticsAreRejectedWithWeightsAndStateUntouched()
    {
        (ITrainableNetwork source, _) = Numerics.NetworkCases.Create("BatchNormMlp");
        using var stream = new MemoryStream();
        source.SaveWeights(stream);
        SafetensorsFile saved = SafetensorsFile.Read(new MemoryStream(stream.ToArray()));
        var writer = new SafetensorsWriter();
        foreach (SafetensorsTensor tensor in saved.Tensors)
        {
            float[] values = tensor.ToSingleArray();
            if (tensor.Name == "batchnorm1.running_var") writer.Add(tensor.Name, [18], values.AsSpan(0, 18));
            else writer.Add(tensor.Name, tensor.Shape, values);
        }
        using var bad = new MemoryStream();
        writer.WriteTo(bad);

        var target = new BatchNormMlp();
        target.InitializeParameters(4);
        float[] parameters = target.Parameters.ToArray(), state = target.State.ToArray();
        bad.Position = 0;
        var error = Assert.Throws<WeightFileException>(() => target.LoadWeights(bad));
        Assert.Contains("batchnorm1.running_var", error.Message);
        Assert.Contains("expected shape [19], found [18]", error.Message);
        Assert.Equal(parameters, target.Parameters.ToArray());
        Assert.Equal(state, target.State.ToArray());
    }

    [Fact]
    public void LayoutsThatDoNotFitTheirBufferAreTheCallersError()
    {
        TensorLayout[] layouts = [new("bn.running_mean", [4], Offset: 0, Stride: 4, Transposed: false, Buffer: TensorBuffer.State)];
        var error = Assert.Throws<ArgumentException>(() => WeightFile.Save(new MemoryStream(), layouts, new float[4]));
        Assert.Contains("bn.running_mean", error.Message);
    }

    /// <summary>A copy of a safetensors file with one more tensor of raw bytes, as other writers (PyTorch) make them.</summary>
    private static byte[] AddTensor(byte[] valid, string name, string dtype, int[] shape, byte[] data)
    {
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(valid);
        var header = (System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(Encoding.UTF8.GetString(valid, 8, headerLength))!;
        int dataLength = valid.Length - 8 - headerLength;
        header[name] = new System.Text.Json.Nodes.JsonObject
        {
            ["dtype"] = dtype,
            ["shape"] = new System.Text.Json.Nodes.JsonArray(shape.Select(d => (System.Text.Json.Nodes.JsonNode?)d).ToArray()),
            ["data_offsets"] = new System.Text.Json.Nodes.JsonArray(dataLength, dataLength + data.Length),
        };
        byte[] rebuilt = Rebuild(valid, header.ToJsonString(), headerLength);
        return [.. rebuilt, .. data];
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
