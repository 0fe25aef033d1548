using CsCheck;

namespace NetGen.Tests.Infrastructure;

/// <summary>
/// Runs a property on cases drawn from one seeded chain, so every run tests the same cases. CsCheck's
/// <c>Sample(seed: …)</c> uses its seed for the first iteration only and fresh random ones after it: a property run in
/// CI that way tests different cases every time and can fail on a commit that changed nothing.
/// </summary>
internal static class SeededSample
{
    /// <summary>
    /// Draws <paramref name="iterations"/> cases from <paramref name="gen"/>, case <c>i</c> from its own seed taken
    /// <c>i</c>-th from <paramref name="seed"/>'s chain, and runs <paramref name="property"/> on them in parallel. The
    /// first failing case (lowest index) is rethrown with its seed: <c>gen.Sample(property, seed: "…", iter: 1)</c>
    /// reproduces it, and CsCheck shrinks it from there.
    /// </summary>
    public static void Run<T>(Gen<T> gen, Action<T, int> property, string seed, int iterations)
    {
        PCG chain = PCG.Parse(seed);
        var seeds = new PCG[iterations];
        for (int i = 0; i < iterations; i++) seeds[i] = new PCG(chain.Stream, chain.Next64());

        var failures = new Exception?[iterations];
        Parallel.For(0, iterations, i =>
        {
            string caseSeed = seeds[i].ToString();
            try
            {
                T value = gen.Generate(seeds[i], null, out _);
                property(value, i);
            }
            catch (Exception exception)
            {
                failures[i] = new Xunit.Sdk.XunitException($"case {i} of {iterations} (seed \"{caseSeed}\") failed: {exception.Message}", exception);
            }
        });
        Exception? first = failures.FirstOrDefault(failure => failure is not null);
        if (first is not null) throw first;
    }

    /// <inheritdoc cref="Run{T}(Gen{T}, Action{T, int}, string, int)"/>
    public static void Run<T>(Gen<T> gen, Action<T> property, string seed, int iterations) =>
        Run(gen, (value, _) => property(value), seed, iterations);
}
