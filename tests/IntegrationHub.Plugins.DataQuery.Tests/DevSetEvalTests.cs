using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary>Runs when python3, the shared dataset and the built <c>hub</c> CLI are all present; otherwise skipped with the reason.</summary>
public sealed class EvalFactAttribute : FactAttribute
{
    public EvalFactAttribute()
    {
        if (DevSetEvalTests.MissingReason() is { } reason) Skip = reason;
    }
}

/// <summary>
/// The issue's evaluation, end to end: the database made by <c>generate.py</c>, the batch <c>hub ask</c> CLI on
/// <c>questions.dev.jsonl</c>, scored by <c>eval.py</c>; prints <c>EX n/40</c>.
/// </summary>
public sealed partial class DevSetEvalTests(ITestOutputHelper output)
{
    private static string? Dataset => DemoDatabase.FindShared("datasets/power-marketing/generate.py") is { } p ? Path.GetDirectoryName(p) : null;

    /// <summary>The CLI built beside this test (same configuration), as <c>dotnet build</c> of the solution leaves it.</summary>
    internal static string? HubDll()
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory); // tests/X/bin/{Configuration}/net10.0/
        var configuration = bin.Parent?.Name ?? "Debug";
        for (var dir = bin; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "IntegrationHub.Cli", "bin", configuration, "net10.0", "hub.dll");
            if (File.Exists(candidate)) return candidate;
        }

        return null;
    }

    internal static string? MissingReason()
    {
        if (Dataset is null) return "shared/datasets/power-marketing is not on this machine";
        if (HubDll() is null) return "the hub CLI is not built (dotnet build src/IntegrationHub.Cli)";
        try
        {
            using var p = Process.Start(new ProcessStartInfo("python3", "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            p.WaitForExit(10_000);
            return p.ExitCode == 0 ? null : "python3 does not run";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "python3 is not installed";
        }
    }

    [EvalFact]
    public async Task Batch_cli_on_the_dev_set_reaches_38_of_40()
    {
        var work = Directory.CreateTempSubdirectory("dq-eval-");
        try
        {
            var db = Path.Combine(work.FullName, "power_marketing.sqlite");
            var answers = Path.Combine(work.FullName, "A.jsonl");
            var questions = Path.Combine(Dataset!, "questions.dev.jsonl");
            await Run("python3", [Path.Combine(Dataset!, "generate.py"), db]);
            var cli = await Run("dotnet", [HubDll()!, "ask", "--db", $"Data Source={db}", "--as-of", "2025-06-18", "--input", questions, "--output", answers]);
            output.WriteLine(cli);
            var eval = await Run("python3", [Path.Combine(Dataset!, "eval.py"), db, questions, answers, "--verbose"]);
            output.WriteLine(eval);
            var match = Ex().Match(eval);
            Assert.True(match.Success, eval);
            Console.WriteLine($"DataQuery dev set: {match.Value}");
            Assert.True(int.Parse(match.Groups[1].Value) >= 38, eval);
            Assert.Equal(40, File.ReadLines(answers).Count(l => l.Trim().Length > 0));
        }
        finally
        {
            work.Delete(true);
        }
    }

    internal static async Task<string> Run(string file, IReadOnlyList<string> args)
    {
        var result = await ExternalProcess.RunAsync(file, args);
        Assert.True(result.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {result.ExitCode}: {result.Output}");
        return result.Output;
    }

    [GeneratedRegex(@"EX (\d+)/(\d+)")]
    internal static partial Regex Ex();
}
