using IntegrationHub.Host.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IntegrationHub.Host;

public static class HubTelemetryComposition
{
    /// <summary>OpenTelemetry spans (hub, MassTransit, HTTP) and metrics (Prometheus at <c>/metrics</c>, OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set).</summary>
    public static IServiceCollection AddHubTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<HubMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("integration-hub"))
            .WithTracing(t => t
                .AddSource(HubMetrics.ActivitySourceName, HubMetrics.OutboxActivitySourceName, "MassTransit")
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(m => m
                .AddMeter(HubMetrics.MeterName, "MassTransit", "IntegrationHub.Reasoning", "IntegrationHub.Perception")
                .AddAspNetCoreInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            telemetry.WithTracing(t => t.AddOtlpExporter()).WithMetrics(m => m.AddOtlpExporter());
        }

        return services;
    }
}
