using MassTransit;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// <c>Hub:Bus:UsageTelemetry</c> is the one switch for MassTransit's usage report. MassTransit also reads
/// <c>MASSTRANSIT_USAGE_TELEMETRY</c> and lets it override code; a process told by its configuration to stay quiet
/// refuses to start when that variable would turn the report back on, rather than call out of the network.
/// </summary>
internal static class UsageTelemetryPolicy
{
    public const string EnvironmentVariable = "MASSTRANSIT_USAGE_TELEMETRY";

    public static void Apply(IBusRegistrationConfigurator bus, bool enabled)
    {
        if (enabled)
        {
            return;
        }

        if (VariableEnables(Environment.GetEnvironmentVariable(EnvironmentVariable)))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} turns MassTransit's usage telemetry on while Hub:Bus:UsageTelemetry is false; unset the variable, or set Hub:Bus:UsageTelemetry=true to allow the report.");
        }

        bus.DisableUsageTelemetry();
    }

    /// <summary>MassTransit's own reading of the variable: a boolean, or 1 for on.</summary>
    public static bool VariableEnables(string? value) =>
        !string.IsNullOrWhiteSpace(value) && (bool.TryParse(value, out var on) ? on : int.TryParse(value, out var number) && number == 1);
}
