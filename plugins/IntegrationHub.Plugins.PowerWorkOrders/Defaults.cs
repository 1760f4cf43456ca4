namespace IntegrationHub.Plugins.PowerWorkOrders;

/// <summary>Built-in scripts, used when configuration names none. Intent names follow the reasoning worker's intent sets.</summary>
internal static class Defaults
{
    public static Dictionary<string, VoiceScript> Scripts() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["fee-reminder"] = new VoiceScript
        {
            Question = "请问您近期方便缴纳电费吗？",
            SilenceSms = "【供电公司】尊敬的客户，您户号下本月电费尚未缴纳，可通过网上国网APP或营业厅缴费，如有疑问请拨打官方客服热线{hotline}。",
            Greeting = "您好，这里是供电公司。您户号下本月电费尚未缴纳，请问您方便近期缴纳吗？",
            Responses = new(StringComparer.OrdinalIgnoreCase)
            {
                ["已缴费"] = new() { Prompt = "好的，系统入账可能有延迟，感谢您的配合，再见。", Action = DialogActions.HangUp, Outcome = "already-paid" },
                ["承诺缴费"] = new() { Prompt = "好的，您可以通过网上国网或支付宝缴费，感谢您的配合，再见。", Action = DialogActions.HangUp, Outcome = "promised-to-pay" },
                ["有异议"] = new() { Prompt = "明白，我为您转接人工客服核实电费。", Action = DialogActions.Transfer, Outcome = "dispute" },
                ["转人工"] = new() { Prompt = "好的，正在为您转接人工客服，请稍候。", Action = DialogActions.Transfer, Outcome = "transferred" },
                ["其他"] = new() { Prompt = "请问您近期方便缴纳电费吗？", Action = DialogActions.Continue },
            },
        },
        ["outage-notice"] = new VoiceScript
        {
            Question = "停电期间请提前做好准备，请问您知晓了吗？",
            SilenceSms = "【供电公司】尊敬的客户，您所在区域近期有计划停电，详情请在网上国网APP查询或拨打官方客服热线{hotline}。",
            Greeting = "您好，这里是供电公司。您所在区域将有计划停电，请问您知晓了吗？",
            Responses = new(StringComparer.OrdinalIgnoreCase)
            {
                ["知晓"] = new() { Prompt = "感谢您的理解，我们会尽快完成检修，再见。", Action = DialogActions.HangUp, Outcome = "acknowledged" },
                ["有异议"] = new() { Prompt = "非常抱歉给您带来不便，我为您转接人工客服登记您的困难。", Action = DialogActions.Transfer, Outcome = "objection" },
                ["转人工"] = new() { Prompt = "好的，正在为您转接人工客服，请稍候。", Action = DialogActions.Transfer, Outcome = "transferred" },
                ["其他"] = new() { Prompt = "停电期间请提前做好准备，请问您知晓了吗？", Action = DialogActions.Continue },
            },
        },
        ["satisfaction-survey"] = new VoiceScript
        {
            Question = "请问您对本次服务是满意还是不满意？",
            SilenceSms = "【供电公司】感谢您使用我们的服务，如对本次服务有意见或建议，请拨打官方客服热线{hotline}。",
            Greeting = "您好，这里是供电公司回访。请问您对本次抢修服务满意吗？",
            Responses = new(StringComparer.OrdinalIgnoreCase)
            {
                ["满意"] = new() { Prompt = "感谢您的认可，再见。", Action = DialogActions.HangUp, Outcome = "satisfied" },
                ["不满意"] = new() { Prompt = "非常抱歉，我为您转接人工客服记录您的意见。", Action = DialogActions.Transfer, Outcome = "dissatisfied" },
                ["转人工"] = new() { Prompt = "好的，正在为您转接人工客服，请稍候。", Action = DialogActions.Transfer, Outcome = "transferred" },
                ["其他"] = new() { Prompt = "请问您对本次服务是满意还是不满意？", Action = DialogActions.Continue },
            },
        },
    };
}
