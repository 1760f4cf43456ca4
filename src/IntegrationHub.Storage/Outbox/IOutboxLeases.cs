namespace IntegrationHub.Storage.Outbox;

/// <summary>
/// The claim leases of an outbox port's table: a dispatcher renews the lease of the rows it is still working on, so
/// a short lease suffices (a dead instance's rows are taken over soon) without a slow delivery's row being taken
/// over while it is in flight; and it releases claimed rows it will not work on.
/// </summary>
public interface IOutboxLeases
{
    Task RenewAsync(IReadOnlyCollection<Guid> ids, DateTimeOffset until, CancellationToken cancellationToken = default);

    Task ReleaseAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken = default);
}
