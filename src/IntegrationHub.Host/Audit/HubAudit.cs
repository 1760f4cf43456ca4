using IntegrationHub.Contracts.Security;
using IntegrationHub.Storage.Audit;

namespace IntegrationHub.Host.Audit;

/// <summary>
/// The hub's audit trail: every console and API action (sign-in and out, replay, delete, reload, retry, question…),
/// allowed or refused, is one row in the hub's store (<see cref="AuditStore"/>) and one structured log record under
/// the category <c>IntegrationHub.Console.Audit</c>: who, what, on what, and the outcome.
/// </summary>
public sealed class HubAudit(AuditStore store, TimeProvider clock, ILoggerFactory loggers)
{
    public const string Category = "IntegrationHub.Console.Audit";

    /// <summary>The principal of an action whose caller is not known (a sign-in with an unknown key, no key at all).</summary>
    public const string Unknown = "(unknown)";

    private readonly ILogger _log = loggers.CreateLogger(Category);

    public async Task RecordAsync(string principal, string action, string target, string outcome, bool allowed, CancellationToken cancellationToken = default)
    {
        outcome = Secrets.Redact(outcome);
        target = Secrets.Redact(target);
        _log.LogInformation("Audit: {Principal} {Action} {Target}: {Outcome}", principal, action, target, outcome);
        // Not the request's token: an action that was done is recorded even when its caller has gone away.
        await store.AddAsync(new AuditEntry(clock.GetUtcNow(), principal, action, target, outcome, allowed), CancellationToken.None);
    }
}
