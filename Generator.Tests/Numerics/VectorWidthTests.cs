using System.Diagnostics;
using System.Runtime.Intrinsics;

namespace NetGen.Tests.Numerics;

/// <summary>
/// Every kernel is emitted for 512- and 256-bit vectors and picked by <c>Vector512.IsHardwareAccelerated</c>.
/// This machine takes the 512-bit path, so the kernel tests run again in a child process with AVX-512
/// switched off in the JIT, where the 256-bit path runs.
/// </summary>
public class VectorWidthTests
{
    private const string ExpectVariable = "NETGEN_EXPECT_VECTOR512";

    [Fact]
    [Trait("Category", "Kernels")]
    public void RunsOnTheExpectedVectorPath()
    {
        string? expected = Environment.GetEnvironmentVariable(ExpectVariable);
        if (expected is not null) Assert.Equal(bool.Parse(expected), Vector512.IsHardwareAccelerated);
    }

    [Fact]
    public async Task KernelTestsPassWithoutAvx512()
    {
        if (!Vector512.IsHardwareAccelerated) return; // already on the narrow path: the kernel tests ran on it in this process

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
        start.Environment[ExpectVariable] = "false";
        using Process process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        string output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"kernel tests failed on 256-bit vectors:\n{output}\n{await error}");
        Assert.Contains("Passed!", output);
    }
}
