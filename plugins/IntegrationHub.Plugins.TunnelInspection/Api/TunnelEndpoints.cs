using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Reports;
using IntegrationHub.Plugins.TunnelInspection.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.TunnelInspection.Api;

/// <summary>The plugin's HTTP API under <c>/api/tunnel</c>.</summary>
public static class TunnelEndpoints
{
    public static IEnumerable<PluginEndpoint> All() =>
    [
        new("POST", "/api/tunnel/runs", typeof(MultipartUpload), UploadAsync,
            "An inspection run: multipart with a 'manifest' file (JSON or CSV) and the images; header fields tunnelId, line, direction, method, date may be form fields."),
        new("GET", "/api/tunnel/runs", null, ListRunsAsync, "Runs, newest first (?tunnel=)."),
        new("GET", "/api/tunnel/runs/{id}", null, GetRunAsync, "A run with each image's outcome and the rejected lines."),
        new("GET", "/api/tunnel/runs/{id}/report", null, RunReportAsync, "The run's report: ?format=html (default) or pdf."),
        new("GET", "/api/tunnel/tunnels/{id}/report", null, TunnelReportAsync, "A tunnel's open defects and the last ?days=7 of changes: ?format=html or pdf."),
        new("GET", "/api/tunnel/defects", null, ListDefectsAsync, "Defects (?tunnel=&minGrade=&status=&type=&from=K1+200&to=K1+500)."),
        new("GET", "/api/tunnel/defects/{id}", null, GetDefectAsync, "A defect with its history."),
        new("GET", "/api/tunnel/defects/{id}/image", null, DefectImageAsync, "The defect's last photograph, annotated (PNG)."),
    ];

    private static async Task<EndpointResponse> UploadAsync(EndpointRequest request, CancellationToken ct)
    {
        var result = await request.Services.GetRequiredService<RunIngest>().IngestAsync((MultipartUpload)request.Body!, ct);
        if (result.Run is not { } run)
        {
            return EndpointResponse.BadRequest(result.Error!);
        }

        return new EndpointResponse(result.Existing ? 200 : 202, new
        {
            run.RunId,
            run.TunnelId,
            accepted = run.Images.Count,
            rejected = run.Rejected,
            existing = result.Existing,
        });
    }

    private static async Task<EndpointResponse> ListRunsAsync(EndpointRequest request, CancellationToken ct)
    {
        var runs = await Store(request).ListAsync<InspectionRun>(InspectionRun.Collection, limit: 500, cancellationToken: ct);
        var tunnel = request.Query.GetValueOrDefault("tunnel");
        return EndpointResponse.Ok(runs.Select(r => r.Value)
            .Where(r => string.IsNullOrEmpty(tunnel) || r.TunnelId == tunnel)
            .Select(r => new { r.RunId, r.TunnelId, r.Line, r.Direction, r.Method, r.InspectedAt, images = r.Images.Count, r.Inspected, r.Failed, rejected = r.Rejected.Count, r.CompletedAt, newDefects = r.NewDefects.Count, grownDefects = r.GrownDefects.Count, repairedDefects = r.RepairedDefects.Count }));
    }

    private static async Task<EndpointResponse> GetRunAsync(EndpointRequest request, CancellationToken ct)
    {
        var run = await Store(request).GetAsync<InspectionRun>(InspectionRun.Collection, request.RouteValues["id"], ct);
        return run is null ? EndpointResponse.NotFound("no such run") : EndpointResponse.Ok(run.Value);
    }

    private static async Task<EndpointResponse> ListDefectsAsync(EndpointRequest request, CancellationToken ct)
    {
        var q = request.Query;
        double? Chainage(string name)
        {
            if (!q.TryGetValue(name, out var text) || string.IsNullOrEmpty(text))
            {
                return null;
            }

            return Runs.Chainage.TryParse(text, out var m) ? m
                : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var metres) ? metres
                : throw new FormatException($"{name} '{text}' is not a chainage");
        }

        try
        {
            var filter = new DefectQueries.Filter(
                q.GetValueOrDefault("tunnel") is { Length: > 0 } t ? t : null,
                q.TryGetValue("minGrade", out var g) && int.TryParse(g, out var grade) ? grade : null,
                q.GetValueOrDefault("status") is { Length: > 0 } s ? s : null,
                q.GetValueOrDefault("type") is { Length: > 0 } type ? type : null,
                Chainage("from"),
                Chainage("to"));
            var defects = await DefectQueries.FindAsync(Store(request), filter, ct);
            return EndpointResponse.Ok(defects.Select(d => new { d.DefectId, d.TunnelId, d.ChainageM, chainage = Runs.Chainage.Format(d.ChainageM), d.Ring, d.Position, d.Type, d.Kind, d.Grade, d.Measurements, d.Status, d.Grown, d.FirstSeen, d.LastSeen, workOrder = d.WorkOrder }));
        }
        catch (FormatException e)
        {
            return EndpointResponse.BadRequest(e.Message);
        }
    }

    private static async Task<EndpointResponse> GetDefectAsync(EndpointRequest request, CancellationToken ct)
    {
        var defect = await Store(request).GetAsync<Defect>(Defect.Collection, request.RouteValues["id"], ct);
        return defect is null ? EndpointResponse.NotFound("no such defect") : EndpointResponse.Ok(defect.Value);
    }

    private static async Task<EndpointResponse> DefectImageAsync(EndpointRequest request, CancellationToken ct)
    {
        var defect = await Store(request).GetAsync<Defect>(Defect.Collection, request.RouteValues["id"], ct);
        var png = defect is null ? null : request.Services.GetRequiredService<AnnotatedImages>().RenderPng(defect.Value, 1600);
        return png is null ? EndpointResponse.NotFound("no such defect or photograph") : EndpointResponse.File(png, "image/png");
    }

    private static async Task<EndpointResponse> RunReportAsync(EndpointRequest request, CancellationToken ct)
    {
        var report = await request.Services.GetRequiredService<ReportBuilder>().ForRunAsync(Store(request), request.RouteValues["id"], ct);
        return report is null ? EndpointResponse.NotFound("no such run") : Render(request, report);
    }

    private static async Task<EndpointResponse> TunnelReportAsync(EndpointRequest request, CancellationToken ct)
    {
        var days = request.Query.TryGetValue("days", out var d) && int.TryParse(d, out var n) ? n : 7;
        var since = request.Services.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(-days);
        var report = await request.Services.GetRequiredService<ReportBuilder>().ForTunnelAsync(Store(request), request.RouteValues["id"], since, ct);
        return Render(request, report);
    }

    private static EndpointResponse Render(EndpointRequest request, ReportModel report) =>
        request.Query.GetValueOrDefault("format")?.Equals("pdf", StringComparison.OrdinalIgnoreCase) == true
            ? EndpointResponse.File(request.Services.GetRequiredService<PdfReport>().Render(report), "application/pdf")
            : EndpointResponse.File(Encoding.UTF8.GetBytes(request.Services.GetRequiredService<ReportBuilder>().Html(report)), "text/html; charset=utf-8");

    private static IPluginStore Store(EndpointRequest request) => request.Services.GetRequiredService<IPluginStore>();
}
