namespace IntegrationHub.Connectors;

/// <summary>What every connector instance under <c>Connectors:{name}</c> has; each kind binds its own options on top.</summary>
public class ConnectorOptions
{
    /// <summary>The kind of outside system: <c>webhook</c>, … (see <see cref="ConnectorRegistry"/>).</summary>
    public string Kind { get; set; } = "";

    /// <summary>Time for one HTTP call before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Quick retries inside one delivery attempt (the outbox retries later attempts with longer delays).</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Failure ratio over <see cref="BreakerWindow"/> that opens the circuit, so a down system is not hammered.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public TimeSpan BreakerWindow { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
