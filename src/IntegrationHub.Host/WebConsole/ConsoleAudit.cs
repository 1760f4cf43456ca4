namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// Every console action (sign-in, replay, delete, reload, retry, question), allowed or refused, as one structured log
/// record under the category <c>IntegrationHub.Console.Audit</c>: who, what, on what, and the outcome.
/// </summary>
internal sealed class ConsoleAudit(ILoggerFactory loggers)
{
    public const string Category = "IntegrationHub.Console.Audit";

    private readonly ILogger _log = loggers.CreateLogger(Category);

    public void Record(string principal, string action, string target, string outcome) =>
        _log.LogInformation("Console audit: {Principal} {Action} {Target}: {Outcome}", principal, action, target, outcome);
}
