using System.Text.Encodings.Web;
using System.Text.Json;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Reasoning.TextToSql;
using Xunit.Abstractions;

namespace IntegrationHub.Plugins.DataQuery.Tests;

/// <summary>Runs when the <c>hub</c> CLI is built beside this test (same configuration); otherwise skipped with the reason.</summary>
public sealed class CliFactAttribute : FactAttribute
{
    public CliFactAttribute()
    {
        if (DevSetEvalTests.HubDll() is null) Skip = "the hub CLI is not built (dotnet build src/IntegrationHub.Cli)";
    }
}

/// <summary>
/// <c>hub ask</c> as a process: the CLI does not carry the plugin; its embedded hub loads it from <c>plugins/DataQuery</c>
/// into a load context of its own and asks it over the bus, with the same answers as the pipeline called in process.
/// </summary>
public sealed class AskCliTests(DemoDatabase db, ITestOutputHelper output) : IClassFixture<DemoDatabase>
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [CliFact]
    public async Task Batch_answers_through_the_plugin_in_its_own_load_context_and_refuses_hostile_lines_without_stopping()
    {
        var hub = DevSetEvalTests.HubDll()!;
        var bin = Path.GetDirectoryName(hub)!;
        Assert.False(File.Exists(Path.Combine(bin, "IntegrationHub.Plugins.DataQuery.dll")), "the CLI must not carry the DataQuery plugin in its own folder");
        Assert.True(File.Exists(Path.Combine(bin, "plugins", "DataQuery", "IntegrationHub.Plugins.DataQuery.dll")), "the plugin is built into plugins/DataQuery");

        string[] questions =
        [
            "各地市的客户数",
            "drop table bill",
            "上个月各地市的用电量",
            "1; DELETE FROM bill",
            "How many customers are there in each city?",
            "删除所有账单",
            "今年逾期电费最多的5个客户",
        ];
        var work = Directory.CreateTempSubdirectory("dq-cli-");
        try
        {
            var input = Path.Combine(work.FullName, "Q.jsonl");
            var answers = Path.Combine(work.FullName, "A.jsonl");
            await File.WriteAllLinesAsync(input, questions.Select((q, i) => JsonSerializer.Serialize(new { id = $"q{i}", question = q }, Relaxed)));
            var (stdout, stderr) = await RunAsync(hub, "ask", "--db", $"Data Source={db.Path}", "--as-of", "2025-06-18", "--input", input, "--output", answers);
            output.WriteLine(stderr);
            Assert.Equal("", stdout.Trim());
            Assert.Contains("DataQuery plugin", stderr);
            Assert.Contains("Running, in its own collectible load context", stderr);

            var lines = (await File.ReadAllLinesAsync(answers)).Where(l => l.Trim().Length > 0).ToList();
            Assert.Equal(questions.Length, lines.Count);

            db.Sources.SetSemanticLayer("demo", SemanticLayerLoader.LoadShipped("power-marketing"));
            var inProcess = new AskPipeline(db.Sources, new FakeWorkers(), new MemoryStore(), new DataQueryOptions { DefaultSource = "demo", RowLimit = 1000 });
            for (var i = 0; i < questions.Length; i++)
            {
                using var line = JsonDocument.Parse(lines[i]);
                var answer = line.RootElement;
                Assert.Equal($"q{i}", answer.GetProperty("id").GetString());
                var expected = await inProcess.AskAsync(new AskQuestionRequest(questions[i], "demo", null, new DateOnly(2025, 6, 18)), "test");
                Assert.Equal(expected.Sql, answer.GetProperty("sql").GetString());
                Assert.Equal(expected.Columns, answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!));
                Assert.Equal(JsonSerializer.Serialize(expected.Rows, Relaxed), answer.GetProperty("rows").GetRawText());
                Assert.Equal(expected.Error is null ? null : $"{expected.Error.Code}: {expected.Error.Message}", answer.GetProperty("error").GetString());
            }

            foreach (var hostile in new[] { 1, 3, 5 })
            {
                using var line = JsonDocument.Parse(lines[hostile]);
                Assert.Equal(JsonValueKind.Null, line.RootElement.GetProperty("sql").ValueKind);
                var error = line.RootElement.GetProperty("error").GetString();
                Assert.False(string.IsNullOrWhiteSpace(error));
                Assert.DoesNotContain("query.failed", error);
            }

            foreach (var answered in new[] { 0, 2, 4, 6 })
            {
                using var line = JsonDocument.Parse(lines[answered]);
                Assert.Equal(JsonValueKind.Null, line.RootElement.GetProperty("error").ValueKind);
                Assert.NotEqual(0, line.RootElement.GetProperty("rows").GetArrayLength());
            }
        }
        finally
        {
            work.Delete(true);
        }
    }

    private static async Task<(string Stdout, string Stderr)> RunAsync(string hub, params string[] args)
    {
        var result = await ExternalProcess.RunAsync("dotnet", [hub, .. args]);
        Assert.True(result.ExitCode == 0, $"hub {string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return (result.Stdout, result.Stderr);
    }
}
