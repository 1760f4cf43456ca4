using System.Diagnostics;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary>Runs a program the tests drive from outside (the built hub CLI, python3) to its end.</summary>
internal static class ExternalProcess
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;
    }

    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout ?? DefaultTimeout);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary><c>dotnet hub.dll ARGS</c> with the CLI built beside the tests (see <see cref="DevSetEvalTests.HubDll"/>).</summary>
    public static Task<Result> HubAsync(IEnumerable<string> args, TimeSpan? timeout = null) =>
        RunAsync("dotnet", [DevSetEvalTests.HubDll()!, .. args], timeout);
}
