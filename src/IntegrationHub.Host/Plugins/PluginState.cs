namespace IntegrationHub.Host.Plugins;

public enum PluginState
{
    Loading,
    Running,
    Reloading,
    Failed,
    Disabled,
    Stopped,

    /// <summary>Taken out while the hub runs (<c>hub plugins unload</c>, or its folder removed while watched).</summary>
    Unloaded,
}

/// <summary>What <c>GET /api/plugins</c> and <c>hub plugins list</c> show.</summary>
public sealed record PluginStatus(
    string Name,
    string Version,
    string State,
    string? Description,
    IReadOnlyList<string> HandledTypes,
    IReadOnlyList<string> Endpoints,
    IReadOnlyList<PluginFailure> Failures,
    int Generation);

public sealed record PluginFailure(DateTimeOffset At, string Stage, string Reason);

/// <summary>Thrown by a reload or enable that a plugin's disabled state refuses.</summary>
public sealed class PluginDisabledException(string message) : InvalidOperationException(message);

/// <summary>Thrown to a message whose plugin is failed, disabled or stopped: the message is retried, then kept in the error store.</summary>
public sealed class PluginUnavailableException(string plugin, string reason)
    : Exception($"Plugin '{plugin}' is not running: {reason}");
