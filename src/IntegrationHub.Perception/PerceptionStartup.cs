using IntegrationHub.Perception.Engine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Perception;

/// <summary>At host start: logs the execution provider and loads the models named in <c>Perception:Preload</c>.</summary>
internal sealed class PerceptionStartup(SessionFactory factory, ModelHost host, IOptions<PerceptionOptions> options, ILogger<PerceptionStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = factory.ExecutionProvider;
        foreach (var name in options.Value.Preload)
        {
            try
            {
                await host.GetAsync(name);
            }
            catch (PerceptionException ex)
            {
                // The worker still starts: requests for this model get the same error in their reply.
                logger.LogError("Perception: model {Model} not loaded: {Code}: {Message}", name, ex.Code, ex.Message);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
