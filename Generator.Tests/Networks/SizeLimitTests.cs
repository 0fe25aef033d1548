using NetGen.CompilerServices;

namespace NetGen.Tests.Networks
{
    /// <summary>The example: one Dense layer of 16, whose buffers hold 16 floats a sample.</summary>
    [Network(16)]
    [Dense(16)]
    public partial class Dense16Net;

    /// <summary>A wide layer: 4,096 floats a sample, so 2^20 samples would need 2^32 floats in one buffer.</summary>
    [Network(16)]
    [Dense(4096)]
    public partial class Dense4096Net;

    /// <summary>
    /// Batches whose buffers cannot exist are refused with the limit named, before anything changes: every length
    /// check is computed in long, and no product of batch and size wraps.
    /// </summary>
    public class SizeLimitTests
    {
        [Fact]
        public void MaxBatchIsTheLargestBatchWhoseWidestBufferFitsInOneArray()
        {
            Assert.Equal(Dense16Net.MaxBatch, (Array.MaxLength - 15) / 16);
            long wide = Dense4096Net.MaxBatch; // a variable: the compiler would fold the constant comparisons
            Assert.True(wide * 4096 <= AlignedArrays.MaxLength);
            Assert.True((wide + 1) * 4096 > AlignedArrays.MaxLength);
        }

        [Theory]
        [InlineData(268435457)] // 268435457 × 16 wraps to 16 in int: it used to pass the length check and fault
        [InlineData(Dense16Net.MaxBatch + 1)]
        [InlineData(int.MaxValue)] // used to report "Expected -16 input floats"
        public void PredictAndForwardRefuseABatchAboveTheLimit(int batch)
        {
            var network = new Dense16Net();
            network.InitializeParameters(1);
            float[] before = network.Parameters.ToArray();
            var output = new float[16];
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.Predict(new float[16], output, batch));
            Assert.Equal("batch", error.ParamName);
            Assert.Contains(Dense16Net.MaxBatch.ToString(), error.Message);
            Assert.DoesNotContain("-", error.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() => network.Forward(new float[16], output, batch));
            Assert.All(output, value => Assert.Equal(0f, value));
            Assert.Equal(before, network.Parameters.ToArray());
            // Nothing changed: a normal call still works.
            network.Predict(new float[16], output, 1);
        }

        [Fact]
        public void ABatchWhoseBufferSizeWouldWrapToZeroIsRefused()
        {
            // 2^20 × 4096 = 2^32 floats: the buffer size used to wrap to 0 and the kernel wrote past it.
            var network = new Dense4096Net();
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => network.Predict(new float[16], new float[4096], 1 << 20));
            Assert.Contains(Dense4096Net.MaxBatch.ToString(), error.Message);
        }

        [Fact]
        public void LengthChecksAtTheLimitNameTheTrueProduct()
        {
            var network = new Dense16Net();
            var error = Assert.Throws<ArgumentException>(() => network.Predict(new float[16], new float[16], Dense16Net.MaxBatch));
            Assert.IsNotType<ArgumentOutOfRangeException>(error);
            Assert.Contains(((long)Dense16Net.MaxBatch * 16).ToString(), error.Message);
            Assert.DoesNotContain("-", error.Message);
        }

        [Fact]
        public void InitialStateRefusesABatchWhoseStateWouldWrap()
        {
            // 858993460 × 5 wraps to 4 in int: the state buffers would hold 4 floats but claim 858993460 samples.
            var network = new LstmState7x5();
            Assert.Throws<ArgumentOutOfRangeException>(() => network.Lstm0InitialHidden(858993460));
            Assert.Throws<ArgumentOutOfRangeException>(() => network.Lstm0InitialCell(int.MaxValue));
            Assert.Equal(5, network.Lstm0InitialHidden(1).Length);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(int.MaxValue)]
        [InlineData(int.MaxValue - 15)] // + the alignment slack used to wrap negative
        public void AlignedArraysRefuseLengthsNoArrayCanHold(int length)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => AlignedArrays.Allocate(length));
        }

        [Fact]
        public void TheTensorListCannotBeChangedThroughACast()
        {
            var network = new Dense16Net();
            Assert.False(network.Tensors is TensorLayout[]);
            Assert.True(((ICollection<TensorLayout>)network.Tensors).IsReadOnly);
        }
    }
}
