using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Host.Messaging;

namespace IntegrationHub.Host.Api.Ingest;

/// <summary>
/// The contracts a business system may publish through the API: events (records in an <c>…Events</c> namespace, the
/// contracts' folder rule). Requests and their replies (workers, queries) and commands (timers the hub schedules
/// itself) travel on the bus only.
/// </summary>
public sealed class IngestibleContracts(ContractRegistry contracts)
{
    public IEnumerable<string> Names => contracts.Names.Where(n => contracts.TryGetType(n, out var type) && KindOf(type) is null).Order(StringComparer.Ordinal);

    /// <summary>True with the contract's type and canonical name; false with why not (unknown, or what else it is).</summary>
    public bool TryGet(string name, out Type type, out string canonical, out string refusal)
    {
        canonical = name;
        refusal = "";
        if (!contracts.TryGetType(name, out type))
        {
            refusal = "is not a contract this hub knows";
            return false;
        }

        canonical = contracts.NameOf(type);
        var kind = KindOf(type);
        if (kind is not null)
        {
            refusal = $"is {kind}, not an event a business system publishes";
            return false;
        }

        return true;
    }

    private string? KindOf(Type type)
    {
        if (type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>)))
        {
            return "a request (sent to a worker or plugin, answered by a reply)";
        }

        if (contracts.Names.Any(n => contracts.TryGetType(n, out var request) && request.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequest<>) && i.GetGenericArguments()[0] == type)))
        {
            return "a reply (the answer to a request)";
        }

        var segments = type.Namespace?.Split('.') ?? [];
        return segments.Contains("Events") ? null : "a command (a timer or job the hub schedules itself)";
    }
}
