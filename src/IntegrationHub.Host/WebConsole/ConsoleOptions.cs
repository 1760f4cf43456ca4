namespace IntegrationHub.Host.WebConsole;

/// <summary>The operator console (<c>Hub:Console</c>), served by the hub runtime at <c>/</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Hub:Console";

    /// <summary>Serve the console; off leaves the HTTP API alone on the port.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a console sign-in lasts without use (sliding).</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often the overview's live figures are sent to an open page.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(2);
}
