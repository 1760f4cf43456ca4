using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Workers.Reasoning;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;
using IntegrationHub.Plugins.PowerWorkOrders.Tests.Dialog;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

public sealed class VoiceDialogTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly PluginHarness _hub = new();

    // Stands in for the reasoning worker's offline engine with the fee-reminder intent set.
    private readonly FakeWorker _worker = new(request =>
    {
        var text = ((ClassifyIntentRequest)request).Utterance;
        var (intent, confidence) = text switch
        {
            _ when text.Contains("交了") => ("已缴费", 0.9),
            _ when text.Contains("过两天") => ("承诺缴费", 0.8),
            _ when text.Contains("人工") => ("转人工", 0.95),
            _ when text.Contains("不对") => ("有异议", 0.7),
            _ => ("其他", 0.1),
        };
        return new ClassifyIntentReply(intent, confidence, null, new ReasoningMeta("classify-intent", ReasoningEngines.Offline, "offline-1", 0, 0, 1));
    });

    private VoiceDialog Dialog(Dictionary<string, string?>? settings = null) => new DialogHarness(_worker, settings, _hub).Dialog;

    [Fact]
    public async Task Fee_reminder_conversation_of_several_turns_ends_with_a_stored_and_published_outcome()
    {
        var dialog = Dialog();
        var greeting = await dialog.NextAsync(new VoiceTurnRequest("call-1", "fee-reminder", 0, null), Now, default);
        var unclear = await dialog.NextAsync(new VoiceTurnRequest("call-1", "fee-reminder", 1, "喂？你说什么"), Now, default);
        var retried = await dialog.NextAsync(new VoiceTurnRequest("call-1", "fee-reminder", 1, "喂？你说什么"), Now, default);
        var paid = await dialog.NextAsync(new VoiceTurnRequest("call-1", "fee-reminder", 2, "我昨天已经交了", BargeIn: true), Now, default);

        Assert.Equal(DialogActions.Continue, greeting.Action);
        Assert.Contains("电费", greeting.Prompt);
        Assert.Equal(DialogActions.Continue, unclear.Action);
        Assert.Contains("没有听清", unclear.Prompt);
        Assert.Equal(unclear, retried);
        Assert.Equal((DialogActions.HangUp, "已缴费", "already-paid"), (paid.Action, paid.Intent, paid.Outcome));
        Assert.Equal(2, _worker.Requests.Count); // the retried turn was not classified again
        Assert.Equal("fee-reminder", ((ClassifyIntentRequest)_worker.Requests[0]).IntentSet);

        var stored = (await _hub.Store.GetAsync<VoiceCallState>(VoiceDialog.Calls, "call-1"))!.Value;
        Assert.Equal("already-paid", stored.Outcome);
        Assert.Equal(3, stored.Turns.Count);
        Assert.True(stored.Turns[2].BargeIn);
        var completed = Assert.Single(_hub.Publisher.Of<VoiceCallCompleted>());
        Assert.Equal(("call-1", "fee-reminder", "already-paid", 3), (completed.CallId, completed.Script, completed.Outcome, completed.Turns));
    }

    [Fact]
    public async Task Repeated_unclear_answers_and_requests_for_a_human_transfer_the_call()
    {
        var dialog = Dialog();
        await dialog.NextAsync(new VoiceTurnRequest("call-2", "outage-notice", 0, null), Now, default);
        await dialog.NextAsync(new VoiceTurnRequest("call-2", "outage-notice", 1, "嗯嗯啊"), Now, default);
        await dialog.NextAsync(new VoiceTurnRequest("call-2", "outage-notice", 2, "什么"), Now, default);
        var third = await dialog.NextAsync(new VoiceTurnRequest("call-2", "outage-notice", 3, "哈"), Now, default);
        Assert.Equal((DialogActions.Transfer, "not-understood"), (third.Action, third.Outcome));

        var human = await dialog.NextAsync(new VoiceTurnRequest("call-3", "satisfaction-survey", 1, "给我转人工"), Now, default);
        Assert.Equal((DialogActions.Transfer, "transferred"), (human.Action, human.Outcome));
    }

    [Fact]
    public async Task Scripts_come_from_configuration()
    {
        var dialog = Dialog(new()
        {
            ["Scripts:fee-reminder:Greeting"] = "您好，电费提醒。",
            ["Scripts:fee-reminder:MaxTurns"] = "2",
            ["Scripts:fee-reminder:Responses:承诺缴费:Prompt"] = "好的，记下了。",
            ["Scripts:fee-reminder:Responses:承诺缴费:Action"] = "hangup",
            ["Scripts:fee-reminder:Responses:承诺缴费:Outcome"] = "promised",
            ["Scripts:fee-reminder:Responses:其他:Prompt"] = "请问何时缴费？",
        });

        Assert.Equal("您好，电费提醒。", (await dialog.NextAsync(new VoiceTurnRequest("c", "fee-reminder", 0, ""), Now, default)).Prompt);
        var promised = await dialog.NextAsync(new VoiceTurnRequest("c", "fee-reminder", 1, "过两天交"), Now, default);
        Assert.Equal(("好的，记下了。", "promised"), (promised.Prompt, promised.Outcome));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => dialog.NextAsync(new VoiceTurnRequest("c", "no-such-script", 1, "x"), Now, default));
    }
}
