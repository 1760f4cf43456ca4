using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Connectors;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Inbox;

namespace IntegrationHub.Host.Security;

/// <summary>
/// Replay protection for signed callbacks kept in the hub's database (the inbox table, one consumer per connector),
/// so a callback accepted by one hub process is refused by every other one sharing the database. The inbox's retention
/// outlives any callback tolerance window; after the window the signature is stale anyway.
/// </summary>
internal sealed class StoredCallbackReplayGuard(HubDatabase database, InboxStore inbox) : ICallbackReplayGuard
{
    public async Task<bool> FirstTimeAsync(string connector, string signature, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature.Trim())));
        await using var unitOfWork = await database.BeginAsync(cancellationToken);
        var first = await inbox.TryRecordAsync(unitOfWork, $"callback:{connector}", key, "callback-signature");
        await unitOfWork.CommitAsync(cancellationToken);
        return first;
    }
}
