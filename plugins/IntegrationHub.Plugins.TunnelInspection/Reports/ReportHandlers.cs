using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Tunnel.Commands;
using IntegrationHub.Plugins.TunnelInspection.Runs;

namespace IntegrationHub.Plugins.TunnelInspection.Reports;

/// <summary>
/// The periodic per-tunnel report (Quartz job <c>tunnel-reports</c>, <c>ReportCron</c>): HTML and PDF of every tunnel
/// that has runs, written under the plugin's data folder as <c>reports/{tunnel}/{date}.html|pdf</c> (the latest also
/// served by <c>GET /api/tunnel/tunnels/{id}/report</c>). Changes are those of the last seven days.
/// </summary>
public sealed class ReportHandlers(ReportBuilder builder, PdfReport pdf, PluginDataFolder folder) : IHandle<TunnelReportDue>
{
    public async Task HandleAsync(TunnelReportDue message, MessageContext context, CancellationToken cancellationToken)
    {
        var tunnels = message.TunnelId is { } one ? [one] : await TunnelsAsync(context.Store, cancellationToken);
        foreach (var tunnel in tunnels)
        {
            var report = await builder.ForTunnelAsync(context.Store, tunnel, message.DueAt.AddDays(-7), cancellationToken);
            var target = Path.Combine(folder.Root, "reports", SafeName(tunnel));
            Directory.CreateDirectory(target);
            var name = message.DueAt.ToString("yyyyMMdd-HHmm", System.Globalization.CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(Path.Combine(target, name + ".html"), builder.Html(report), cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(target, name + ".pdf"), pdf.Render(report), cancellationToken);
        }
    }

    private static async Task<List<string>> TunnelsAsync(IPluginStore store, CancellationToken cancellationToken)
    {
        var runs = await store.ListAsync<InspectionRun>(InspectionRun.Collection, limit: 1000, cancellationToken: cancellationToken);
        return [.. runs.Select(r => r.Value.TunnelId).Distinct()];
    }

    public static string SafeName(string id) => string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
