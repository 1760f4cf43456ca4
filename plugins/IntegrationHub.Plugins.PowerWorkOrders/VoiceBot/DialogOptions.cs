namespace IntegrationHub.Plugins.PowerWorkOrders.VoiceBot;

/// <summary>
/// The dialog policies' settings (<c>Plugins:PowerWorkOrders:Dialog</c>): which intents mean opt-out and fraud
/// suspicion, the prompts each policy says, and how silence is handled. Lists left empty get the defaults.
/// </summary>
public sealed class DialogOptions
{
    /// <summary>Intents (of every script's intent set) that end the call politely and put the number on the do-not-call list.</summary>
    public List<string> OptOutIntents { get; set; } = [];

    public IReadOnlyList<string> OptOutIntentsOrDefault => OptOutIntents.Count > 0 ? OptOutIntents : ["拒绝来电"];

    /// <summary>Intents that mean the caller suspects fraud: the bot states how to verify it and offers a transfer.</summary>
    public List<string> FraudIntents { get; set; } = [];

    public IReadOnlyList<string> FraudIntentsOrDefault => FraudIntents.Count > 0 ? FraudIntents : ["怀疑诈骗"];

    /// <summary>The official hotline prompts name (<c>{hotline}</c>): a number the caller can check independently.</summary>
    public string OfficialHotline { get; set; } = "95598";

    public ScriptResponse OptOut { get; set; } = new()
    {
        Prompt = "好的，已为您登记，今后不再致电打扰您。如有用电问题请拨打{hotline}，再见。",
        Action = DialogActions.HangUp,
        Outcome = "opted-out",
    };

    /// <summary>Said when the caller suspects fraud: verifiable identity, no payment link, and the transfer offer.</summary>
    public string FraudSuspicionPrompt { get; set; } =
        "理解您的顾虑。我们是国家电网供电公司的客服，不会向您索要密码或验证码，也不会要求转账或通过短信发送缴费网址。" +
        "您可以挂断后拨打官方客服热线{hotline}核实。需要我现在为您转接人工客服吗？";

    /// <summary>The intent set that reads the answer to an offer, and its accept/decline intents.</summary>
    public string ConfirmIntentSet { get; set; } = "confirm";

    public string AcceptIntent { get; set; } = "肯定";

    public string DeclineIntent { get; set; } = "否定";

    public ScriptResponse TransferAccepted { get; set; } = new()
    {
        Prompt = "好的，正在为您转接人工客服，请稍候。",
        Action = DialogActions.Transfer,
        Outcome = "identity-check-transferred",
    };

    /// <summary>Said before the script's question again when the caller declines the transfer.</summary>
    public string TransferDeclinedPrompt { get; set; } = "好的，您也可以随时拨打{hotline}核实。";

    /// <summary>Said instead of repeating the question when the caller spoke over the prompt with something unclear.</summary>
    public string BargeInPrompt { get; set; } = "您请讲，我在听。";

    public SilenceOptions Silence { get; set; } = new();
}

public sealed class SilenceOptions
{
    /// <summary>Silent turns answered with a reprompt; the next one closes the call with an SMS.</summary>
    public int MaxReprompts { get; set; } = 2;

    /// <summary>The reprompts, in order (the last one repeats if there are fewer than <see cref="MaxReprompts"/>).</summary>
    public List<string> Reprompts { get; set; } = [];

    public IReadOnlyList<string> RepromptsOrDefault => Reprompts.Count > 0
        ? Reprompts
        : ["您好，请问您能听到我说话吗？", "您好，如果您现在不方便接听，我们稍后会以短信告知您详情。"];

    public ScriptResponse Closing { get; set; } = new()
    {
        Prompt = "由于长时间没有听到您的声音，我们将以短信告知您详情，再见。",
        Action = DialogActions.HangUp,
        Outcome = "no-response",
    };

    /// <summary>The SMS sent after the silent close when the script names none (<see cref="VoiceScript.SilenceSms"/>).</summary>
    public string Sms { get; set; } = "【供电公司】我们刚才致电未能与您通话，如有用电问题请拨打官方客服热线{hotline}。";
}
