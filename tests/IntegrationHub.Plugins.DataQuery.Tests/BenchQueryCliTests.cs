using System.Text.Json;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary><c>hub bench query --json</c> runs end to end and its last line has the documented shape (timings are not checked).</summary>
public sealed class BenchQueryCliTests(DemoDatabase db) : IClassFixture<DemoDatabase>
{
    [CliFact]
    public async Task Bench_query_prints_one_json_object_last()
    {
        var result = await ExternalProcess.HubAsync(["bench", "query", "--db", $"Data Source={db.Path}", "--iterations", "1", "--ask-iterations", "1", "--json"]);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}");

        var last = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
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
