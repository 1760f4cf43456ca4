using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Host.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Host.Plugins;

/// <summary>Collects what a plugin declares in <see cref="IHubPlugin.Configure"/>.</summary>
internal sealed class PluginBuilder(PluginManifest manifest, IConfiguration configuration, IServiceCollection services, ContractRegistry contracts) : IPluginBuilder
{
    public PluginManifest Manifest { get; } = manifest;

    public IConfiguration Configuration { get; } = configuration;

    public IServiceCollection Services { get; } = services;

    public Dictionary<Type, HandlerBinding> Handlers { get; } = [];

    public List<CronJobDeclaration> Jobs { get; } = [];

    public List<PluginEndpoint> Endpoints { get; } = [];

    public Dictionary<string, IReadOnlyList<string>> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<ConsolePage> ConsolePages { get; } = [];

    public IPluginBuilder Handle<TMessage, THandler>()
        where TMessage : class
        where THandler : class, IHandle<TMessage>
    {
        EnsureContract(typeof(TMessage));
        Services.AddScoped<THandler>();
        Add(new HandlerBinding(typeof(TMessage), null, async (provider, message, context, _, ct) =>
        {
            await provider.GetRequiredService<THandler>().HandleAsync((TMessage)message, context, ct);
            return null;
        }));
        return this;
    }

    public IPluginBuilder Handle<TMessage, TPrepared, THandler>()
        where TMessage : class
        where THandler : class, IPrepareAndHandle<TMessage, TPrepared>
    {
        EnsureContract(typeof(TMessage));
        Services.AddScoped<THandler>();
        Add(new HandlerBinding(
            typeof(TMessage),
            null,
            async (provider, message, context, prepared, ct) =>
            {
                await provider.GetRequiredService<THandler>().HandleAsync((TMessage)message, (TPrepared)prepared!, context, ct);
                return null;
            },
            async (provider, message, ct) =>
            {
                await using var scope = provider.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<THandler>().PrepareAsync((TMessage)message, ct);
            }));
        return this;
    }

    public IPluginBuilder Answer<TRequest, TReply, THandler>()
        where TRequest : class, IRequest<TReply>
        where TReply : class
        where THandler : class, IHandleRequest<TRequest, TReply>
    {
        EnsureContract(typeof(TRequest));
        EnsureContract(typeof(TReply));
        Services.AddScoped<THandler>();
        Add(new HandlerBinding(typeof(TRequest), typeof(TReply), async (provider, message, context, _, ct) =>
            await provider.GetRequiredService<THandler>().HandleAsync((TRequest)message, context, ct)));
        return this;
    }

    public IPluginBuilder Schedule<TMessage>(string jobName, string cron, Func<DateTimeOffset, TMessage> message, MisfirePolicy misfire = MisfirePolicy.FireOnceNow)
        where TMessage : class
    {
        EnsureContract(typeof(TMessage));
        if (!Quartz.CronExpression.TryParse(cron, out _))
        {
            throw new ArgumentException($"Job '{jobName}': '{cron}' is not a valid Quartz cron expression (seconds first, e.g. '0 0 8 * * ?').", nameof(cron));
        }

        Jobs.Add(new CronJobDeclaration(jobName, cron, typeof(TMessage), at => message(at), misfire));
        return this;
    }

    public IPluginBuilder MapEndpoint(PluginEndpoint endpoint)
    {
        if (!endpoint.Route.StartsWith("/api/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Plugin endpoint route '{endpoint.Route}' must start with /api/.", nameof(endpoint));
        }

        Endpoints.Add(endpoint);
        return this;
    }

    public IPluginBuilder AddConsolePage(ConsolePage page)
    {
        if (string.IsNullOrWhiteSpace(page.Path) || page.Path.Contains('/') || ConsolePages.Any(p => p.Path == page.Path))
        {
            throw new ArgumentException($"Console page path '{page.Path}' must be one URL segment, unique in the plugin.", nameof(page));
        }

        ConsolePages.Add(page);
        return this;
    }

    public IPluginBuilder DefineRole(string role, params string[] scopes)
    {
        if (string.IsNullOrWhiteSpace(role) || scopes.Any(string.IsNullOrWhiteSpace) || scopes.Contains("*"))
        {
            throw new ArgumentException($"Plugin '{Manifest.Id}': role '{role}' needs a name and named scopes ('*' is the admin's alone).", nameof(role));
        }

        Roles[role] = [.. scopes];
        return this;
    }

    private void Add(HandlerBinding binding)
    {
        if (!Handlers.TryAdd(binding.MessageType, binding))
        {
            throw new InvalidOperationException($"Plugin '{Manifest.Id}' declares two handlers for {contracts.NameOf(binding.MessageType)}; a plugin handles each message type once.");
        }
    }

    private void EnsureContract(Type type) => contracts.NameOf(type);
}
