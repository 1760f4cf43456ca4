using System.Globalization;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Operator;
using IntegrationHub.Plugins.PowerWorkOrders.WorkOrders;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Console;

/// <summary>
/// The plugin's work-order page in the hub's operator console: work orders as the operator query lists them (status
/// filter, paging), and one order with its state history, escalations, the connector deliveries made for it (the hub
/// lists those by the order id, their correlation key) and the voice calls of campaigns requested for it (variable
/// <see cref="WorkOrderVariable"/>, for example a satisfaction survey after a repair).
/// </summary>
public static class WorkOrderPages
{
    public const string Path = "work-orders";

    /// <summary>The campaign variable that names the work order a campaign calls about.</summary>
    public const string WorkOrderVariable = "workOrderId";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Register(IPluginBuilder builder) =>
        builder.AddConsolePage(new ConsolePage(Path, "Work orders", "工单", PowerScopes.Read, RenderAsync));

    private static Task<ConsoleView?> RenderAsync(ConsolePageRequest request, CancellationToken cancellationToken) =>
        request.Id is null ? ListAsync(request, cancellationToken) : DetailAsync(request, request.Id, cancellationToken);

    private static async Task<ConsoleView?> ListAsync(ConsolePageRequest request, CancellationToken cancellationToken)
    {
        var title = request.Text("Work orders", "工单");
        var (filter, error) = DocumentFilter.Parse(request.Query);
        if (filter is null)
        {
            return new ConsoleView(title, [new ConsoleHeading(error!)]);
        }

        var page = await OperatorQueries.QueryFor(request.Services).RunAsync(OperatorQueries.WorkOrders, filter, cancellationToken);
        var rows = page.Items
            .Select(i => i.Deserialize<WorkOrder>(Json)!)
            .Select(o => new ConsoleRow([o.Id, o.Title, o.Status, o.Severity, o.Substation ?? "", PageFormat.Time(o.CreatedAt), PageFormat.Time(o.Deadline), o.ExternalId ?? ""], o.Id))
            .ToList();
        string[] columns =
        [
            request.Text("Order", "工单号"), request.Text("Title", "标题"), request.Text("Status", "状态"), request.Text("Severity", "严重程度"),
            request.Text("Substation", "变电站"), request.Text("Created", "创建时间"), request.Text("Deadline", "期限"), request.Text("EAM number", "EAM 工单号"),
        ];
        string[] statuses = [WorkOrderStatuses.Created, WorkOrderStatuses.Dispatched, WorkOrderStatuses.Accepted, WorkOrderStatuses.InProgress, WorkOrderStatuses.Completed, WorkOrderStatuses.Closed, WorkOrderStatuses.Cancelled];
        List<ConsoleBlock> blocks = [PageFormat.Choices(request, "state", request.Text("Status", "状态"), statuses), new ConsoleTable(columns, rows)];
        blocks.AddRange(PageFormat.Paging(request, filter, page));
        return new ConsoleView(title, blocks);
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
            new(request.Text("Deadline", "期限"), PageFormat.Time(order.Deadline)),
            new(request.Text("EAM number", "EAM 工单号"), order.ExternalId ?? ""),
        };
        var history = order.History
            .Select(t => new ConsoleRow([PageFormat.Time(t.At), t.From, t.To, t.Source, t.Note ?? ""]))
            .ToList();
        var escalations = order.History
            .Where(t => t.Source == "escalation")
            .Select(t => new ConsoleRow([PageFormat.Time(t.At), t.To, t.Note ?? ""]))
            .ToList();
        string[] historyColumns = [request.Text("At", "时间"), request.Text("From", "原状态"), request.Text("To", "新状态"), request.Text("Source", "来源"), request.Text("Note", "备注")];
        return new ConsoleView($"{request.Text("Work order", "工单")} {order.Id}",
        [
            new ConsoleFields(fields),
            new ConsoleHeading(request.Text("State history", "状态历史")),
            new ConsoleTable(historyColumns, history),
            new ConsoleHeading(request.Text("Escalations", "督办升级")),
            new ConsoleTable([request.Text("At", "时间"), request.Text("Status then", "当时状态"), request.Text("Reason and recipient", "原因与督办人")], escalations),
            new ConsoleHeading(request.Text("Deliveries", "投递记录")),
            new ConsoleDeliveries(order.Id),
            new ConsoleHeading(request.Text("Voice calls", "语音外呼")),
            new ConsoleTable(
                [request.Text("Campaign", "活动"), request.Text("Kind", "类型"), request.Text("Customer", "客户"), request.Text("Phone", "电话"),
                 request.Text("Attempts", "呼叫次数"), request.Text("Dial status", "拨号结果"), request.Text("Intent", "意图"), request.Text("Result", "结果")],
                await CallsAsync(request, order.Id, cancellationToken)),
        ]);
    }

    /// <summary>Every call of the campaigns requested for the order, found by the one operator query (text = the order id).</summary>
    private static async Task<List<ConsoleRow>> CallsAsync(ConsolePageRequest request, string orderId, CancellationToken cancellationToken)
    {
        var rows = new List<ConsoleRow>();
        var filter = new DocumentFilter(null, null, null, orderId, 0, DocumentFilter.MaxLimit);
        var page = await OperatorQueries.QueryFor(request.Services).RunAsync(OperatorQueries.Campaigns with { Summary = null }, filter, cancellationToken);
        foreach (var campaign in page.Items.Select(i => i.Deserialize<Campaign>(Json)!).Where(c => c.Variables.GetValueOrDefault(WorkOrderVariable) == orderId))
        {
            rows.AddRange(campaign.Contacts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new ConsoleRow(
            [
                campaign.CampaignId, campaign.Kind, $"{c.Value.Name} {c.Key}".Trim(), c.Value.Phone, c.Value.Attempts.ToString(CultureInfo.InvariantCulture),
                c.Value.LastDialStatus ?? "", c.Value.Intent ?? "", c.Value.Result,
            ])));
        }

        return rows;
    }
}
