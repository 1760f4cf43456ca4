using System.Collections.Concurrent;
using IntegrationHub.Contracts.Plugins;

namespace IntegrationHub.Host.Dispatch;

/// <summary>The SDK ports of one handler run, bound to its unit of work.</summary>
internal sealed record HandlerPorts(IOutbox Outbox, IMessagePublisher Publisher, IPluginScheduler Scheduler);

/// <summary>
/// The DI scopes in which plugin handlers run now, each with its unit of work's ports. A plugin's
/// <see cref="IOutbox"/>, <see cref="IMessagePublisher"/> and <see cref="IPluginScheduler"/> are resolved per
/// scope (see <see cref="PluginPortsRegistration"/>): inside a handler's scope they write into its unit of work;
/// anywhere else (endpoints, jobs, singletons) they commit or publish on their own.
/// </summary>
internal sealed class HandlerScopes
{
    private readonly ConcurrentDictionary<IServiceProvider, HandlerPorts> _open = new(ReferenceEqualityComparer.Instance);

    /// <summary>Binds <paramref name="ports"/> to <paramref name="scope"/> until the returned handle is disposed.</summary>
    public IDisposable Enter(IServiceProvider scope, HandlerPorts ports)
    {
        _open[scope] = ports;
        return new Exit(this, scope);
    }

    public HandlerPorts? Find(IServiceProvider provider) => _open.GetValueOrDefault(provider);

    private sealed class Exit(HandlerScopes scopes, IServiceProvider scope) : IDisposable
    {
        public void Dispose() => scopes._open.TryRemove(scope, out _);
    }
}
