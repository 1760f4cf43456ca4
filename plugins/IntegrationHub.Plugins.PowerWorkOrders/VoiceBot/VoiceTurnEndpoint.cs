using IntegrationHub.Contracts.Plugins;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary><c>POST /api/voicebot/turn</c>: the voice platform asks what to say next in a live call.</summary>
internal static class VoiceTurnEndpoint
{
    public static void Map(IPluginBuilder builder) =>
        builder.MapEndpoint(new PluginEndpoint("POST", "/api/voicebot/turn", typeof(VoiceTurnRequest), async (request, ct) =>
        {
            if (request.Body is not VoiceTurnRequest turn || string.IsNullOrEmpty(turn.CallId) || string.IsNullOrEmpty(turn.Script))
            {
                return EndpointResponse.BadRequest("callId and script are required");
            }

            try
            {
                var dialog = request.Services.GetRequiredService<VoiceDialog>();
                return EndpointResponse.Ok(await dialog.NextAsync(turn, request.Services.GetRequiredService<TimeProvider>().GetUtcNow(), ct));
            }
            catch (KeyNotFoundException e)
            {
                return EndpointResponse.BadRequest(e.Message);
            }
        }, "The next prompt and action (continue, transfer, hangup) for a recognised utterance of a live call.", PowerScopes.VoiceTurn));
}
