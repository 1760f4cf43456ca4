using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>
/// Chaos switches for resilience tests and drills, bound from <c>Hub:FaultInjection</c>: they make the hub fail where
/// a real crash would, so a test can prove recovery. Never set in production; unset, nothing of it is in the pipeline.
/// </summary>
public sealed class FaultInjectionOptions
{
    public const string Section = "Hub:FaultInjection";

    /// <summary>Contract name of a message after whose commit (and before its ack) the process exits at once.</summary>
    public string? CrashAfterCommitOf { get; set; }
}

/// <summary>
/// Test seam, in the pipeline only when <see cref="FaultInjectionOptions.CrashAfterCommitOf"/> is set: kills the
/// process right after a handler of that contract committed, before the broker gets the ack.
/// </summary>
internal sealed class CrashAfterCommitFilter(IOptions<FaultInjectionOptions> options, ILogger<CrashAfterCommitFilter> logger) : IDispatchFilter
{
    public async Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        await next(context);
        if (context.Outcome == DispatchOutcome.Handled && string.Equals(options.Value.CrashAfterCommitOf, context.Contract, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogCritical("Fault injection: killing the process after committing {Contract} {MessageId}, before its ack", context.Contract, context.MessageId);
            Process.GetCurrentProcess().Kill();
        }
    }
}
