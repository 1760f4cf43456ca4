using IntegrationHub.Host.Dispatch.Filters;
using MassTransit;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// The inbox keys a message without a business key by its id in NewId's sequential form: the same id always gives the
/// same key, different ids different keys, and ids made one after another sort in that order, so a busy hub appends
/// to the key's index instead of writing into random pages of it (docs/benchmarks.md, 2026-12-02).
/// </summary>
public sealed class InboxKeyTests
{
    [Fact]
    public void Message_ids_key_the_inbox_in_the_order_they_were_made()
    {
        var ids = Enumerable.Range(0, 2_000).Select(_ => NewId.NextGuid()).ToList();

        var keys = ids.Select(InboxFilter.IdKey).ToList();

        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys, ids.Select(InboxFilter.IdKey));
    }

    [Fact]
    public void Ids_that_are_not_NewIds_are_keyed_one_to_one()
    {
        var ids = Enumerable.Range(0, 2_000).Select(_ => Guid.NewGuid()).Append(Guid.Empty).ToList();

        var keys = ids.Select(InboxFilter.IdKey).ToList();

        Assert.Equal(ids.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys, key => Assert.StartsWith("id:", key, StringComparison.Ordinal));
    }
}
