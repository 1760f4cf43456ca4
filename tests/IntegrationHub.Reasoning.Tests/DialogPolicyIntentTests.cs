using System.Text.Json;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Reasoning.Offline;
using Xunit;
using Xunit.Abstractions;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>
/// The shared dialog-policy intents (拒绝来电, 怀疑诈骗, included by every voice script) and the confirm set, on
/// colloquial and dialect-flavoured utterances (<c>Data/dialog-policy-intents.jsonl</c>). The "heldout" split was
/// written with the "dev" split, before the patterns, and was not used to tune them.
/// </summary>
public sealed class DialogPolicyIntentTests(ITestOutputHelper output)
{
    private sealed record Case(string Set, string Text, string Intent, string Split);

    [Fact]
    public async Task Opt_out_and_fraud_suspicion_are_recognised_in_every_script_without_stealing_its_own_intents()
    {
        var cases = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", "dialog-policy-intents.jsonl"))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<Case>(l, JsonSerializerOptions.Web)!)
            .ToList();

        await using var worker = new Worker();
        var results = new List<(Case Case, ClassifyIntentReply Reply)>();
        foreach (var c in cases)
            results.Add((c, await worker.Service.ClassifyIntentAsync(new ClassifyIntentRequest(c.Text, c.Set))));

        double Accuracy(string split)
        {
            var list = results.Where(r => r.Case.Split == split).ToList();
            return list.Count(r => r.Reply.Intent == r.Case.Intent) / (double)list.Count;
        }

        var (dev, heldout) = (Accuracy("dev"), Accuracy("heldout"));
        output.WriteLine($"dialog-policy intents: dev {dev:P1} on {results.Count(r => r.Case.Split == "dev")}, held-out {heldout:P1} on {results.Count(r => r.Case.Split == "heldout")}");
        foreach (var (c, reply) in results.Where(r => r.Reply.Intent != r.Case.Intent))
            output.WriteLine($"  miss [{c.Split}] {c.Set}: \"{c.Text}\" expected {c.Intent}, got {reply.Intent} ({reply.Confidence})");

        Assert.True(dev >= 0.95, $"dev accuracy {dev:P1} below 95%");
        Assert.True(heldout >= 0.80, $"held-out accuracy {heldout:P1} below 80%");
        // A payment promise or an acknowledgement must never be taken for an opt-out (that would stop calls for good).
        Assert.DoesNotContain(results, r => r.Reply.Intent == "拒绝来电" && r.Case.Intent != "拒绝来电");
    }

    [Fact]
    public void Included_intents_follow_the_sets_own_and_a_missing_include_is_a_load_error()
    {
        var catalog = new IntentSetCatalog(Path.Combine(AppContext.BaseDirectory, "IntentSets"));
        var fee = catalog.Find("fee-reminder")!;
        Assert.Equal(["已缴费", "承诺缴费", "有异议", "转人工", "其他", "拒绝来电", "怀疑诈骗"], fee.Intents.Select(i => i.Name));
        Assert.Null(fee.Include);

        var folder = Directory.CreateTempSubdirectory("intent-sets-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "a.json"), """{ "name": "a", "defaultIntent": "其他", "include": [ "nowhere" ], "intents": [ { "name": "其他" } ] }""");
            var error = Assert.Throws<InvalidDataException>(() => new IntentSetCatalog(folder.FullName));
            Assert.Contains("nowhere", error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
