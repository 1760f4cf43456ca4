namespace IntegrationHub.Plugins.PowerWorkOrders;

/// <summary>The scopes the plugin's endpoints need; its roles <c>dispatcher</c> and <c>voice-platform</c> grant them.</summary>
public static class PowerScopes
{
    /// <summary>Read work orders, outage plans and operation tickets.</summary>
    public const string Read = "power:read";

    /// <summary>Draft operation tickets (and send valid ones to OA approval).</summary>
    public const string Tickets = "power:tickets";

    /// <summary>The voice platform asks for a live call's next prompt.</summary>
    public const string VoiceTurn = "voicebot:turn";

    public const string VoiceRead = "voicebot:read";
}
