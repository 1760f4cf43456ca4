using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>A draft: its title and clean steps, or why there is none.</summary>
public sealed record TicketDraft(string? Title, IReadOnlyList<string> Steps, string? Error);

/// <summary>
/// Gets a ticket's steps (the caller's, or the reasoning worker's <c>operation-ticket</c> draft) and makes them read
/// cleanly: no number in the text (the OA numbers steps itself), no word repeated back to back ("城东线线915开关开关").
/// </summary>
public sealed class TicketDrafter
{
    private readonly IWorkerClient _worker;
    private readonly IReadOnlyList<Regex> _repeats;

    public TicketDrafter(TicketOptions options, IWorkerClient worker)
    {
        _worker = worker;
        _repeats = options.RepeatFixes.Select(r => new Regex(r, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).ToList();
    }

    public async Task<TicketDraft> DraftAsync(OperationTicketRequest request, CancellationToken cancellationToken)
    {
        if (request.Steps is { Count: > 0 })
        {
            return new TicketDraft(null, Clean(request.Steps), null);
        }

        var reply = await _worker.RequestAsync<DraftRequest, DraftReply>(new DraftRequest("operation-ticket", Facts(request)), TimeSpan.FromSeconds(30), cancellationToken);
        return reply.Error is not null
            ? new TicketDraft(null, [], $"drafting failed: {reply.Error.Code}: {reply.Error.Message}")
            : new TicketDraft(reply.Title is null ? null : CleanText(reply.Title), Clean(reply.Steps ?? []), null);
    }

    public IReadOnlyList<string> Clean(IEnumerable<string> steps) =>
        steps.Select(s => CleanText(StepReader.WithoutNumber(s))).Where(s => s.Length > 0).ToList();

    public string CleanText(string text) => _repeats.Aggregate(text.Trim(), (t, r) => r.Replace(t, "$1"));

    /// <summary>
    /// The worker's templates write "{line}线{breaker}开关", so the facts go without those words: a line given as
    /// "10kV城东线" or a breaker as "915开关" would otherwise read twice.
    /// </summary>
    private static Dictionary<string, string> Facts(OperationTicketRequest request)
    {
        var facts = new Dictionary<string, string>(request.Facts ?? new Dictionary<string, string>())
        {
            ["station"] = request.Station,
            ["line"] = Suffix(request.Line, "线"),
            ["breaker"] = Suffix(Suffix(request.Breaker, "开关"), "断路器"),
            ["task"] = request.Task,
        };
        if (request.GroundingSwitch is not null)
        {
            facts["grounding_switch"] = Suffix(request.GroundingSwitch, "接地刀闸");
        }

        return facts;
    }

    private static string Suffix(string text, string suffix) =>
        text.Trim().EndsWith(suffix, StringComparison.Ordinal) ? text.Trim()[..^suffix.Length] : text.Trim();
}
