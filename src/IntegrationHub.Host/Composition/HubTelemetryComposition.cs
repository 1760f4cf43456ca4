using IntegrationHub.Host.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IntegrationHub.Host;

public static class HubTelemetryComposition
{
    /// <summary>OpenTelemetry metrics (Prometheus at <c>/metrics</c>) and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, metrics and spans (hub, MassTransit, HTTP) over OTLP.</summary>
    public static IServiceCollection AddHubTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<HubMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("integration-hub"))
            .WithMetrics(m => m
                .AddMeter(HubMetrics.MeterName, "MassTransit", "IntegrationHub.Reasoning", "IntegrationHub.Perception")
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        // Spans are recorded only when they have somewhere to go: recording every bus hop's spans with no exporter
        // cost a measurable share of each message's CPU (docs/benchmarks.md). The exporter's sampling follows the
        // standard OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG variables.
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            telemetry
                .WithTracing(t => t
                    .AddSource(HubMetrics.ActivitySourceName, HubMetrics.OutboxActivitySourceName, HubMetrics.ConsumerActivitySourceName, "MassTransit")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddOtlpExporter())
                .WithMetrics(m => m.AddOtlpExporter());
        }

        return services;
    }
}
