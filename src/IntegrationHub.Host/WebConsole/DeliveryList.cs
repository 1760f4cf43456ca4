using System.Text.Encodings.Web;
using System.Text.Json;
using IntegrationHub.Storage.Outbox;

namespace IntegrationHub.Host.WebConsole;

/// <summary>Outbox deliveries as the Deliveries page and plugin pages (<see cref="Contracts.Plugins.ConsoleDeliveries"/>) show them.</summary>
public sealed record DeliveryList(IReadOnlyList<OutboxEntry> Entries, bool CanRetry, string? AntiforgeryToken)
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
