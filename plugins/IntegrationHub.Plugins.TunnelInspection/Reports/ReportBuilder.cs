using System.Net;
using System.Text;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Runs;

namespace IntegrationHub.Plugins.TunnelInspection.Reports;

/// <summary>What a report shows: a run's (or a tunnel's) defects, what changed, the strip chart and the annotated photos.</summary>
public sealed record ReportModel(
    string Title,
    IReadOnlyList<string> Header,
    IReadOnlyList<Defect> Defects,
    IReadOnlyList<Defect> New,
    IReadOnlyList<Defect> Grown,
    IReadOnlyList<Defect> Repaired,
    IReadOnlyList<ImageError> Problems)
{
    public IEnumerable<(string Type, int Grade, int Count)> Counts() =>
        Defects.GroupBy(d => (d.Type, d.Grade)).OrderBy(g => g.Key.Type).ThenBy(g => g.Key.Grade).Select(g => (g.Key.Type, g.Key.Grade, g.Count()));
}

/// <summary>Builds the report of a run or of a tunnel, and renders it as HTML (images inline, one self-contained file).</summary>
public sealed class ReportBuilder(StripChart chart, AnnotatedImages images)
{
    /// <summary>Annotated photos per report, worst first: a run of thousands of images stays a readable report.</summary>
    public const int MaxPhotos = 40;

    public async Task<ReportModel?> ForRunAsync(IPluginStore store, string runId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync<InspectionRun>(InspectionRun.Collection, runId, cancellationToken);
        if (stored is null)
        {
            return null;
        }

        var run = stored.Value;
        var defects = new List<Defect>();
        await foreach (var (defect, _) in DefectQueries.AllAsync(store, run.TunnelId, cancellationToken))
        {
            if (defect.History.Any(h => h.RunId == runId))
            {
                defects.Add(defect);
            }
        }

        var failed = run.Images.Where(i => i.Outcome == "failed").Select(i => new ImageError(i.ImageId, i.Error ?? "failed"));
        return new ReportModel(
            $"Inspection run {run.RunId}",
            [
                $"Tunnel {run.TunnelId}  line {run.Line ?? "-"}  direction {run.Direction ?? "-"}  method {run.Method}  date {run.InspectedAt:yyyy-MM-dd}",
                $"Images: {run.Images.Count} accepted, {run.Inspected} inspected, {run.Failed} failed, {run.Rejected.Count} rejected at upload; {(run.CompletedAt is null ? "in progress" : $"completed {run.CompletedAt:u}")}",
                $"Defects seen: {defects.Count} (new {run.NewDefects.Count}, grown {run.GrownDefects.Count}, repaired and closed {run.RepairedDefects.Count})",
            ],
            defects,
            Pick(defects, run.NewDefects),
            Pick(defects, run.GrownDefects),
            await LoadAsync(store, run.RepairedDefects, cancellationToken),
            [.. run.Rejected, .. failed]);
    }

    public async Task<ReportModel> ForTunnelAsync(IPluginStore store, string tunnelId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var all = await DefectQueries.FindAsync(store, new DefectQueries.Filter(tunnelId, null, null, null, null, null), cancellationToken);
        var open = all.Where(d => d.Status != Defect.Repaired).ToList();
        return new ReportModel(
            $"Tunnel {tunnelId}: lining defects",
            [$"Open defects: {open.Count}; changes since {since:yyyy-MM-dd}"],
            open,
            [.. all.Where(d => d.FirstSeen >= since)],
            [.. all.Where(d => d.History.Any(h => h.Event == "grown" && h.At >= since))],
            [.. all.Where(d => d.History.Any(h => h.Event == "repaired" && h.At >= since))],
            []);
    }

    public string Html(ReportModel report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>").Append(E(report.Title)).Append("</title>")
            .Append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 8px}figure{display:inline-block;margin:8px}</style></head><body>");
        html.Append("<h1>").Append(E(report.Title)).Append("</h1>");
        foreach (var line in report.Header)
        {
            html.Append("<p>").Append(E(line)).Append("</p>");
        }

        html.Append("<h2>Defects by type and grade</h2><table><tr><th>type</th><th>grade</th><th>count</th></tr>");
        foreach (var (type, grade, count) in report.Counts())
        {
            html.Append($"<tr><td>{E(type)}</td><td>{grade}</td><td>{count}</td></tr>");
        }

        html.Append("</table><h2>Along the tunnel</h2>");
        html.Append("<img alt=\"chainage strip chart\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(chart.RenderPng("Defects by chainage", report.Defects))).Append("\">");
        Section(html, "New", report.New);
        Section(html, "Grown", report.Grown);
        Section(html, "Repaired and closed", report.Repaired);
        html.Append("<h2>Photographs</h2>");
        foreach (var defect in Photos(report))
        {
            if (images.RenderPng(defect) is { } png)
            {
                html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\"><figcaption>")
                    .Append(E(Caption(defect))).Append("</figcaption></figure>");
            }
        }

        if (report.Problems.Count > 0)
        {
            html.Append("<h2>Images not inspected</h2><ul>");
            foreach (var problem in report.Problems)
            {
                html.Append("<li>").Append(E($"{problem.Where}: {problem.Error}")).Append("</li>");
            }

            html.Append("</ul>");
        }

        return html.Append("</body></html>").ToString();
    }

    public static IEnumerable<Defect> Photos(ReportModel report) =>
        report.Defects.OrderByDescending(d => d.Grade).ThenBy(d => d.ChainageM).Take(MaxPhotos);

    public static string Caption(Defect d) =>
        $"{Chainage.Format(d.ChainageM)} ring {d.Ring} {d.Position}: {d.Type}{(d.Kind is null || d.Kind == d.Type ? "" : $" ({d.Kind})")} grade {d.Grade} " +
        string.Join(", ", d.Measurements.Where(m => m.Key != "score").Select(m => $"{m.Key} {m.Value:0.##}"));

    private static void Section(StringBuilder html, string title, IReadOnlyList<Defect> defects)
    {
        html.Append("<h2>").Append(E(title)).Append($" ({defects.Count})</h2>");
        if (defects.Count == 0)
        {
            return;
        }

        html.Append("<table><tr><th>defect</th><th>chainage</th><th>ring</th><th>position</th><th>type</th><th>grade</th><th>measurements</th><th>status</th></tr>");
        foreach (var d in defects)
        {
            html.Append($"<tr><td>{E(d.DefectId)}</td><td>{Chainage.Format(d.ChainageM)}</td><td>{d.Ring}</td><td>{E(d.Position)}</td><td>{E(d.Type)}</td><td>{d.Grade}</td><td>")
                .Append(E(string.Join(", ", d.Measurements.Select(m => $"{m.Key} {m.Value:0.##}")))).Append($"</td><td>{E(d.Status)}</td></tr>");
        }

        html.Append("</table>");
    }

    private static List<Defect> Pick(List<Defect> defects, List<string> ids) => [.. defects.Where(d => ids.Contains(d.DefectId))];

    private static async Task<List<Defect>> LoadAsync(IPluginStore store, List<string> ids, CancellationToken cancellationToken)
    {
        var loaded = new List<Defect>();
        foreach (var id in ids)
        {
            if (await store.GetAsync<Defect>(Defect.Collection, id, cancellationToken) is { } d)
            {
                loaded.Add(d.Value);
            }
        }

        return loaded;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
