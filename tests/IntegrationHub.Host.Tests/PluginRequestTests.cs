using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Contracts.Plugins;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;
using MassTransit;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// A request to a plugin whose handler fails. Tried on both buses (on RabbitMQ the hub's own consumer takes plugin
/// queues): the caller gets the failure as a fault at once, not a timeout a minute later, and the request is kept in
/// the error store with its reason.
/// </summary>
public sealed class PluginRequestTests
{
    [SkippableTheory]
    [InlineData(Backend.InMemorySqlite)]
    [InlineData(Backend.RabbitMqPostgres)]
    public async Task A_request_whose_handler_fails_is_answered_with_a_fault_and_kept_in_the_error_store(Backend backend)
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(backend);
        environment.Plugins.Add("IntegrationHub.TestPlugins.Faulty", id: "Answerer");
        environment.Settings["Hub:Bus:ImmediateRetries"] = "0";
        await using var hub = await environment.StartHubAsync();

        var asked = Stopwatch.StartNew();
        var fault = await Assert.ThrowsAsync<RequestFaultException>(() =>
            hub.Get<IWorkerClient>().RequestAsync<AskQuestionRequest, AskQuestionReply>(new AskQuestionRequest("how many customers"), TimeSpan.FromSeconds(60)));
        Assert.True(asked.Elapsed < TimeSpan.FromSeconds(30), $"the fault took {asked.Elapsed}");
        Assert.Contains("cannot answer 'how many customers'", fault.Fault!.Exceptions.Single().Message);

        var error = await ApiErrors.WaitForAsync(
            hub, e => e.GetProperty("endpoint").GetString() == "plugin.answerer", TimeSpan.FromSeconds(30), "the failed request in the error store");
        Assert.Contains("cannot answer", error.GetProperty("reason").GetString());
        Assert.Equal("how many customers", error.GetProperty("message").GetProperty("question").GetString());
    }
}
