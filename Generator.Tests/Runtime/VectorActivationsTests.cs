using System.Runtime.Intrinsics;
using NetGen.CompilerServices;

namespace NetGen.Tests.Runtime;

/// <summary>
/// The fused recurrent gates compute sigmoid and tanh with <see cref="VectorActivations"/>: against double precision
/// over 10⁻³..10³ in both signs, the edges (±0, ±∞, NaN, past the exponential's clamp) and the 128-, 256- and 512-bit
/// forms giving the same floats (the scalar one, for leftover units, within 2·10⁻⁷).
/// </summary>
public class VectorActivationsTests
{
    // The library's own TensorPrimitives.Sigmoid and Tanh are 8.9·10⁻⁸ and 1.5·10⁻⁷ off on the same inputs.
    private const double Tolerance = 2e-7;

    private static float[] Inputs()
    {
        var random = new Random(3);
        var values = new float[1 << 16];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.NextDouble() * 6 - 3));
        }
        return values;
    }

    [Fact]
    public void Sigmoid_and_tanh_are_within_2e_7_of_double_precision_in_every_width()
    {
        float[] x = Inputs();
        double worstSigmoid = 0, worstTanh = 0;
        for (int i = 0; i < x.Length; i += 16)
        {
            Vector512<float> sigmoid512 = VectorActivations.Sigmoid(Vector512.Create(x, i)), tanh512 = VectorActivations.Tanh(Vector512.Create(x, i));
            Vector256<float> sigmoid256 = VectorActivations.Sigmoid(Vector256.Create(x, i)), tanh256 = VectorActivations.Tanh(Vector256.Create(x, i));
            Vector128<float> sigmoid128 = VectorActivations.Sigmoid(Vector128.Create(x, i)), tanh128 = VectorActivations.Tanh(Vector128.Create(x, i));
            for (int k = 0; k < 16; k++)
            {
                double value = x[i + k];
                worstSigmoid = Math.Max(worstSigmoid, Math.Abs(sigmoid512[k] - 1 / (1 + Math.Exp(-value))));
                worstTanh = Math.Max(worstTanh, Math.Abs(tanh512[k] - Math.Tanh(value)));
                Assert.Equal(sigmoid512[k], VectorActivations.Sigmoid(x[i + k]), 2e-7f);
                Assert.Equal(tanh512[k], VectorActivations.Tanh(x[i + k]), 2e-7f);
                if (k < 8)
                {
                    Assert.Equal(sigmoid512[k], sigmoid256[k]);
                    Assert.Equal(tanh512[k], tanh256[k]);
                }
                if (k < 4)
                {
                    Assert.Equal(sigmoid512[k], sigmoid128[k]);
                    Assert.Equal(tanh512[k], tanh128[k]);
                }
            }
        }
        Assert.True(worstSigmoid <= Tolerance, $"sigmoid is {worstSigmoid:E2} off");
        Assert.True(worstTanh <= Tolerance, $"tanh is {worstTanh:E2} off");
    }

    [Theory]
    [InlineData(0f, 0.5f, 0f)]
    [InlineData(1e-30f, 0.5f, 0f)] // tanh underflows to a zero with x's sign
    [InlineData(-1e-30f, 0.5f, -0f)]
    [InlineData(float.PositiveInfinity, 1f, 1f)]
    [InlineData(100f, 1f, 1f)]
    [InlineData(-100f, 0f, -1f)] // sigmoid is e^−88.38 there, below 10⁻³⁸
    [InlineData(float.NegativeInfinity, 0f, -1f)]
    public void Edges(float x, float sigmoid, float tanh)
    {
        float s = VectorActivations.Sigmoid(Vector512.Create(x))[0], t = VectorActivations.Tanh(Vector256.Create(x))[0];
        Assert.Equal(sigmoid, s, 1e-38f);
        Assert.Equal(BitConverter.SingleToInt32Bits(tanh), BitConverter.SingleToInt32Bits(t));
    }

    [Fact]
    public void NaN_stays_NaN()
    {
        Assert.True(float.IsNaN(VectorActivations.Sigmoid(Vector512.Create(float.NaN))[0]));
        Assert.True(float.IsNaN(VectorActivations.Tanh(Vector512.Create(float.NaN))[0]));
        Assert.True(float.IsNaN(VectorActivations.Sigmoid(Vector256.Create(float.NaN))[0]));
        Assert.True(float.IsNaN(VectorActivations.Tanh(Vector256.Create(float.NaN))[0]));
        Assert.True(float.IsNaN(VectorActivations.Sigmoid(Vector128.Create(float.NaN))[0]));
        Assert.True(float.IsNaN(VectorActivations.Tanh(Vector128.Create(float.NaN))[0]));
    }
}
