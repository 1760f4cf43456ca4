using System.Diagnostics;
using System.Text.Json;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary><c>hub bench query --json</c> runs end to end and its last line has the documented shape (timings are not checked).</summary>
public sealed class BenchQueryCliTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    [CliFact]
    public async Task Bench_query_prints_one_json_object_last()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { DevSetEvalTests.HubDll()!, "bench", "query", "--db", $"Data Source={db.Path}", "--iterations", "1", "--ask-iterations", "1", "--json" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stdout}{await stderr}");

        var last = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        using var json = JsonDocument.Parse(last);
        string[] keys =
        [
            "questions", "translated", "translate_p50_ms", "translate_p95_ms", "translate_p99_ms", "translate_cold_p50_ms",
            "bus_translate_p50_ms", "bus_translate_p95_ms", "ask_p50_ms", "ask_p95_ms", "ratio",
        ];
        Assert.Equal(keys, json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.All(keys, k => Assert.True(json.RootElement.GetProperty(k).GetDouble() > 0, k));
        Assert.True(json.RootElement.GetProperty("questions").GetInt32() >= 30, "the shipped question set is used by default");
    }
}
