using System.Buffers.Binary;
using System.Text;
using NetGen;
using Xunit;

namespace NetGen.Tests;

public class SafetensorsTests
{
    /// <summary>A file assembled by hand: length prefix, header text padded as given, then data bytes.</summary>
    private static byte[] FileOf(string header, params byte[] data)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static byte[] Floats(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static byte[] Write(SafetensorsWriter writer)
    {
        var stream = new MemoryStream();
        writer.WriteTo(stream);
        return stream.ToArray();
    }

    private static WeightFileException Bad(byte[] content) =>
        Assert.Throws<WeightFileException>(() => SafetensorsReader.Parse(content));

    [Fact]
    public void RoundTrip_KeepsNamesShapesAndValues()
    {
        float[] weight = [1f, -2.5f, 3.25f, float.MaxValue, float.Epsilon, -0f];
        byte[] file = Write(new SafetensorsWriter()
            .Add("dense0.weight", [2, 3], weight)
            .Add("dense0.bias", [2], [0.5f, -0.5f])
            .Add("scalar", [], [7f])
            .AddMetadata("format", "pt"));

        SafetensorsFile read = SafetensorsFile.Read(new MemoryStream(file));

        Assert.Equal(["dense0.bias", "dense0.weight", "scalar"], read.Tensors.Select(t => t.Name));
        Assert.Equal("pt", read.Metadata["format"]);
        SafetensorsTensor w = read["dense0.weight"];
        Assert.Equal("F32", w.DType);
        Assert.Equal([2, 3], w.Shape.ToArray());
        Assert.Equal(weight, w.ToSingleArray());
        Assert.Equal([0.5f, -0.5f], read["dense0.bias"].ToSingleArray());
        Assert.Empty(read["scalar"].Shape.ToArray());
        Assert.Equal([7f], read["scalar"].ToSingleArray());
    }

    [Fact]
    public void Writer_MatchesPythonLibraryByteForByte()
    {
        // safetensors.torch.save_file({"a": torch.tensor([1., 2.])}) writes exactly this: compact JSON
        // (54 bytes) padded with two spaces to 56, then the little-endian floats.
        const string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ";
        byte[] expected = FileOf(header, Floats(1f, 2f));

        byte[] written = Write(new SafetensorsWriter().Add("a", [2], [1f, 2f]));

        Assert.Equal(expected, written);
        Assert.Equal(56, header.Length);
    }

    [Fact]
    public void Writer_SortsByNameAndPadsToEightBytes()
    {
        byte[] file = Write(new SafetensorsWriter()
            .Add("b", [1], [2f])
            .Add("a", [1], [1f])
            .Add("B", [1], [3f])
            .AddMetadata("z", "1").AddMetadata("format", "pt"));

        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0ul, n % 8);
        string header = Encoding.UTF8.GetString(file, 8, (int)n).TrimEnd(' ');
        Assert.Equal(
            "{\"__metadata__\":{\"format\":\"pt\",\"z\":\"1\"}," +
            "\"B\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}," +
            "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}," +
            "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
            header);
        Assert.Equal(Floats(3f, 1f, 2f), file.AsSpan(8 + (int)n).ToArray());
    }

    [Fact]
    public void Writer_IsDeterministic()
    {
        SafetensorsWriter Make() => new SafetensorsWriter().Add("x.y", [2, 2], [1, 2, 3, 4]).Add("x.a", [1], [5]);
        Assert.Equal(Write(Make()), Write(Make()));
    }

    [Fact]
    public void Writer_RejectsBadArguments()
    {
        var writer = new SafetensorsWriter().Add("a", [1], [1f]);
        Assert.Contains("already", Assert.Throws<ArgumentException>(() => writer.Add("a", [1], [1f])).Message);
        Assert.Contains("needs 6 values, data has 5", Assert.Throws<ArgumentException>(() => writer.Add("b", [2, 3], new float[5])).Message);
        Assert.Throws<ArgumentException>(() => writer.Add("c", [-1], []));
        Assert.Throws<ArgumentException>(() => writer.Add("__metadata__", [1], [1f]));
        Assert.Throws<ArgumentException>(() => writer.Add("", [1], [1f]));
    }

    [Fact]
    public void Reader_AcceptsHandWrittenFileWithPaddingMetadataAndUnknownFields()
    {
        byte[] file = FileOf(
            "{\"__metadata__\":{\"format\":\"pt\"},\"w\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[0,8],\"extra\":[1,{\"k\":2}]}}      ",
            Floats(3f, 4f));
        SafetensorsFile read = SafetensorsReader.Parse(file);
        Assert.Equal([3f, 4f], read["w"].ToSingleArray());
        Assert.Equal([2, 1], read["w"].Shape.ToArray());
    }

    [Fact]
    public void Reader_ConvertsF16BF16AndF64()
    {
        byte[] data = new byte[4 + 4 + 16];
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(0), (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(data.AsSpan(2), (Half)(-2f));
        // bfloat16 of 3.0f and -0.5f: the upper 16 bits of the float32 patterns.
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(4), (ushort)(BitConverter.SingleToInt32Bits(3f) >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(6), (ushort)(BitConverter.SingleToInt32Bits(-0.5f) >> 16));
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), 0.25);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(16), 1e10);
        byte[] file = FileOf(
            "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}," +
            "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]}," +
            "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[8,24]}}", data);

        SafetensorsFile read = SafetensorsReader.Parse(file);

        Assert.Equal([1.5f, -2f], read["h"].ToSingleArray());
        Assert.Equal([3f, -0.5f], read["b"].ToSingleArray());
        Assert.Equal([0.25f, 1e10f], read["d"].ToSingleArray());
    }

    [Fact]
    public void CopyTo_RejectsWrongLengthAndNonFloatDtype()
    {
        byte[] file = FileOf("{\"i\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},\"f\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", new byte[16]);
        SafetensorsFile read = SafetensorsReader.Parse(file);
        var e = Assert.Throws<WeightFileException>(() => read["i"].CopyTo(new float[1]));
        Assert.Contains("'i'", e.Message);
        Assert.Contains("I64", e.Message);
        Assert.Contains("has 2 elements [2], destination has 3", Assert.Throws<ArgumentException>(() => read["f"].CopyTo(new float[3])).Message);
    }

    [Fact]
    public void HeaderLength_LargerThanFile_IsTruncated()
    {
        byte[] file = FileOf("{}");
        BinaryPrimitives.WriteUInt64LittleEndian(file, 50);
        var e = Bad(file);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("50", e.Message);
        Assert.Contains("only 2 bytes", e.Message);
    }

    [Fact]
    public void HeaderLength_Absurd_IsRejected()
    {
        var file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);
        Assert.Contains(ulong.MaxValue.ToString(), Bad(file).Message);
        BinaryPrimitives.WriteUInt64LittleEndian(file, 200_000_000);
        Assert.Contains("200000000", Bad(file).Message);
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",")]
    [InlineData("{\"a\" \"x\"}")]
    [InlineData("not json")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}garbage")]
    [InlineData("[1,2]")]
    [InlineData("")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},}")]
    public void CorruptHeader_IsRejected(string header)
    {
        var e = Bad(FileOf(header, new byte[4]));
        Assert.Contains("header", e.Message);
    }

    [Fact]
    public void InvalidUtf8InHeader_IsRejected()
    {
        byte[] file = FileOf("{\"a\":{}}");
        file[10] = 0xFF; // inside the name "a"
        Assert.Contains("header", Bad(file).Message);
    }

    [Theory]
    [InlineData("{\"t\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 't' has no dtype")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "tensor 't' has no shape")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[1]}}", "tensor 't' has no data_offsets")]
    [InlineData("{\"t\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 't': unknown dtype 'Q7'")]
    [InlineData("{\"t\":{\"dtype\":3,\"shape\":[1],\"data_offsets\":[0,4]}}", "tensor 't': dtype must be a string, found Number")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "tensor 't': shape must hold non-negative integers, found -1")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", "found 1.5")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":\"1\",\"data_offsets\":[0,4]}}", "shape must be an array of integers, found String")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "data_offsets must have 2 entries [begin, end], found 1")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", "data_offsets [4, 0] end before they begin")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,12]}}", "data_offsets [0, 12] extend past the data section of 8 bytes")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", "tensor 't': F32 shape [3] needs 12 bytes, data_offsets [0, 8] hold 8")]
    [InlineData("{\"t\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", "F64 shape [2] needs 16 bytes, data_offsets [0, 8] hold 8")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[4294967296],\"data_offsets\":[0,8]}}", "dimension above")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536],\"data_offsets\":[0,8]}}", "larger than the whole data section of 8 bytes")]
    [InlineData("{\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"t\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", "header names 't' twice")]
    [InlineData("{\"t\":[1]}", "tensor 't': expected an object")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "__metadata__ entry 'k' must be a string, found Number")]
    [InlineData("{\"__metadata__\":[]}", "__metadata__ must be an object of strings")]
    public void BadEntry_IsRejectedWithTensorAndValues(string header, string expectedMessage)
    {
        var e = Bad(FileOf(header, new byte[8]));
        Assert.Contains(expectedMessage, e.Message);
    }

    [Fact]
    public void OverlappingTensors_AreRejected()
    {
        var e = Bad(FileOf(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
            new byte[12]));
        Assert.Contains("tensor 'b': data_offsets [4, 12] overlap tensor 'a' at [0, 8]", e.Message);
    }

    [Fact]
    public void EmptyTensors_MayShareOffsets()
    {
        SafetensorsFile read = SafetensorsReader.Parse(FileOf(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},\"b\":{\"dtype\":\"F32\",\"shape\":[3,0],\"data_offsets\":[0,0]},\"c\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
            Floats(9f)));
        Assert.Equal(0, read["b"].ElementCount);
        Assert.Equal([9f], read["c"].ToSingleArray());
    }

    [Fact]
    public void TruncatedFile_AtEveryCutPoint_ThrowsWeightFileException()
    {
        byte[] file = Write(new SafetensorsWriter()
            .Add("layer.weight", [3, 2], [1, 2, 3, 4, 5, 6])
            .Add("layer.bias", [3], [7, 8, 9])
            .AddMetadata("format", "pt"));

        for (int cut = 0; cut < file.Length; cut++)
        {
            byte[] truncated = file.AsSpan(0, cut).ToArray();
            // Through the Stream entry point as a caller would; any other exception type fails the test.
            Assert.Throws<WeightFileException>(() => SafetensorsFile.Read(new MemoryStream(truncated)));
        }
        Assert.Equal(9, SafetensorsFile.Read(new MemoryStream(file)).Tensors.Sum(t => (int)t.ElementCount));
    }

    [Fact]
    public void CorruptedByte_AnywhereInHeader_NeverThrowsAnythingElse()
    {
        byte[] file = Write(new SafetensorsWriter().Add("w", [2, 2], [1, 2, 3, 4]).Add("b", [2], [5, 6]));
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        foreach (byte replacement in new byte[] { 0x00, (byte)'9', (byte)'"', (byte)'{', (byte)']', 0xFF })
        {
            for (int i = 0; i < headerEnd; i++)
            {
                byte[] copy = (byte[])file.Clone();
                copy[i] = replacement;
                try
                {
                    SafetensorsReader.Parse(copy);
                }
                catch (WeightFileException)
                {
                }
            }
        }
    }

    [Fact]
    public void Indexer_OnMissingTensor_ListsNames()
    {
        SafetensorsFile read = SafetensorsReader.Parse(Write(new SafetensorsWriter().Add("a", [1], [1f]).Add("b", [1], [1f])));
        Assert.Equal("tensor 'c' is missing (file has: a, b)", Assert.Throws<WeightFileException>(() => read["c"]).Message);
        Assert.False(read.TryGetTensor("c", out _));
    }
}
