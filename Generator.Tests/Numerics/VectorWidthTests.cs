using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Every kernel is emitted for 512-, 256- and 128-bit vectors and picked by <c>VectorNNN.IsHardwareAccelerated</c>.
/// This machine takes the widest path, so the kernel tests run again in child processes with AVX-512,
/// then AVX2 too, switched off in the JIT, where the narrower paths run.
/// </summary>
public class VectorWidthTests
{
    private const string Expect512 = "NETGEN_EXPECT_VECTOR512", Expect256 = "NETGEN_EXPECT_VECTOR256";

    [Fact]
    [Trait("Category", "Kernels")]
    public void RunsOnTheExpectedVectorPath()
    {
        if (Environment.GetEnvironmentVariable(Expect512) is { } expect512) Assert.Equal(bool.Parse(expect512), Vector512.IsHardwareAccelerated);
        if (Environment.GetEnvironmentVariable(Expect256) is { } expect256) Assert.Equal(bool.Parse(expect256), Vector256.IsHardwareAccelerated);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(128)]
    public async Task KernelTestsPassOnNarrowerVectors(int bits)
    {
        if (!Vector512.IsHardwareAccelerated || !Vector256.IsHardwareAccelerated) return; // this machine cannot show the difference

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("test");
        start.ArgumentList.Add(typeof(VectorWidthTests).Assembly.Location);
        start.ArgumentList.Add("--filter");
        start.ArgumentList.Add("Category=Kernels");
        start.Environment["DOTNET_EnableAVX512"] = "0";
        start.Environment["DOTNET_EnableAVX512F"] = "0";
        start.Environment[Expect512] = "false";
        if (bits == 128)
        {
            start.Environment["DOTNET_EnableAVX2"] = "0";
            start.Environment[Expect256] = "false";
        }
        else
        {
            start.Environment[Expect256] = "true";
        }
        using Process process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        // A child that hangs must not outlive the test: kill its whole tree on time-out.
        using CancellationTokenRegistration kill = timeout.Token.Register(() => process.Kill(entireProcessTree: true));
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        string output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"kernel tests failed on {bits}-bit vectors:\n{output}\n{await error}");
        Assert.Contains("Passed!", output);
    }
}
