using System.Text.Json;
using IntegrationHub.Contracts.Workers.Reasoning;
using Xunit;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>
/// Offline classify-intent on colloquial, ASR-like utterances for the three shipped voice-bot intent sets
/// (<c>Data/intents.jsonl</c>). The "dev" split was used while writing the intent sets' keywords and patterns;
/// the "heldout" split was written at the same time and not used for tuning.
/// </summary>
public sealed class OfflineIntentAccuracyTests(ITestOutputHelper output)
{
    private sealed record Case(string Set, string Text, string Intent, string Split);

    [Fact]
    public async Task Offline_classify_intent_accuracy_on_voice_bot_utterances()
    {
        var cases = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "intents.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<Case>(l, JsonSerializerOptions.Web)!)
            .ToList();
        Assert.True(cases.Count >= 100, $"only {cases.Count} utterances");

        await using var worker = new Worker();
        var results = new List<(Case Case, ClassifyIntentReply Reply)>();
        foreach (var c in cases)
            results.Add((c, await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest(c.Text, c.Set))));

        Assert.All(results, r =>
        {
            Assert.Null(r.Reply.Error);
            Assert.Equal(ReasoningEngines.Offline, r.Reply.Meta.Engine);
            Assert.False(r.Reply.Meta.FellBack);
        });

        double Accuracy(IEnumerable<(Case Case, ClassifyIntentReply Reply)> rs)
        {
            var list = rs.ToList();
            return list.Count == 0 ? 0 : list.Count(r => r.Reply.Intent == r.Case.Intent) / (double)list.Count;
        }

        var all = Accuracy(results);
        var dev = Accuracy(results.Where(r => r.Case.Split == "dev"));
        var heldout = Accuracy(results.Where(r => r.Case.Split == "heldout"));
        output.WriteLine($"offline classify-intent accuracy: {all:P1} on {results.Count} utterances (dev {dev:P1} on {results.Count(r => r.Case.Split == "dev")}, held-out {heldout:P1} on {results.Count(r => r.Case.Split == "heldout")})");
        foreach (var g in results.GroupBy(r => r.Case.Intent).OrderBy(g => g.Key, StringComparer.Ordinal))
            output.WriteLine($"  {g.Key}: {Accuracy(g):P0} ({g.Count(r => r.Reply.Intent == r.Case.Intent)}/{g.Count()})");
        foreach (var (c, reply) in results.Where(r => r.Reply.Intent != r.Case.Intent))
            output.WriteLine($"  miss [{c.Split}] {c.Set}: \"{c.Text}\" expected {c.Intent}, got {reply.Intent} ({reply.Confidence})");

        Assert.True(all >= 0.90, $"accuracy {all:P1} below 90%");
        Assert.True(heldout >= 0.85, $"held-out accuracy {heldout:P1} below 85%");
    }

    [Fact]
    public async Task Promised_payment_time_is_returned_as_a_slot()
    {
        await using var worker = new Worker();
        var reply = await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest("嗯好的那我明天下午去交", "fee-reminder"));
        Assert.Equal("承诺缴费", reply.Intent);
        Assert.Equal("明天", reply.Slots!["promise_time"]);
    }

    [Fact]
    public async Task Inline_intents_work_without_an_intent_set()
    {
        await using var worker = new Worker();
        var reply = await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest("帮我查一下这个月的账单", Intents:
        [
            new IntentDefinition("查账单", Examples: ["查一下账单", "我这个月用了多少钱"], Keywords: ["账单", "多少钱"]),
            new IntentDefinition("报修", Examples: ["家里停电了", "线路坏了来修一下"], Keywords: ["停电", "修"]),
            new IntentDefinition("其他"),
        ]));
        Assert.Equal("查账单", reply.Intent);
    }

    [Fact]
    public async Task Invalid_inline_pattern_is_an_error_reply()
    {
        await using var worker = new Worker();
        var reply = await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest("好的", Intents: [new IntentDefinition("a", Patterns: ["(unclosed"]), new IntentDefinition("其他")]));
        Assert.Null(reply.Intent);
        Assert.Equal("intent.invalid-pattern", reply.Error!.Code);
    }

    [Fact]
    public async Task Unknown_intent_set_is_an_error_reply()
    {
        await using var worker = new Worker();
        var reply = await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest("好的", "no-such-set"));
        Assert.Null(reply.Intent);
        Assert.Equal("intent.unknown-set", reply.Error!.Code);
        Assert.Contains("fee-reminder", reply.Error.Message);
    }
}
