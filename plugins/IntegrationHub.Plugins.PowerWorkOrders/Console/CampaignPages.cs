using System.Globalization;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Plugins.PowerWorkOrders.Campaigns;
using IntegrationHub.Plugins.PowerWorkOrders.Operator;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Plugins.PowerWorkOrders.Console;

/// <summary>
/// The voice campaigns page: campaigns (outage notices and every other kind) as the operator query lists them — kind
/// and state filters, reached/unreached counts, outcomes by intent, retries, paging — and one campaign with its batches,
/// every customer's call and the call tasks and messages delivered for it.
/// </summary>
public static class CampaignPages
{
    public const string Path = "campaigns";

    /// <summary>Call tasks whose deliveries the detail shows (a retry-heavy campaign lists the rest on the Deliveries page).</summary>
    private const int MaxBatchDeliveries = 10;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Register(IPluginBuilder builder) =>
        builder.AddConsolePage(new ConsolePage(Path, "Voice campaigns", "外呼活动", PowerScopes.Read, RenderAsync));

    private static Task<ConsoleView?> RenderAsync(ConsolePageRequest request, CancellationToken cancellationToken) =>
        request.Id is null ? ListAsync(request, cancellationToken) : DetailAsync(request, request.Id, cancellationToken);

    private static async Task<ConsoleView?> ListAsync(ConsolePageRequest request, CancellationToken cancellationToken)
    {
        var title = request.Text("Voice campaigns", "外呼活动");
        var (filter, error) = DocumentFilter.Parse(request.Query);
        if (filter is null)
        {
            return new ConsoleView(title, [new ConsoleHeading(error!)]);
        }

        var page = await OperatorQueries.QueryFor(request.Services).RunAsync(OperatorQueries.Campaigns, filter, cancellationToken);
        var summaries = page.Items.Select(i => i.Deserialize<CampaignSummary>(Json)!).ToList();
        var rows = summaries.Select(c => new ConsoleRow(
        [
            c.CampaignId, c.Kind, c.State, PageFormat.Time(c.CreatedAt), N(c.Customers), N(c.Reached), N(c.NotReached), N(c.Pending),
            N(c.Objections), N(c.OptedOut + c.DoNotCall), $"{N(c.Retried)} / {N(c.RetryBatches)}", Outcomes(c.Outcomes),
        ], c.CampaignId)).ToList();
        string[] columns =
        [
            request.Text("Campaign", "活动"), request.Text("Kind", "类型"), request.Text("State", "状态"), request.Text("Created", "创建时间"),
            request.Text("Customers", "客户数"), request.Text("Reached", "接通"), request.Text("Not reached", "未接通"), request.Text("Pending", "待呼"),
            request.Text("Objections", "异议"), request.Text("Do not call", "勿扰"), request.Text("Retried / retry batches", "重呼客户 / 重呼批次"),
            request.Text("Outcomes by intent", "按意图结果"),
        ];
        List<ConsoleBlock> blocks =
        [
            PageFormat.Choices(request, "kind", request.Text("Kind", "类型"), KindsOf(request)),
            PageFormat.Choices(request, "state", request.Text("State", "状态"), [CampaignStates.Calling, CampaignStates.Completed, CampaignStates.Cancelled, CampaignStates.Failed]),
            new ConsoleTable(columns, rows),
        ];
        blocks.AddRange(PageFormat.Paging(request, filter, page));
        return new ConsoleView(title, blocks);
    }

    private static async Task<ConsoleView?> DetailAsync(ConsolePageRequest request, string id, CancellationToken cancellationToken)
    {
        var store = request.Services.GetRequiredService<IPluginStore>();
        if (await store.GetAsync<Campaign>(CampaignEngine.Campaigns, id, cancellationToken) is not { } stored)
        {
            return null;
        }

        var campaign = stored.Value;
        var summary = CampaignSummary.Of(campaign);
        var fields = new List<KeyValuePair<string, string>>
        {
            new(request.Text("Campaign", "活动"), campaign.CampaignId),
            new(request.Text("Kind", "类型"), campaign.Kind),
            new(request.Text("State", "状态"), campaign.State),
            new(request.Text("Target", "对象"), campaign.Target),
            new(request.Text("Script", "话术"), campaign.ScriptId),
            new(request.Text("Requested by", "发起人"), campaign.RequestedBy ?? ""),
            new(request.Text("Created", "创建时间"), PageFormat.Time(campaign.CreatedAt)),
            new(request.Text("Call before", "最晚呼叫"), PageFormat.Time(campaign.CallBefore)),
            new(request.Text("Completed", "完成时间"), PageFormat.Time(campaign.CompletedAt)),
            new(request.Text("Reached / not reached / pending", "接通 / 未接通 / 待呼"), $"{N(summary.Reached)} / {N(summary.NotReached)} / {N(summary.Pending)}"),
            new(request.Text("Retried / messages sent", "重呼 / 已发短信"), $"{N(summary.Retried)} / {N(summary.FallbackSent)}"),
            new(request.Text("Variables", "变量"), string.Join("; ", campaign.Variables.Select(v => $"{v.Key}={v.Value}"))),
            new(request.Text("Failure", "失败原因"), campaign.FailureReason ?? ""),
        };
        var outcomes = (summary.Outcomes ?? new Dictionary<string, int>()).Select(o => new ConsoleRow([o.Key, N(o.Value)])).ToList();
        var batches = campaign.Batches.Select(b => new ConsoleRow([N(b.Index), PageFormat.Time(b.DueAt), N(b.Attempt), b.State, b.TaskId, N(b.CustomerIds.Count)])).ToList();
        var calls = campaign.Contacts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new ConsoleRow(
        [
            c.Key, c.Value.Name, c.Value.Phone, N(c.Value.Batch), N(c.Value.Attempts), c.Value.LastDialStatus ?? "", c.Value.Intent ?? "", c.Value.Result,
            c.Value.FallbackSent ? request.Text("yes", "是") : "",
        ])).ToList();
        List<ConsoleBlock> blocks =
        [
            new ConsoleFields(fields),
            new ConsoleHeading(request.Text("Outcomes by intent", "按意图结果")),
            new ConsoleTable([request.Text("Intent", "意图"), request.Text("Calls", "通数")], outcomes),
            new ConsoleHeading(request.Text("Calls", "呼叫明细")),
            new ConsoleTable(
                [request.Text("Customer", "客户"), request.Text("Name", "姓名"), request.Text("Phone", "电话"), request.Text("Batch", "批次"), request.Text("Attempts", "呼叫次数"),
                 request.Text("Dial status", "拨号结果"), request.Text("Intent", "意图"), request.Text("Result", "结果"), request.Text("Message sent", "已发短信")],
                calls),
            new ConsoleHeading(request.Text("Batches", "批次")),
            new ConsoleTable(
                [request.Text("Batch", "批次"), request.Text("Due", "计划时间"), request.Text("Attempt", "第几次"), request.Text("State", "状态"), request.Text("Call task", "呼叫任务"), request.Text("Customers", "客户数")],
                batches),
            new ConsoleHeading(request.Text("Messages delivered", "短信与通知")),
            new ConsoleDeliveries($"campaign:{campaign.CampaignId}"),
        ];
        foreach (var batch in campaign.Batches.Take(MaxBatchDeliveries))
        {
            blocks.Add(new ConsoleHeading($"{request.Text("Call task", "呼叫任务")} {batch.TaskId}"));
            blocks.Add(new ConsoleDeliveries($"campaign:{batch.TaskId}"));
        }

        return new ConsoleView($"{request.Text("Campaign", "外呼活动")} {campaign.CampaignId}", blocks);
    }

    /// <summary>The campaign kinds to filter by: the built-in ones and those configured.</summary>
    private static IReadOnlyList<string> KindsOf(ConsolePageRequest request) =>
        [.. new[] { CampaignKinds.OutageNotice, CampaignKinds.FeeReminder, CampaignKinds.SatisfactionSurvey }
            .Concat(request.Services.GetRequiredService<PowerWorkOrdersOptions>().Campaigns.Kinds.Keys)
            .Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string Outcomes(IReadOnlyDictionary<string, int>? outcomes) =>
        outcomes is null ? "" : string.Join(" · ", outcomes.Select(o => $"{o.Key} {N(o.Value)}"));

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
}
