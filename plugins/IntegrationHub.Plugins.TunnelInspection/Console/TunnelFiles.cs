using System.Text;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.TunnelInspection.Console;

/// <summary>
/// The files the console pages show or offer, by name: a defect's annotated photograph (the report's own rendering:
/// box and crack skeleton), a run's report and a tunnel's report as HTML or PDF (the report code's, unchanged).
/// </summary>
public static class TunnelFiles
{
    private const string Image = "image:";
    private const string Run = "run:";
    private const string Tunnel = "tunnel:";

    /// <summary>Annotated photos are drawn this wide for the console (the API serves them larger).</summary>
    private const int ImageWidth = 640;

    /// <summary>The days of changes a tunnel's report covers, as the weekly report does.</summary>
    private const int TunnelReportDays = 7;

    public static string ImageOf(string defectId) => Image + defectId;

    public static string RunReport(string runId, string format) => $"{Run}{format}:{runId}";

    public static string TunnelReport(string tunnelId, string format) => $"{Tunnel}{format}:{tunnelId}";

    public static async Task<ConsoleFile?> ServeAsync(ConsolePageRequest request, string name, CancellationToken cancellationToken)
    {
        var services = request.Services;
        var store = services.GetRequiredService<IPluginStore>();
        if (name.StartsWith(Image, StringComparison.Ordinal))
        {
            var defect = await store.GetAsync<Defect>(Defect.Collection, name[Image.Length..], cancellationToken);
            return defect is not null && services.GetRequiredService<AnnotatedImages>().RenderPng(defect.Value, ImageWidth) is { } png
                ? new ConsoleFile("image/png", png)
                : null;
        }

        if (Split(name, Run) is var (runFormat, runId))
        {
            var report = await services.GetRequiredService<ReportBuilder>().ForRunAsync(store, runId, cancellationToken);
            return report is null ? null : Render(services, report, runFormat, $"run-{runId}");
        }

        if (Split(name, Tunnel) is var (tunnelFormat, tunnelId))
        {
            var since = services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-TunnelReportDays);
            var report = await services.GetRequiredService<ReportBuilder>().ForTunnelAsync(store, tunnelId, since, cancellationToken);
            return Render(services, report, tunnelFormat, $"tunnel-{tunnelId}");
        }

        return null;
    }

    /// <summary>(format, id) of <c>{prefix}{html|pdf}:{id}</c>, or null.</summary>
    private static (string Format, string Id)? Split(string name, string prefix)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal) || name[prefix.Length..].Split(':', 2) is not [var format and ("html" or "pdf"), { Length: > 0 } id])
        {
            return null;
        }

        return (format, id);
    }

    private static ConsoleFile Render(IServiceProvider services, ReportModel report, string format, string fileName)
    {
        var safe = string.Concat(fileName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return format == "pdf"
            ? new ConsoleFile("application/pdf", services.GetRequiredService<PdfReport>().Render(report), safe + ".pdf")
            : new ConsoleFile("text/html; charset=utf-8", Encoding.UTF8.GetBytes(services.GetRequiredService<ReportBuilder>().Html(report)), safe + ".html");
    }
}
