using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Operator;
using IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests.Dialog;

/// <summary>
/// Issue 15, dialog policies, with the reasoning worker's real offline engine and shipped intent sets. The utterances
/// here are colloquial and dialect-flavoured; several are worded unlike any example in the intent sets.
/// </summary>
public sealed class DialogPolicyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly InProcessReasoningWorker _worker = new();
    private DialogHarness _dialog = null!;

    public Task InitializeAsync()
    {
        _dialog = new DialogHarness(_worker);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _dialog.DisposeAsync();
        await _worker.DisposeAsync();
    }

    private Task<VoiceTurnResponse> Say(string callId, int turn, string? text, string script = "fee-reminder", bool bargeIn = false) =>
        _dialog.Dialog.NextAsync(new VoiceTurnRequest(callId, script, turn, text, bargeIn, Phone: "13800000000", CustomerId: $"C-{callId}"), Now.AddSeconds(turn * 10), default);

    [Fact]
    public async Task Stop_calling_said_over_the_prompt_ends_politely_and_puts_the_number_on_the_do_not_call_list()
    {
        await _dialog.Dialog.NextAsync(new VoiceTurnRequest("c-stop", "fee-reminder", 0, null, Phone: "138 0013 8000", CustomerId: "C-9"), Now, default);
        var answer = await _dialog.Dialog.NextAsync(new VoiceTurnRequest("c-stop", "fee-reminder", 1, "Stop calling, I don't need it!", BargeIn: true, Phone: "138 0013 8000", CustomerId: "C-9"), Now, default);

        Assert.Equal((DialogActions.HangUp, "opted-out", "opt-out", true), (answer.Action, answer.Outcome, answer.Policy, answer.StopPrompt));
        Assert.Contains("不再致电", answer.Prompt);
        Assert.DoesNotContain("缴纳", answer.Prompt); // the question is not asked again
        Assert.True(await DoNotCallList.ContainsAsync(_dialog.Hub.Store, "13800138000", default));
        var optedOut = Assert.Single(_dialog.Hub.Publisher.Of<CustomerOptedOut>());
        Assert.Equal(("138 0013 8000", "C-9", "c-stop", "fee-reminder"), (optedOut.Phone, optedOut.CustomerId, optedOut.CallId, optedOut.Script));
        Assert.Equal("opted-out", Assert.Single(_dialog.Hub.Publisher.Of<VoiceCallCompleted>()).Outcome);
    }

    [Theory]
    [InlineData("fee-reminder", "别再打了，我不需要")]
    [InlineData("fee-reminder", "莫打了莫打了，烦人得很")]
    [InlineData("fee-reminder", "唔使打嚟啦，冇需要")]
    [InlineData("outage-notice", "甭打了甭打了")]
    [InlineData("outage-notice", "你们怎么老是打电话，把我号码删了")]
    [InlineData("satisfaction-survey", "覅再打电话来了好伐")]
    public async Task Colloquial_and_dialect_refusals_opt_out_in_every_script(string script, string utterance)
    {
        var answer = await Say("c-" + utterance, 1, utterance, script);
        Assert.True(answer.Outcome == "opted-out", $"{script}: \"{utterance}\" → {answer.Intent} ({answer.Confidence}) {answer.Outcome}");
    }

    [Fact]
    public async Task A_suspected_scam_gets_the_official_hotline_no_link_and_a_transfer_that_a_yes_takes()
    {
        await Say("c-scam", 0, null);
        var doubt = await Say("c-scam", 1, "你们是骗子吧？");
        Assert.Equal((DialogActions.Continue, "fraud-suspicion", "怀疑诈骗"), (doubt.Action, doubt.Policy, doubt.Intent));
        Assert.Contains("95598", doubt.Prompt);
        Assert.Contains("转接人工", doubt.Prompt);
        Assert.DoesNotMatch(new Regex(@"https?://|www\.|\.com|\.cn|\d{11}"), doubt.Prompt); // a hotline to check, never a link or a mobile number

        var yes = await Say("c-scam", 2, "好的，转吧");
        Assert.Equal((DialogActions.Transfer, "identity-check-transferred", "transfer-offer"), (yes.Action, yes.Outcome, yes.Policy));
        Assert.Contains(_worker.Requests, r => r.IntentSet == "confirm");
    }

    [Theory]
    [InlineData("fee-reminder", "系唔系骗子嚟㗎")]
    [InlineData("satisfaction-survey", "你是不是诈骗的")]
    [InlineData("outage-notice", "我凭啥相信你是供电局的")]
    public async Task Dialect_scam_doubts_declining_the_transfer_go_back_to_the_question(string script, string utterance)
    {
        var doubt = await Say("c-doubt-" + script, 1, utterance, script);
        Assert.True(doubt.Policy == "fraud-suspicion", $"{script}: \"{utterance}\" → {doubt.Intent} ({doubt.Confidence}) {doubt.Policy}");

        var no = await Say("c-doubt-" + script, 2, "不用了", script);
        Assert.Equal((DialogActions.Continue, "transfer-offer"), (no.Action, no.Policy));
        Assert.Contains("95598", no.Prompt);
        Assert.EndsWith(PowerWorkOrdersOptions.Load(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()).Scripts[script].Question!, no.Prompt);
    }

    [Fact]
    public async Task Barge_in_stops_the_prompt_and_handles_the_utterance_instead_of_repeating_the_question()
    {
        var greeting = await Say("c-barge", 0, null);
        var unclear = await Say("c-barge", 1, "喂喂，等一下，你说啥", bargeIn: true);
        Assert.Equal((DialogActions.Continue, "barge-in", true), (unclear.Action, unclear.Policy, unclear.StopPrompt));
        Assert.DoesNotContain("缴纳", unclear.Prompt);
        Assert.NotEqual(greeting.Prompt, unclear.Prompt);

        var promise = await Say("c-barge", 2, "行行行我明天就去交", bargeIn: true);
        Assert.Equal((DialogActions.HangUp, "promised-to-pay", "script", true), (promise.Action, promise.Outcome, promise.Policy, promise.StopPrompt));

        // Without barge-in the same unclear answer gets the script's fallback.
        var plain = await Say("c-plain", 1, "喂喂，等一下，你说啥");
        Assert.Equal(("script", false), (plain.Policy, plain.StopPrompt));
        Assert.NotEqual(unclear.Prompt, plain.Prompt);
    }

    [Fact]
    public async Task Silence_is_reprompted_twice_then_the_call_closes_with_one_sms()
    {
        await Say("c-quiet", 0, null);
        var first = await Say("c-quiet", 1, "");
        var second = await Say("c-quiet", 2, "   ");
        var closed = await Say("c-quiet", 3, null);
        var retried = await Say("c-quiet", 3, null);

        Assert.All([first, second], r => Assert.Equal((DialogActions.Continue, "silence"), (r.Action, r.Policy)));
        Assert.NotEqual(first.Prompt, second.Prompt);
        Assert.Equal((DialogActions.HangUp, "no-response", "silence"), (closed.Action, closed.Outcome, closed.Policy));
        Assert.Equal(closed.Prompt, retried.Prompt);
        var sms = Assert.Single(_dialog.Hub.Outbox.To("sms", "message.send"));
        Assert.Equal("c-quiet", sms.Payload["callId"]!.GetValue<string>());
        Assert.Contains("95598", sms.Payload["text"]!.GetValue<string>());
        Assert.Contains("电费", sms.Payload["text"]!.GetValue<string>());
        Assert.Empty(_worker.Requests); // silence is never sent to the classifier
    }

    [Fact]
    public async Task Speech_between_silences_resets_the_count()
    {
        await Say("c-reset", 1, "");
        await Say("c-reset", 2, "");
        await Say("c-reset", 3, "喂你说什么");
        var again = await Say("c-reset", 4, "");
        Assert.Equal((DialogActions.Continue, "silence"), (again.Action, again.Policy));
        Assert.Empty(_dialog.Hub.Outbox.Deliveries);
    }

    [Fact]
    public async Task Every_turn_is_recorded_for_quality_review_and_the_calls_are_searchable()
    {
        await Say("c-review", 0, null);
        await Say("c-review", 1, "你们是骗子吧");
        await Say("c-review", 2, "不用了，别再打了");
        await Say("c-other", 0, null);
        await Say("c-other", 1, "我昨天已经交了");

        var call = await _dialog.CallAsync("c-review");
        Assert.Equal([0, 1, 2], call.Turns.Select(t => t.Turn));
        Assert.Equal(["greeting", "fraud-suspicion", "opt-out"], call.Turns.Select(t => t.Policy!));
        Assert.Equal(["怀疑诈骗", "拒绝来电"], call.Turns.Skip(1).Select(t => t.Intent!));
        Assert.All(call.Turns, t => Assert.NotNull(t.At));
        Assert.All(call.Turns.Skip(1), t => Assert.Equal("offline", t.Engine));
        Assert.Equal(("opted-out", Now.AddSeconds(20)), (call.Outcome, call.EndedAt));

        var query = new DocumentQuery(_dialog.Hub.Store, 1000);
        var scams = await query.RunAsync(OperatorQueries.Calls, new DocumentFilter(null, null, null, "骗子", 0, 10), default);
        Assert.Equal("c-review", Assert.Single(scams.Items)["callId"]!.GetValue<string>());
        var paid = await query.RunAsync(OperatorQueries.Calls, new DocumentFilter("already-paid", null, null, null, 0, 10), default);
        Assert.Equal("c-other", Assert.Single(paid.Items)["callId"]!.GetValue<string>());
    }
}
