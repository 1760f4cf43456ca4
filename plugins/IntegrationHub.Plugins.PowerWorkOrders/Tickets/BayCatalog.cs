using System.Text.RegularExpressions;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Plugins.PowerWorkOrders.Tickets;

/// <summary>The configured bays, found by station and breaker or line, and their current state (store first, configuration after).</summary>
public sealed partial class BayCatalog(TicketOptions options)
{
    public const string States = "bay-states";

    private readonly IReadOnlyList<BayModel> _bays = options.Bays.Select(b => new BayModel(b)).ToList();

    public BayModel? Find(string id) => _bays.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The bay of the station whose breaker is <paramref name="breaker"/> or, without one, whose line is <paramref name="line"/>.</summary>
    public BayModel? Find(string station, string line, string breaker)
    {
        var inStation = InStation(station).ToList();
        var byBreaker = string.IsNullOrWhiteSpace(breaker) ? null : inStation.FirstOrDefault(b => b.Equipment.Any(e =>
            e.Kind == EquipmentKinds.Breaker && (string.Equals(e.Id, Trim(breaker), StringComparison.OrdinalIgnoreCase) || e.Names.Contains(breaker.Trim(), StringComparer.OrdinalIgnoreCase))));
        var byLine = string.IsNullOrWhiteSpace(line) ? null : inStation.FirstOrDefault(b => b.Lines.Any(l => SameLine(l, line)));
        return (byBreaker, byLine) switch
        {
            (not null, null) when string.IsNullOrWhiteSpace(line) => byBreaker,
            (null, not null) when string.IsNullOrWhiteSpace(breaker) => byLine,
            (not null, not null) when byBreaker == byLine => byBreaker,
            _ => null, // unknown, or the breaker and the line are of different bays
        };
    }

    public IEnumerable<BayModel> InStation(string station) => _bays.Where(b => SameStation(b.Station, station));

    public async Task<BayState> CurrentStateAsync(BayModel bay, IPluginStore store, CancellationToken cancellationToken) =>
        (await store.GetAsync<BayState>(States, bay.Id, cancellationToken))?.Value ?? bay.InitialState();

    /// <summary>"10kV城东线", "城东线" and "城东" name the same line.</summary>
    public static bool SameLine(string a, string b) => string.Equals(LineCore(a), LineCore(b), StringComparison.OrdinalIgnoreCase);

    private static bool SameStation(string a, string b) => string.Equals(Voltage().Replace(a.Trim(), ""), Voltage().Replace(b.Trim(), ""), StringComparison.OrdinalIgnoreCase);

    private static string LineCore(string line) => Voltage().Replace(line.Trim(), "").TrimEnd('线');

    private static string Trim(string breaker) => breaker.Trim().Replace("开关", "").Replace("断路器", "");

    [GeneratedRegex(@"^\d+(\.\d+)?\s*kV", RegexOptions.IgnoreCase)]
    private static partial Regex Voltage();
}
