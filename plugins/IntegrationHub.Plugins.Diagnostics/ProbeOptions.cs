using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Plugins.Diagnostics;

/// <summary><c>Plugins:Diagnostics:Probe</c>: where probes are delivered, which intent set the reasoning worker classifies them with and which model a perception worker embeds their images with.</summary>
public sealed class ProbeOptions
{
    public string Connector { get; set; } = "probe";

    public string Operation { get; set; } = "probe.deliver";

    public string IntentSet { get; set; } = "fee-reminder";

    /// <summary>The embedding model for a probe's image; null: the perception worker's default (<c>Perception:DefaultEmbedModel</c>).</summary>
    public string? PerceptionModel { get; set; }

    public TimeSpan WorkerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public static ProbeOptions Load(IConfiguration configuration) => configuration.GetSection("Probe").Get<ProbeOptions>() ?? new ProbeOptions();
}
