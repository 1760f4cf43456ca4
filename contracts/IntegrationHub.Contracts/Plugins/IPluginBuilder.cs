using IntegrationHub.Contracts.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Contracts.Plugins;

/// <summary>What a plugin declares while it is being loaded.</summary>
public interface IPluginBuilder
{
    PluginManifest Manifest { get; }

    /// <summary>The plugin's configuration section (see <see cref="PluginManifest.ConfigurationSection"/>).</summary>
    IConfiguration Configuration { get; }

    /// <summary>
    /// The plugin's own service collection. The hub has already added the SDK services
    /// (<see cref="IMessagePublisher"/>, <see cref="IWorkerClient"/>, <see cref="IPluginScheduler"/>,
    /// <see cref="IPluginStore"/>, <see cref="IOutbox"/>, the hub's <see cref="TimeProvider"/>, logging and options), and
    /// every service the hub's composition offers under a contracts interface (<see cref="IDataSources"/> when data
    /// sources are composed, <c>IChartRenderer</c> when charts are).
    /// Services registered here live and die with the plugin's load context.
    /// </summary>
    IServiceCollection Services { get; }

    /// <summary>Handle a contract event or command. The handler is resolved from the plugin's services per message.</summary>
    IPluginBuilder Handle<TMessage, THandler>()
        where TMessage : class
        where THandler : class, IHandle<TMessage>;

    /// <summary>
    /// Handle a contract event or command in two steps, its slow work prepared before the unit of work begins (see
    /// <see cref="IPrepareAndHandle{TMessage, TPrepared}"/>). A builder that cannot do that runs both steps inside it.
    /// </summary>
    IPluginBuilder Handle<TMessage, TPrepared, THandler>()
        where TMessage : class
        where THandler : class, IPrepareAndHandle<TMessage, TPrepared>
    {
        Services.TryAddScoped<THandler>();
        return Handle<TMessage, PrepareInline<TMessage, TPrepared, THandler>>();
    }

    /// <summary>Answer a contract request with its reply type.</summary>
    IPluginBuilder Answer<TRequest, TReply, THandler>()
        where TRequest : class, IRequest<TReply>
        where TReply : class
        where THandler : class, IHandleRequest<TRequest, TReply>;

    /// <summary>
    /// A recurring job. When <paramref name="cron"/> (Quartz syntax, seconds first) fires, the hub publishes
    /// the message that <paramref name="message"/> builds, so the work is retried and traced like any other message.
    /// </summary>
    IPluginBuilder Schedule<TMessage>(string jobName, string cron, Func<DateTimeOffset, TMessage> message, MisfirePolicy misfire = MisfirePolicy.FireOnceNow)
        where TMessage : class;

    /// <summary>An HTTP endpoint under the hub's API (authenticated like the rest of it, and only for callers holding its scope).</summary>
    IPluginBuilder MapEndpoint(PluginEndpoint endpoint);

    /// <summary>
    /// A role this plugin defines (for example <c>analyst</c>) and the scopes it grants; principals get it through
    /// <c>Hub:Api:Principals:{name}:Roles</c>. Configuration (<c>Hub:Api:Roles:{role}</c>) may add scopes to it.
    /// </summary>
    IPluginBuilder DefineRole(string role, params string[] scopes);

    /// <summary>
    /// A page of the operator console with its menu entry (see <see cref="ConsolePage"/>). A host without a console
    /// ignores it.
    /// </summary>
    IPluginBuilder AddConsolePage(ConsolePage page) => this;
}

/// <summary>What the scheduler does with fire times missed while the hub was down.</summary>
public enum MisfirePolicy
{
    /// <summary>Fire once as soon as the hub is back, then continue on schedule.</summary>
    FireOnceNow,

    /// <summary>Skip missed fire times and wait for the next one.</summary>
    DoNothing,
}
