using IntegrationHub.Plugins.PowerWorkOrders.Tickets;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tests;

/// <summary>Tickets for the shipped demo station 城东变 (bays 901 and 902 with trucks, 915 with disconnectors) and a checker over them.</summary>
internal static class TicketBays
{
    // What the reasoning worker's operation-ticket template drafts for 10kV 城东线 901 开关 运行转检修.
    public static readonly string[] ToMaintenance901 =
    [
        "核对10kV城东线901开关设备名称、编号及位置正确",
        "拉开10kV城东线901开关",
        "检查10kV城东线901开关三相确已拉开（分闸指示灯亮，机械指示在“分”位）",
        "检查10kV城东线负荷电流指示为零",
        "将10kV城东线901开关手车由“工作”位置摇至“试验”位置",
        "检查10kV城东线901开关手车确已在“试验”位置",
        "取下10kV城东线901开关二次插头",
        "在10kV城东线901开关线路侧验明三相确无电压",
        "合上10kV城东线9016接地刀闸",
        "检查10kV城东线9016接地刀闸三相确已合上",
        "断开10kV城东线901开关控制电源及储能电源空气开关",
        "在10kV城东线901开关操作处悬挂“禁止合闸，线路有人工作！”标示牌",
        "向调度汇报：10kV城东线901开关及线路已由运行转检修",
    ];

    // The worker's 检修转运行 template for the same bay.
    public static readonly string[] BackToService901 =
    [
        "确认10kV城东线工作票已全部终结，工作人员已全部撤离现场",
        "取下10kV城东线901开关操作处“禁止合闸，线路有人工作！”标示牌",
        "拉开10kV城东线9016接地刀闸",
        "检查10kV城东线9016接地刀闸三相确已拉开",
        "合上10kV城东线901开关控制电源及储能电源空气开关",
        "装上10kV城东线901开关二次插头",
        "检查10kV城东线901开关确在分闸位置",
        "将10kV城东线901开关手车由“试验”位置摇至“工作”位置",
        "检查10kV城东线901开关手车确已在“工作”位置",
        "合上10kV城东线901开关",
        "检查10kV城东线901开关三相确已合上，负荷电流指示正常",
        "向调度汇报：10kV城东线901开关及线路已由检修转运行",
    ];

    // 城南线 915 (bus disconnector 9151, line disconnector 9153) from service to cold standby.
    public static readonly string[] ColdStandby915 =
    [
        "拉开10kV城南线915开关",
        "检查10kV城南线915开关三相确已拉开",
        "拉开10kV城南线9153刀闸",
        "检查10kV城南线9153刀闸三相确已拉开",
        "拉开10kV城南线9151刀闸",
        "检查10kV城南线9151刀闸三相确已拉开",
        "向调度汇报：10kV城南线915开关及线路已由运行转冷备用",
    ];

    public static TicketOptions Shipped() => PowerWorkOrdersOptions.Load(new ConfigurationBuilder().Build()).Tickets;

    public static TicketChecker Checker(TicketOptions? options = null)
    {
        options ??= Shipped();
        return new TicketChecker(options, new BayCatalog(options), new TicketTemplateCatalog(options), new InterlockSimulator());
    }

    public static OperationTicketRequest Request(string task, IReadOnlyList<string> steps, string line = "10kV城东线", string breaker = "901", string station = "城东变") =>
        new("OT", station, line, breaker, task, Steps: steps);

    public static string[] Replace(string[] steps, int number, params string[] with) =>
        [.. steps[..(number - 1)], .. with, .. steps[number..]];

    public static string[] Insert(string[] steps, int after, params string[] with) =>
        [.. steps[..after], .. with, .. steps[after..]];
}
