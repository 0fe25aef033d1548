using System.Diagnostics;
using System.Text;

namespace NetGen.Tests.Package;

/// <summary>
/// Runs the .NET SDK's <c>dotnet</c> as a user's shell would, in a given folder, with NuGet restoring into
/// <paramref name="packagesFolder"/> when one is given. Variables that <c>dotnet test</c> sets for its own MSBuild and test host are dropped, so the child
/// builds as a fresh command line does; build servers are off, so no process outlives the command.
/// </summary>
public sealed class DotnetCommand(string? packagesFolder)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(10);

    public sealed record Result(string Command, int ExitCode, string Output, TimeSpan Elapsed)
    {
        public override string ToString() => $"`{Command}` exited with {ExitCode} after {Elapsed.TotalSeconds:F0} s:\n{Output}";
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="folder"/>; fails the test on a non-zero exit.</summary>
    public Result Run(string folder, params string[] arguments)
    {
        Result result = TryRun(folder, arguments);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="folder"/> and returns what it printed.</summary>
    public Result TryRun(string folder, params string[] arguments) => RunProgram("dotnet", folder, arguments);

    /// <summary>Runs <paramref name="program"/> (a path) in <paramref name="folder"/> with the same environment.</summary>
    public Result RunProgram(string program, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        foreach (string name in start.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase))
            {
                start.Environment.Remove(name);
            }
        }
        if (packagesFolder is not null) start.Environment["NUGET_PACKAGES"] = packagesFolder;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["UseSharedCompilation"] = "false";

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string command = program + " " + string.Join(' ', arguments);
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{command}` did not finish within {s_timeout.TotalMinutes} minutes:\n{output}");
        }
        process.WaitForExit(); // drains the redirected output
        lock (output) return new Result(command, process.ExitCode, output.ToString(), watch.Elapsed);
    }
}
