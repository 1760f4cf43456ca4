using System.Globalization;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Reports;
using IntegrationHub.Plugins.TunnelInspection.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.TunnelInspection.Console;

/// <summary>
/// The defects page: lining defects filtered by tunnel, status, type and minimum grade (the API's filter), and one
/// defect with its annotated photograph, its maintenance work order and its history across runs (found, seen, grown,
/// work order, repaired).
/// </summary>
public static class DefectPages
{
    public const string Path = "defects";

    public static void Register(IPluginBuilder builder) =>
        builder.AddConsolePage(new ConsolePage(Path, "Lining defects", "衬砌病害", TunnelPages.Scope, RenderAsync) { Files = TunnelFiles.ServeAsync });

    /// <summary>Defects as rows that open the defect here.</summary>
    public static ConsoleTable Table(ConsolePageRequest request, IEnumerable<Defect> defects) => new(
        [
            request.Text("Defect", "病害"), request.Text("Tunnel", "隧道"), request.Text("Chainage", "里程"), request.Text("Ring", "环号"), request.Text("Position", "部位"),
            request.Text("Type", "类型"), request.Text("Grade", "等级"), request.Text("Measurements", "测量值"), request.Text("Status", "状态"), request.Text("Last seen", "最近发现"),
        ],
        [.. defects.Select(d => new ConsoleRow(
        [
            d.DefectId, d.TunnelId, Chainage.Format(d.ChainageM), N(d.Ring), d.Position, d.Kind is null || d.Kind == d.Type ? d.Type : $"{d.Type} ({d.Kind})",
            TunnelPages.Grade(request, d.Grade) + (d.Grown ? request.Text(", grown", "，扩展") : ""), Measurements(d.Measurements), d.Status, Day(d.LastSeen),
        ], d.DefectId) { LinkPage = Path })]);

    private static Task<ConsoleView?> RenderAsync(ConsolePageRequest request, CancellationToken cancellationToken) =>
        request.Id is null ? ListAsync(request, cancellationToken) : DetailAsync(request, request.Id, cancellationToken);

    private static async Task<ConsoleView?> ListAsync(ConsolePageRequest request, CancellationToken cancellationToken)
    {
        string? Value(string key) => request.Query.GetValueOrDefault(key) is { Length: > 0 } v ? v : null;
        var minGrade = Value("minGrade") is { } g && int.TryParse(g, NumberStyles.None, CultureInfo.InvariantCulture, out var grade) ? grade : (int?)null;
        var filter = new DefectQueries.Filter(Value("tunnel"), minGrade, Value("status"), Value("type"), null, null);
        var defects = await DefectQueries.FindAsync(request.Services.GetRequiredService<IPluginStore>(), filter, cancellationToken);
        var status = Value("status") ?? "";
        var links = new List<ConsoleLink> { new(request.Text("all", "全部"), Without(request, "status"), Current: status.Length == 0) };
        links.AddRange(new[] { Defect.Open, Defect.WorkOrderRaised, Defect.Repaired }.Select(s => new ConsoleLink(s, With(request, "status", s), Current: s == status)));
        return new ConsoleView(request.Text("Lining defects", "衬砌病害"), [new ConsoleLinks(links, request.Text("Status", "状态")), Table(request, defects)]);
    }

    private static async Task<ConsoleView?> DetailAsync(ConsolePageRequest request, string id, CancellationToken cancellationToken)
    {
        if (await request.Services.GetRequiredService<IPluginStore>().GetAsync<Defect>(Defect.Collection, id, cancellationToken) is not { } stored)
        {
            return null;
        }

        var d = stored.Value;
        var order = d.WorkOrder;
        var fields = new List<KeyValuePair<string, string>>
        {
            new(request.Text("Defect", "病害"), d.DefectId),
            new(request.Text("Tunnel", "隧道"), d.TunnelId),
            new(request.Text("Chainage", "里程"), Chainage.Format(d.ChainageM)),
            new(request.Text("Ring / position", "环号 / 部位"), $"{N(d.Ring)} / {d.Position}"),
            new(request.Text("Type", "类型"), d.Kind is null || d.Kind == d.Type ? d.Type : $"{d.Type} ({d.Kind})"),
            new(request.Text("Grade", "等级"), TunnelPages.Grade(request, d.Grade)),
            new(request.Text("Measurements", "测量值"), Measurements(d.Measurements)),
            new(request.Text("Status", "状态"), d.Status + (d.Grown ? request.Text(" (grown when last seen)", "（上次检测扩展）") : "")),
            new(request.Text("First seen / last seen", "首次 / 最近发现"), $"{Day(d.FirstSeen)} / {Day(d.LastSeen)}"),
            new(request.Text("Photograph", "照片"), $"{d.Image.RunId} / {d.Image.ImageId}"),
            new(request.Text("Work order", "维修工单"), order is null ? "" : $"{order.Status} {order.ExternalId} {order.Error}".Trim()),
        };
        var history = d.History.Select(h => new ConsoleRow(
            [Day(h.At), h.Event, h.RunId ?? "", h.ImageId ?? "", TunnelPages.Grade(request, h.Grade), Measurements(h.Measurements), h.Note ?? ""])).ToList();
        return new ConsoleView($"{request.Text("Defect", "病害")} {d.DefectId}",
        [
            new ConsoleFields(fields),
            new ConsoleGallery([new ConsoleFigure(TunnelFiles.ImageOf(d.DefectId), ReportBuilder.Caption(d), ReportBuilder.Caption(d))]),
            new ConsoleHeading(request.Text("History", "历史")),
            new ConsoleTable(
                [request.Text("At", "时间"), request.Text("Event", "事件"), request.Text("Run", "检测"), request.Text("Image", "图像"), request.Text("Grade", "等级"),
                 request.Text("Measurements", "测量值"), request.Text("Note", "备注")],
                history),
            new ConsoleLinks([new ConsoleLink(request.Text("Back to the tunnel", "返回隧道"), new Dictionary<string, string>(), d.TunnelId, Page: TunnelPages.Path)]),
        ]);
    }

    private static Dictionary<string, string> With(ConsolePageRequest request, string key, string value) =>
        new(Without(request, key), StringComparer.Ordinal) { [key] = value };

    private static Dictionary<string, string> Without(ConsolePageRequest request, string key) =>
        request.Query.Where(q => q.Key != key).ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);

    private static string Measurements(Dictionary<string, double> measurements) =>
        string.Join(", ", measurements.Where(m => m.Key != "score").Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {m.Value:0.##}")));

    private static string Day(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
