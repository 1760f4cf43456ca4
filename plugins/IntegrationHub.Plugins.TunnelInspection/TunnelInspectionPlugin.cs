using IntegrationHub.Contracts.Events.Hub;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Tunnel.Commands;
using IntegrationHub.Contracts.Tunnel.Events;
using IntegrationHub.Plugins.TunnelInspection.Api;
using IntegrationHub.Plugins.TunnelInspection.Console;
using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Imaging;
using IntegrationHub.Plugins.TunnelInspection.Maintenance;
using IntegrationHub.Plugins.TunnelInspection.Reports;
using IntegrationHub.Plugins.TunnelInspection.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Plugins.TunnelInspection;

/// <summary>
/// Tunnel lining inspection: runs of photographs → graded defects with history → maintenance work orders (outbox)
/// → reports. Perception runs in the perception worker over the bus; the classifier's name is configuration.
/// </summary>
public sealed class TunnelInspectionPlugin : IHubPlugin
{
    public void Configure(IPluginBuilder builder)
    {
        var options = TunnelInspectionOptions.Load(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(options.Surface);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PluginDataFolder>();
        builder.Services.AddSingleton<PerceptionCracks>();
        if (options.Detector.Configured)
        {
            builder.Services.AddSingleton<ISurfaceFinder, DetectedSurfaceDefects>();
        }
        else
        {
            builder.Services.AddSingleton<ISurfaceFinder, SurfaceDefects>();
        }
        builder.Services.AddSingleton<ImageInspector>();
        builder.Services.AddSingleton<Grading>();
        builder.Services.AddSingleton<DefectRegister>();
        builder.Services.AddSingleton<RepairCheck>();
        builder.Services.AddSingleton<MaintenanceWorkOrders>();
        builder.Services.AddTransient<RunIngest>();
        builder.Services.AddSingleton<RunFolderWatch>();
        builder.Services.AddScoped<InspectionHandlers>();
        builder.Services.AddScoped<MaintenanceHandlers>();
        builder.Services.AddSingleton<AnnotatedImages>();
        builder.Services.AddSingleton<StripChart>();
        builder.Services.AddSingleton<ReportBuilder>();
        builder.Services.AddSingleton<PdfReport>();
        builder.Services.AddScoped<ReportHandlers>();

        builder
            .Handle<InspectImage, ImageInspection, InspectionHandlers>()
            .Handle<InspectionRunCompleted, InspectionHandlers>()
            .Handle<DeliverySucceeded, MaintenanceHandlers>()
            .Handle<DeliveryFailed, MaintenanceHandlers>()
            .Handle<ConnectorCallbackReceived, MaintenanceHandlers>()
            .Handle<TunnelReportDue, ReportHandlers>();

        if (!string.IsNullOrWhiteSpace(options.ReportCron))
        {
            builder.Schedule("tunnel-reports", options.ReportCron, at => new TunnelReportDue(at));
        }

        foreach (var endpoint in TunnelEndpoints.All())
        {
            builder.MapEndpoint(endpoint);
        }

        TunnelPages.Register(builder);
        DefectPages.Register(builder);
    }

    public async Task StartAsync(IPluginContext context, CancellationToken cancellationToken)
    {
        context.Services.GetRequiredService<PluginDataFolder>().Attach(context.DataDirectory);
        var resumed = await context.Services.GetRequiredService<RunIngest>().ResumeAsync(cancellationToken);
        if (resumed > 0)
        {
            context.Services.GetRequiredService<ILogger<TunnelInspectionPlugin>>().LogInformation("Resumed {Images} pending images of incomplete inspection runs", resumed);
        }

        context.Services.GetRequiredService<RunFolderWatch>().Start();
    }

    public Task StopAsync(IPluginContext context, CancellationToken cancellationToken) =>
        context.Services.GetRequiredService<RunFolderWatch>().StopAsync();
}
