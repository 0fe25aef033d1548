using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Text;
using NetGen.Tests.Infrastructure;
using Xunit;

namespace NetGen.Tests.Runtime;

/// <summary>A layer named like another's prefix: "enc" must not take "enc.fc".</summary>
[Network(4)]
[Dense(3, Name = "enc")]
[Dense(2, Name = "enc.fc")]
public partial class PrefixNamedNet;

/// <summary>About a million parameters: a weight file of 4 MB, big enough for allocations to be measured against it.</summary>
[Network(1000)]
[Dense(1000)]
[Dense(10)]
public partial class FourMegabyteNet;

/// <summary>Weight files are checked before they are read and streamed into the network with bounded memory.</summary>
public class WeightFileStreamingTests
{
    /// <summary>Real bytes followed by a virtual run of zeros up to <see cref="Length"/>: a file of gigabytes that costs nothing.</summary>
    private sealed class ZeroTailStream(byte[] prefix, long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int count = (int)Math.Min(buffer.Length, Math.Max(0, length - Position));
            for (int i = 0; i < count; i++) buffer[i] = Position + i < prefix.Length ? prefix[Position + i] : (byte)0;
            Position += count;
            return count;
        }
        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => length + offset,
        };
        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private static byte[] Saved(INetwork network)
    {
        using var stream = new MemoryStream();
        network.SaveWeights(stream);
        return stream.ToArray();
    }

    [Fact]
    public void LoadLayers_MatchesWholeLayerNames()
    {
        var source = new PrefixNamedNet();
        source.InitializeParameters(1);
        var target = new PrefixNamedNet();
        target.InitializeParameters(2);
        float[] before = target.Parameters.ToArray();

        target.LoadLayers(new MemoryStream(Saved(source)), "enc");

        foreach (TensorLayout tensor in target.Tensors)
        {
            float[] expected = tensor.Name.StartsWith("enc.fc.", StringComparison.Ordinal) ? before : source.Parameters.ToArray();
            for (int row = 0; row < tensor.Rows; row++)
            {
                for (int column = 0; column < tensor.Columns; column++)
                {
                    int index = tensor.IndexOf(row, column);
                    Assert.Equal(expected[index], target.Parameters[index]);
                }
            }
        }
    }

    [Fact]
    public void TensorLayoutShape_CannotBeChangedThroughTheNetwork()
    {
        var network = new PrefixNamedNet();
        network.InitializeParameters(1);
        IList<int> shape = network.Tensors[0].Shape;
        Assert.Throws<NotSupportedException>(() => shape[0] = 99);
        Assert.Equal(new[] { 3, 4 }, network.Tensors[0].Shape.ToArray());
        Assert.Throws<ArgumentException>(() => new TensorLayout("x", default, 0, 1, false));
        Assert.Throws<ArgumentException>(() => network.Tensors[0] with { Shape = default });

        var copy = new PrefixNamedNet();
        copy.LoadWeights(new MemoryStream(Saved(network)));
        Assert.Equal(network.Parameters.ToArray(), copy.Parameters.ToArray());
    }

    [Fact]
    public void LoadAndSave_AllocateLessThanOneAndAHalfFiles_SeekableOrNot()
    {
        var source = new FourMegabyteNet();
        source.InitializeParameters(3);
        byte[] file = Saved(source);
        var target = new FourMegabyteNet();
        target.LoadWeights(new MemoryStream(file)); // warm up
        var output = new MemoryStream(file.Length);

        long before = GC.GetAllocatedBytesForCurrentThread();
        target.LoadWeights(new MemoryStream(file));
        long seekable = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        target.LoadWeights(new ForwardOnlyStream(new MemoryStream(file)));
        long forwardOnly = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        target.SaveWeights(output);
        long saving = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal(file, output.ToArray());
        Assert.True(seekable < 1.5 * file.Length, $"loading {file.Length} bytes allocated {seekable}");
        Assert.True(forwardOnly < 1.5 * file.Length, $"loading {file.Length} bytes forward-only allocated {forwardOnly}");
        Assert.True(saving < 1.5 * file.Length, $"saving {file.Length} bytes allocated {saving}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HeaderClaimingTwoToTheFortyBytes_IsRejectedAllocatingAlmostNothing(bool seekable)
    {
        byte[] file = new byte[4096];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1UL << 40);
        var network = new PrefixNamedNet();
        network.InitializeParameters(1);
        float[] parameters = network.Parameters.ToArray();
        Stream stream = seekable ? new MemoryStream(file) : new ForwardOnlyStream(new MemoryStream(file));
        Assert.Throws<WeightFileException>(() => network.LoadWeights(new MemoryStream(file))); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<WeightFileException>(() => network.LoadWeights(stream));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("header length 1099511627776 is larger than the limit", e.Message);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated}");
        Assert.Equal(parameters, network.Parameters.ToArray());
    }

    [Fact]
    public void HeaderLongerThanAForwardOnlyStream_FailsAtTheShortfall_WithoutAllocatingTheClaim()
    {
        byte[] file = new byte[1000];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 90_000_000); // under the limit, far beyond the stream
        var network = new PrefixNamedNet();

        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<WeightFileException>(() => network.LoadWeights(new ForwardOnlyStream(new MemoryStream(file))));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("file is truncated: header length is 90000000 bytes", e.Message);
        Assert.True(allocated < 3_000_000, $"allocated {allocated}");
    }

    [Fact]
    public void EveryTruncation_OfAForwardOnlyStream_IsRejectedWithTheWeightsUntouched()
    {
        var source = new PrefixNamedNet();
        source.InitializeParameters(1);
        byte[] file = Saved(source);
        var target = new PrefixNamedNet();
        target.InitializeParameters(2);
        float[] before = target.Parameters.ToArray();
        for (int length = 0; length < file.Length; length++)
        {
            var stream = new ForwardOnlyStream(new MemoryStream(file, 0, length));
            Assert.Throws<WeightFileException>(() => target.LoadWeights(stream));
            Assert.Equal(before, target.Parameters.ToArray());
        }
    }

    [Fact]
    public void ThreeGigabyteFile_LoadsTheTensorsItNeeds()
    {
        // The network's tensors, then a 3 GB tensor it does not use: skipped by seeking, never read or held.
        var source = new PrefixNamedNet();
        source.InitializeParameters(4);
        byte[] file = Saved(source);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, headerLength).TrimEnd();
        long dataLength = file.Length - 8 - headerLength;
        const long Junk = 3_000_000_000;
        byte[] bigHeader = Encoding.UTF8.GetBytes(header[..^1] + $",\"junk\":{{\"dtype\":\"U8\",\"shape\":[3,1000000000],\"data_offsets\":[{dataLength},{dataLength + Junk}]}}}}");
        byte[] prefix = [.. new byte[8], .. bigHeader, .. file.AsSpan(8 + headerLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)bigHeader.Length);

        var target = new PrefixNamedNet();
        long before = GC.GetAllocatedBytesForCurrentThread();
        target.LoadWeights(new ZeroTailStream(prefix, prefix.Length + Junk));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.True(allocated < 1_000_000, $"allocated {allocated}");
    }

    [Fact]
    public void LoadingFromAPath_NamesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"netgen-bad-{Guid.NewGuid():N}.safetensors");
        var network = new PrefixNamedNet();
        try
        {
            File.WriteAllBytes(path, [1, 2, 3]);
            var e = Assert.Throws<WeightFileException>(() => network.Load(path));
            Assert.StartsWith($"{path}: file is truncated", e.Message);
            var layers = Assert.Throws<WeightFileException>(() => network.LoadLayers(path, "enc"));
            Assert.StartsWith($"{path}: ", layers.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
