namespace IntegrationHub.Host.Messaging;

/// <summary>Headers the hub adds to messages.</summary>
public static class HubHeaders
{
    /// <summary>How many delayed redeliveries this message has had.</summary>
    public const string Redelivery = "hub-redelivery";

    /// <summary>The plugin that published the message.</summary>
    public const string SourcePlugin = "hub-source-plugin";

    /// <summary>Set on a message replayed from the error store.</summary>
    public const string ReplayOf = "hub-replay-of";
}
