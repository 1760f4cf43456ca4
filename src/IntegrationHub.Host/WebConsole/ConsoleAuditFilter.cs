using IntegrationHub.Host.Audit;
using Microsoft.AspNetCore.Mvc.Filters;

namespace IntegrationHub.Host.WebConsole;

/// <summary>
/// Writes the audit entries a console page's handler noted (<see cref="ConsolePageModel"/>'s <c>Audit</c> and
/// <c>Refuse</c>) once the handler has run, awaited, before the page or its redirect is sent; so pages stay synchronous
/// where they decide and nothing they audit is lost, even when the handler throws.
/// </summary>
internal sealed class ConsoleAuditFilter(HubAudit audit) : IAsyncPageFilter
{
    private static readonly object Key = new();

    public static void Note(HttpContext http, string principal, string action, string target, string outcome, bool allowed)
    {
        if (http.Items[Key] is not List<PendingEntry> pending)
        {
            http.Items[Key] = pending = [];
        }

        pending.Add(new PendingEntry(principal, action, target, outcome, allowed));
    }

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        try
        {
            await next();
        }
        finally
        {
            if (context.HttpContext.Items[Key] is List<PendingEntry> pending)
            {
                context.HttpContext.Items.Remove(Key);
                foreach (var entry in pending)
                {
                    await audit.RecordAsync(entry.Principal, entry.Action, entry.Target, entry.Outcome, entry.Allowed);
                }
            }
        }
    }

    private sealed record PendingEntry(string Principal, string Action, string Target, string Outcome, bool Allowed);
}
