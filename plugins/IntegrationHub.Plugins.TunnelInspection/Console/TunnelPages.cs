using System.Globalization;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.TunnelInspection.Defects;
using IntegrationHub.Plugins.TunnelInspection.Reports;
using IntegrationHub.Plugins.TunnelInspection.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.TunnelInspection.Console;

/// <summary>
/// The tunnel defects page: the inspected tunnels, and per tunnel the chainage strip of its defects by grade (one lane
/// per lining position), the annotated photographs of the worst ones, its runs with their reports to download and its
/// defects; a mark, a photo or a row opens the defect on <see cref="DefectPages"/>.
/// </summary>
public static class TunnelPages
{
    public const string Path = "tunnels";

    /// <summary>The scope the plugin's API needs by default (<c>plugin:{id}</c>): the console asks the same.</summary>
    public const string Scope = "plugin:TunnelInspection";

    private const int RunScan = 500;
    private const int GalleryPhotos = 12;
    private const int StripTicks = 6;

    public static void Register(IPluginBuilder builder) =>
        builder.AddConsolePage(new ConsolePage(Path, "Tunnel defects", "隧道病害", Scope, RenderAsync) { Files = TunnelFiles.ServeAsync });

    private static Task<ConsoleView?> RenderAsync(ConsolePageRequest request, CancellationToken cancellationToken) =>
        request.Id is null ? ListAsync(request, cancellationToken) : TunnelAsync(request, request.Id, cancellationToken);

    private static async Task<ConsoleView?> ListAsync(ConsolePageRequest request, CancellationToken cancellationToken)
    {
        var store = request.Services.GetRequiredService<IPluginStore>();
        var runs = await RunsAsync(store, null, cancellationToken);
        var rows = new List<ConsoleRow>();
        foreach (var tunnel in runs.GroupBy(r => r.TunnelId))
        {
            var defects = await DefectQueries.FindAsync(store, new DefectQueries.Filter(tunnel.Key, null, null, null, null, null), cancellationToken);
            var open = defects.Where(d => d.Status != Defect.Repaired).ToList();
            rows.Add(new ConsoleRow(
            [
                tunnel.Key, tunnel.First().Line ?? "", N(tunnel.Count()), tunnel.Max(r => r.InspectedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                N(open.Count), string.Join(" · ", open.GroupBy(d => d.Grade).OrderByDescending(g => g.Key).Select(g => $"{Grade(request, g.Key)} {N(g.Count())}")),
                N(defects.Count(d => d.Status == Defect.Repaired)),
            ], tunnel.Key));
        }

        string[] columns =
        [
            request.Text("Tunnel", "隧道"), request.Text("Line", "线路"), request.Text("Runs", "检测次数"), request.Text("Last inspected", "最近检测"),
            request.Text("Open defects", "未修复病害"), request.Text("By grade", "按等级"), request.Text("Repaired", "已修复"),
        ];
        return new ConsoleView(request.Text("Tunnel defects", "隧道病害"), [new ConsoleTable(columns, rows)]);
    }

    private static async Task<ConsoleView?> TunnelAsync(ConsolePageRequest request, string tunnelId, CancellationToken cancellationToken)
    {
        var store = request.Services.GetRequiredService<IPluginStore>();
        var runs = await RunsAsync(store, tunnelId, cancellationToken);
        var defects = await DefectQueries.FindAsync(store, new DefectQueries.Filter(tunnelId, null, null, null, null, null), cancellationToken);
        if (runs.Count == 0 && defects.Count == 0)
        {
            return null;
        }

        var current = defects.Where(d => d.Status != Defect.Repaired).ToList();
        List<ConsoleBlock> blocks =
        [
            new ConsoleFields(
            [
                new(request.Text("Tunnel", "隧道"), tunnelId),
                new(request.Text("Open defects", "未修复病害"), N(current.Count)),
                new(request.Text("Grown when last seen", "上次检测扩展"), N(current.Count(d => d.Grown))),
                new(request.Text("Repaired", "已修复"), N(defects.Count - current.Count)),
            ]),
            Strip(request, tunnelId, current),
            new ConsoleHeading(request.Text("Reports", "检测报告")),
            new ConsoleDownloads(
            [
                new(request.Text("Tunnel report (PDF)", "隧道报告（PDF）"), TunnelFiles.TunnelReport(tunnelId, "pdf")),
                new(request.Text("Tunnel report (HTML)", "隧道报告（HTML）"), TunnelFiles.TunnelReport(tunnelId, "html")),
                .. runs.SelectMany(r => new ConsoleDownload[]
                {
                    new($"{request.Text("Run", "检测")} {r.RunId} (PDF)", TunnelFiles.RunReport(r.RunId, "pdf")),
                    new($"{request.Text("Run", "检测")} {r.RunId} (HTML)", TunnelFiles.RunReport(r.RunId, "html")),
                }),
            ]),
            new ConsoleHeading(request.Text("Runs", "检测记录")),
            new ConsoleTable(
                [request.Text("Run", "检测"), request.Text("Date", "日期"), request.Text("Method", "方式"), request.Text("Images", "图像"), request.Text("Inspected", "已检"),
                 request.Text("Failed / rejected", "失败 / 拒收"), request.Text("New / grown / repaired", "新增 / 扩展 / 修复"), request.Text("Completed", "完成时间")],
                [.. runs.Select(r => new ConsoleRow(
                [
                    r.RunId, r.InspectedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Method, N(r.Images.Count), N(r.Inspected),
                    $"{N(r.Failed)} / {N(r.Rejected.Count)}", $"{N(r.NewDefects.Count)} / {N(r.GrownDefects.Count)} / {N(r.RepairedDefects.Count)}",
                    r.CompletedAt?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? request.Text("in progress", "进行中"),
                ]))]),
            new ConsoleHeading(request.Text("Photographs, worst first", "病害照片（按等级）")),
            new ConsoleGallery([.. current.OrderByDescending(d => d.Grade).ThenBy(d => d.ChainageM).Take(GalleryPhotos)
                .Select(d => new ConsoleFigure(TunnelFiles.ImageOf(d.DefectId), ReportBuilder.Caption(d), ReportBuilder.Caption(d), d.DefectId, DefectPages.Path))]),
            new ConsoleHeading(request.Text("Defects", "病害")),
            DefectPages.Table(request, defects),
        ];
        return new ConsoleView($"{request.Text("Tunnel", "隧道")} {tunnelId}", blocks);
    }

    /// <summary>The open defects along the tunnel: lanes are the lining positions, colour the grade, a mark opens the defect.</summary>
    private static ConsoleStrip Strip(ConsolePageRequest request, string tunnelId, IReadOnlyList<Defect> defects)
    {
        var (min, max) = defects.Count == 0 ? (0, 100) : (defects.Min(d => d.ChainageM), defects.Max(d => d.ChainageM));
        var pad = Math.Max(5, (max - min) * 0.05);
        var (from, to) = (Math.Max(0, min - pad), max + pad);
        var ticks = Enumerable.Range(0, StripTicks + 1).Select(i => from + (to - from) * i / StripTicks).Select(at => new ConsoleStripTick(at, Chainage.Format(at))).ToList();
        var marks = defects.Select(d => new ConsoleStripMark(d.ChainageM, d.Position, Math.Clamp(d.Grade, 1, 4) - 1, $"{ReportBuilder.Caption(d)} ({d.Status})", d.DefectId, LinkPage: DefectPages.Path)).ToList();
        return new ConsoleStrip(
            request.Text($"Open defects of {tunnelId} along the chainage, by grade", $"{tunnelId} 未修复病害沿里程分布（按等级）"),
            from, to, LiningPositions.All, [.. Enumerable.Range(1, 4).Select(g => Grade(request, g))], marks, ticks);
    }

    internal static string Grade(ConsolePageRequest request, int grade) => request.Text($"grade {grade}", $"{grade} 级");

    private static async Task<List<InspectionRun>> RunsAsync(IPluginStore store, string? tunnelId, CancellationToken cancellationToken) =>
        [.. (await store.ListAsync<InspectionRun>(InspectionRun.Collection, limit: RunScan, cancellationToken: cancellationToken))
            .Select(r => r.Value).Where(r => tunnelId is null || r.TunnelId == tunnelId).OrderByDescending(r => r.InspectedAt)];

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
