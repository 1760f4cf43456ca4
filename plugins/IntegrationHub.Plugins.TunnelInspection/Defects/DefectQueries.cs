using System.Runtime.CompilerServices;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.TunnelInspection.Defects;

/// <summary>Reads defects page by page (a tunnel's keys share its prefix) and filters them for the API and reports.</summary>
public static class DefectQueries
{
    private const int Page = 200;

    public static async IAsyncEnumerable<(Defect Defect, long Version)> AllAsync(IPluginStore store, string? tunnelId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = tunnelId is null ? null : Defect.TunnelPrefix(tunnelId);
        for (var offset = 0; ; offset += Page)
        {
            var page = await store.ListAsync<Defect>(Defect.Collection, prefix, Page, offset, cancellationToken);
            foreach (var document in page)
            {
                yield return (document.Value, document.Version);
            }

            if (page.Count < Page)
            {
                yield break;
            }
        }
    }

    public sealed record Filter(string? TunnelId, int? MinGrade, string? Status, string? Type, double? FromM, double? ToM);

    public static async Task<List<Defect>> FindAsync(IPluginStore store, Filter filter, CancellationToken cancellationToken)
    {
        var found = new List<Defect>();
        await foreach (var (defect, _) in AllAsync(store, filter.TunnelId, cancellationToken))
        {
            if ((filter.MinGrade is null || defect.Grade >= filter.MinGrade)
                && (filter.Status is null || defect.Status.Equals(filter.Status, StringComparison.OrdinalIgnoreCase))
                && (filter.Type is null || defect.Type.Equals(filter.Type, StringComparison.OrdinalIgnoreCase))
                && (filter.FromM is null || defect.ChainageM >= filter.FromM)
                && (filter.ToM is null || defect.ChainageM <= filter.ToM))
            {
                found.Add(defect);
            }
        }

        return [.. found.OrderBy(d => d.ChainageM).ThenBy(d => d.Ring)];
    }
}
