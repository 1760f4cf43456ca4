using System.Globalization;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Console;

/// <summary>
/// The plugin's page in the hub's operator console: work orders with a status filter, and one order with its state
/// history and the connector deliveries made for it (the hub lists those by the order id, their correlation key).
/// </summary>
public static class WorkOrderPages
{
    public const string Path = "work-orders";
    private const int Limit = 200;

    public static void Register(IPluginBuilder builder) =>
        builder.AddConsolePage(new ConsolePage(Path, "Work orders", "工单", PowerScopes.Read, RenderAsync));

    private static Task<ConsoleView?> RenderAsync(ConsolePageRequest request, CancellationToken cancellationToken) =>
        request.Id is null ? ListAsync(request, cancellationToken) : DetailAsync(request, request.Id, cancellationToken);

    private static async Task<ConsoleView?> ListAsync(ConsolePageRequest request, CancellationToken cancellationToken)
    {
        var store = request.Services.GetRequiredService<IPluginStore>();
        var orders = await store.ListAsync<WorkOrder>(WorkOrderHandlers.Orders, null, Limit, 0, cancellationToken);
        var status = request.Query.GetValueOrDefault("status");
        var rows = orders
            .Select(o => o.Value)
            .Where(o => string.IsNullOrEmpty(status) || o.Status == status)
            .Select(o => new ConsoleRow([o.Id, o.Title, o.Status, o.Severity, o.Substation ?? "", Time(o.CreatedAt), Time(o.Deadline), o.ExternalId ?? ""], o.Id))
            .ToList();
        string[] columns =
        [
            request.Text("Order", "工单号"), request.Text("Title", "标题"), request.Text("Status", "状态"), request.Text("Severity", "严重程度"),
            request.Text("Substation", "变电站"), request.Text("Created", "创建时间"), request.Text("Deadline", "期限"), request.Text("EAM number", "EAM 工单号"),
        ];
        return new ConsoleView(request.Text("Work orders", "工单"), [new ConsoleTable(columns, rows)]);
    }

    private static async Task<ConsoleView?> DetailAsync(ConsolePageRequest request, string id, CancellationToken cancellationToken)
    {
        var store = request.Services.GetRequiredService<IPluginStore>();
        if (await store.GetAsync<WorkOrder>(WorkOrderHandlers.Orders, id, cancellationToken) is not { } stored)
        {
            return null;
        }

        var order = stored.Value;
        var fields = new List<KeyValuePair<string, string>>
        {
            new(request.Text("Order", "工单号"), order.Id),
            new(request.Text("Title", "标题"), order.Title),
            new(request.Text("Status", "状态"), order.Status),
            new(request.Text("Kind", "类型"), order.Kind),
            new(request.Text("Severity", "严重程度"), order.Urgent ? $"{order.Severity} ({request.Text("urgent", "紧急")})" : order.Severity),
            new(request.Text("Equipment", "设备"), $"{order.EquipmentName} {order.EquipmentId}".Trim()),
            new(request.Text("Substation", "变电站"), order.Substation ?? ""),
            new(request.Text("Description", "描述"), order.Description),
            new(request.Text("Reports", "关联报告"), string.Join(", ", order.Reports)),
            new(request.Text("Escalations", "升级次数"), order.Escalations.ToString(CultureInfo.InvariantCulture)),
            new(request.Text("Deadline", "期限"), Time(order.Deadline)),
            new(request.Text("EAM number", "EAM 工单号"), order.ExternalId ?? ""),
        };
        var history = order.History
            .Select(t => new ConsoleRow([Time(t.At), t.From, t.To, t.Source, t.Note ?? ""]))
            .ToList();
        string[] historyColumns = [request.Text("At", "时间"), request.Text("From", "原状态"), request.Text("To", "新状态"), request.Text("Source", "来源"), request.Text("Note", "备注")];
        return new ConsoleView($"{request.Text("Work order", "工单")} {order.Id}",
        [
            new ConsoleFields(fields),
            new ConsoleHeading(request.Text("State history", "状态历史")),
            new ConsoleTable(historyColumns, history),
            new ConsoleHeading(request.Text("Deliveries", "投递记录")),
            new ConsoleDeliveries(order.Id),
        ]);
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
