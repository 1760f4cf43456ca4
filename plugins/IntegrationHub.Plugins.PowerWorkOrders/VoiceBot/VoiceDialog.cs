using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary>One recognised utterance of a live call, sent by the voice platform (<c>POST /api/voicebot/turn</c>).</summary>
/// <param name="Turn">0 (or an empty text) asks for the greeting.</param>
/// <param name="BargeIn">The caller spoke over the bot's prompt.</param>
public sealed record VoiceTurnRequest(string CallId, string Script, int Turn, string? Text, bool BargeIn = false);

/// <param name="Action"><see cref="DialogActions"/>: continue, transfer (to a human), hangup.</param>
public sealed record VoiceTurnResponse(string CallId, int Turn, string Prompt, string Action, string? Intent, double Confidence, string? Outcome);

/// <summary>A call's dialog (collection <c>voice-calls</c>, key = call id).</summary>
public sealed class VoiceCallState
{
    public string CallId { get; set; } = "";

    public string Script { get; set; } = "";

    public List<VoiceTurnRecord> Turns { get; set; } = [];

    public int FallbacksInRow { get; set; }

    public string? Outcome { get; set; }

    public DateTimeOffset StartedAt { get; set; }
}

public sealed record VoiceTurnRecord(int Turn, string? Text, bool BargeIn, string? Intent, double Confidence, string Prompt, string Action, string? Engine);

/// <summary>
/// Decides the bot's next prompt and action for each turn: the reasoning worker classifies the utterance with the
/// script's intent set (offline engine by default), the script maps the intent to a prompt and an action; unclear
/// answers get the fallback prompt, and after too many of them (or too many turns) the call ends. A repeated turn
/// (the platform retrying) gets the same answer. The outcome is stored and published as <see cref="VoiceCallCompleted"/>.
/// </summary>
public sealed class VoiceDialog(PowerWorkOrdersOptions options, IWorkerClient worker, IPluginStore store, IMessagePublisher publisher, ILogger<VoiceDialog> logger)
{
    public const string Calls = "voice-calls";

    public static readonly TimeSpan WorkerTimeout = TimeSpan.FromSeconds(5);

    public async Task<VoiceTurnResponse> NextAsync(VoiceTurnRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!options.Scripts.TryGetValue(request.Script, out var script))
        {
            throw new KeyNotFoundException($"No voice script named '{request.Script}' (configured: {string.Join(", ", options.Scripts.Keys)}).");
        }

        var found = await store.GetAsync<VoiceCallState>(Calls, request.CallId, cancellationToken);
        var state = found?.Value ?? new VoiceCallState { CallId = request.CallId, Script = request.Script, StartedAt = now };
        if (state.Turns.FirstOrDefault(t => t.Turn == request.Turn) is { } done)
        {
            return new VoiceTurnResponse(request.CallId, done.Turn, done.Prompt, done.Action, done.Intent, done.Confidence, state.Outcome);
        }

        if (state.Outcome is not null)
        {
            return new VoiceTurnResponse(request.CallId, request.Turn, "", DialogActions.HangUp, null, 0, state.Outcome);
        }

        string? intent = null;
        double confidence = 0;
        string? engine = null;
        ScriptResponse response;
        if (string.IsNullOrWhiteSpace(request.Text) || request.Turn == 0)
        {
            response = new ScriptResponse { Prompt = script.Greeting, Action = DialogActions.Continue };
        }
        else
        {
            try
            {
                var reply = await worker.RequestAsync<ClassifyIntentRequest, ClassifyIntentReply>(
                    new ClassifyIntentRequest(request.Text, script.IntentSet ?? request.Script), WorkerTimeout, cancellationToken);
                (intent, confidence, engine) = (reply.Error is null ? reply.Intent : null, reply.Confidence, reply.Meta.Engine);
                if (reply.Error is not null)
                {
                    logger.LogWarning("Call {CallId}: intent classification failed: {Code} {Message}", request.CallId, reply.Error.Code, reply.Error.Message);
                }
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Call {CallId}: the reasoning worker did not answer in time; handing the call to a human", request.CallId);
                response = new ScriptResponse { Prompt = "抱歉，系统繁忙，正在为您转接人工客服。", Action = DialogActions.Transfer, Outcome = "worker-unavailable" };
                return await RecordAsync(state, found?.Version, request, null, 0, null, response, now, cancellationToken);
            }

            if (intent is not null && confidence >= script.MinConfidence && script.Responses.TryGetValue(intent, out var mapped))
            {
                response = mapped;
                state.FallbacksInRow = 0;
            }
            else
            {
                state.FallbacksInRow++;
                response = state.FallbacksInRow > script.MaxFallbacks
                    ? new ScriptResponse { Prompt = "抱歉，为您转接人工客服。", Action = DialogActions.Transfer, Outcome = "not-understood" }
                    : script.Fallback;
            }
        }

        if (response.Action == DialogActions.Continue && state.Turns.Count + 1 >= script.MaxTurns)
        {
            response = script.Closing;
        }

        return await RecordAsync(state, found?.Version, request, intent, confidence, engine, response, now, cancellationToken);
    }

    private async Task<VoiceTurnResponse> RecordAsync(VoiceCallState state, long? version, VoiceTurnRequest request, string? intent, double confidence, string? engine, ScriptResponse response, DateTimeOffset now, CancellationToken cancellationToken)
    {
        state.Turns.Add(new VoiceTurnRecord(request.Turn, request.Text, request.BargeIn, intent, confidence, response.Prompt, response.Action, engine));
        if (response.Action != DialogActions.Continue)
        {
            state.Outcome = response.Outcome ?? (response.Action == DialogActions.Transfer ? "transferred" : "completed");
        }

        await store.PutAsync(Calls, state.CallId, state, version ?? 0, cancellationToken);
        if (state.Outcome is not null)
        {
            await publisher.PublishAsync(new VoiceCallCompleted(state.CallId, state.Script, state.Outcome, response.Action, state.Turns.Count, intent, now), cancellationToken);
        }

        return new VoiceTurnResponse(state.CallId, request.Turn, response.Prompt, response.Action, intent, confidence, state.Outcome);
    }
}
