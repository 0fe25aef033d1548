using System.Numerics;

namespace NetGen.Tests.Numerics;

/// <summary>The central difference and the gradient assertion that every finite-difference check shares.</summary>
internal static class FiniteDifferences
{
    /// <summary>(loss(x + h) − loss(x − h)) / 2h for x = <paramref name="values"/>[<paramref name="index"/>], which is restored afterwards.</summary>
    public static double Central<T>(Span<T> values, int index, T h, Func<double> loss) where T : IFloatingPoint<T>
    {
        T saved = values[index];
        values[index] = saved + h;
        double plus = loss();
        values[index] = saved - h;
        double minus = loss();
        values[index] = saved;
        return (plus - minus) / (2 * double.CreateChecked(h));
    }

    /// <summary>|numeric − analytic| ≤ absolute + relative · max(|numeric|, |analytic|), naming <paramref name="what"/> when not.</summary>
    public static void AssertGradient(double numeric, double analytic, double absolute, double relative, string what)
    {
        double tolerance = absolute + relative * Math.Max(Math.Abs(numeric), Math.Abs(analytic));
        Assert.True(Math.Abs(numeric - analytic) <= tolerance, $"{what}: finite difference {numeric:G6}, analytic {analytic:G6}");
    }
}
