using IntegrationHub.Host;
using IntegrationHub.Perception;
using IntegrationHub.Reasoning;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Cli.Composition;

/// <summary>The perception worker (ONNX Runtime): its engine, and its consumers on the <c>perception</c> queue.</summary>
public sealed class PerceptionModule : IHubWorkerModule
{
    public string Role => "perception";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddPerceptionWorker(configuration);

    public void ConfigureBus(IBusRegistrationConfigurator bus) => bus.AddPerceptionConsumers();
}

/// <summary>The reasoning worker (Semantic Kernel and the offline engine): its skills, and its consumers on the <c>reasoning</c> queue.</summary>
public sealed class ReasoningModule : IHubWorkerModule
{
    public string Role => "reasoning";

    public void ConfigureServices(IServiceCollection services, IConfiguration configuration) => services.AddReasoningWorker(configuration);

    public void ConfigureBus(IBusRegistrationConfigurator bus) => bus.AddReasoningConsumers();
}
