using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Benchmarks;
using IntegrationHub.Reasoning.Cli;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>What <c>hub reason …</c> and <c>hub bench reasoning</c> run (the CLI commands are thin wrappers).</summary>
public sealed class CliTests
{
    [Fact]
    public async Task Classify_intent_jsonl_keeps_order_and_reports_bad_lines()
    {
        await using var worker = new Worker();
        var input = new StringReader("""
            {"id":"a1","text":"嗯 交过了 昨天在微信上交的"}
            {"id":"a2","text":"给我转人工"}

            not json
            {"id":3,"text":"好的 月底前一定交"}
            """);
        var output = new StringWriter();

        var (lines, errors) = await ReasoningCli.RunAsync(worker.Service, new ReasoningCli.Settings("classify-intent", IntentSet: "fee-reminder"), input, output, CancellationToken.None);

        Assert.Equal((4, 1), (lines, errors));
        var rows = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["a1", "a2", null, "3"], rows.Select(r => r["id"]?.ToJsonString().Trim('"')));
        Assert.Equal(["已缴费", "转人工"], rows.Take(2).Select(r => r["intent"]!.GetValue<string>()));
        Assert.Equal("承诺缴费", rows[3]["intent"]!.GetValue<string>());
        Assert.Equal("offline", rows[0]["engine"]!.GetValue<string>());
        Assert.InRange(rows[0]["confidence"]!.GetValue<double>(), 0.05, 1);
        Assert.Equal(["id", "intent", "confidence", "engine"], rows[0].Select(p => p.Key));
        Assert.Equal("request.invalid", rows[2]["error"]!["code"]!.GetValue<string>());
        Assert.Equal("月底", rows[3]["slots"]!["promise_time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Summarize_draft_and_text_to_sql_jsonl()
    {
        await using var worker = new Worker();

        var summary = new StringWriter();
        await ReasoningCli.RunAsync(worker.Service, new ReasoningCli.Settings("summarize"),
            new StringReader("""{"id":1,"columns":["城市","户数"],"rows":[["杭州",3],["宁波",1]]}"""), summary, CancellationToken.None);
        Assert.Contains("户数合计4", JsonNode.Parse(summary.ToString())!["summary"]!.GetValue<string>());

        var draft = new StringWriter();
        await ReasoningCli.RunAsync(worker.Service, new ReasoningCli.Settings("draft"),
            new StringReader("""{"id":1,"kind":"operation-ticket","facts":{"task":"运行转检修","station":"城东变","line":"城东Ⅰ回","breaker":912}}"""), draft, CancellationToken.None);
        var ticket = JsonNode.Parse(draft.ToString())!;
        Assert.Equal("城东变城东Ⅰ回线912开关及线路由运行转检修", ticket["title"]!.GetValue<string>());
        Assert.True(ticket["steps"]!.AsArray().Count >= 10);

        var catalogFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(catalogFile, JsonSerializer.Serialize(LlmPathTests.Catalog, JsonSerializerOptions.Web));
            var (catalog, layer) = ReasoningCli.LoadCatalog(catalogFile, null);
            var sql = new StringWriter();
            await ReasoningCli.RunAsync(worker.Service, new ReasoningCli.Settings("text-to-sql", Catalog: catalog, SemanticLayer: layer, AsOf: new DateOnly(2025, 6, 30)),
                new StringReader("""{"id":"q1","question":"杭州的客户有多少"}"""), sql, CancellationToken.None);
            var answer = JsonNode.Parse(sql.ToString())!;
            Assert.Contains("COUNT", answer["sql"]!.GetValue<string>());
            Assert.Equal("杭州", answer["parameters"]!.AsObject().Single().Value!.GetValue<string>());
        }
        finally
        {
            File.Delete(catalogFile);
        }
    }

    [Fact]
    public async Task Bench_measures_bus_and_in_process_and_ends_with_one_json_line()
    {
        var output = new StringWriter();
        var results = await ReasoningBenchmark.RunAsync(new ReasoningBenchmark.Settings(Seconds: 0.3, Clients: 2, Json: true),
            new ConfigurationBuilder().Build(), output, CancellationToken.None);

        Assert.Equal(["classify-intent", "summarize", "draft", "text-to-sql"], results.Select(r => r.Skill));
        Assert.All(results, r => Assert.True(r.InProcess.Requests > 0 && r.Bus.Requests > 0));
        var last = JsonNode.Parse(output.ToString().TrimEnd().Split('\n')[^1])!;
        Assert.Equal("reasoning", last["benchmark"]!.GetValue<string>());
        Assert.True(last["skills"]!["classify-intent"]!["bus"]!["rps"]!.GetValue<double>() > 0);
    }
}
