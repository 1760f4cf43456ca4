using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Contracts.Power.Events;
using IntegrationHub.Host.Messaging;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Storage;
using IntegrationHub.Testing;
using MassTransit;
using RabbitMQ.Client;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Hub messages travel as their contract's JSON with MassTransit's fields in transport headers. Tried: what hubs before
/// that change sent (MassTransit's envelope, published with RabbitMQ.Client onto the contract's exchange) is still
/// handled, and a malformed enveloped message ends in the error store with its contract and id, like a raw one.
/// </summary>
public sealed class WireFormatTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [SkippableFact]
    public async Task Enveloped_messages_from_an_older_hub_are_handled_and_a_malformed_one_is_kept_with_its_contract()
    {
        await using var environment = await HubEnvironment.CreateOrSkipAsync(Backend.RabbitMqPostgres);
        environment.AddRecorder();
        await using var hub = await environment.StartHubAsync();
        var factory = new ConnectionFactory { Uri = new Uri(TestInfrastructure.RabbitMqUri), VirtualHost = environment.VirtualHost! };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();

        var malformedId = NewId.NextGuid();
        await PublishEnvelopeAsync(channel, NewId.NextGuid(), PluginFailureTests.Defect("W-envelope"));
        await PublishEnvelopeAsync(channel, malformedId, PluginFailureTests.Defect("W-malformed") with { DefectId = null! });

        await Eventually.TrueAsync(
            async () => (await Recorded.DefectsAsync(hub.Get<HubDatabase>())).Any(r => r.DefectId == "W-envelope"),
            TimeSpan.FromSeconds(30), "the enveloped defect handled");
        var error = await ApiErrors.WaitForAsync(
            hub, e => e.GetProperty("endpoint").GetString() == "plugin.recorder", TimeSpan.FromSeconds(30), "the malformed enveloped message in the error store");
        Assert.Equal("power.equipment-defect-reported", error.GetProperty("messageType").GetString());
        Assert.Equal(malformedId.ToString(), error.GetProperty("messageId").GetString());
        Assert.Equal("oil leak", error.GetProperty("message").GetProperty("description").GetString());
    }

    private static async Task PublishEnvelopeAsync(IChannel channel, Guid messageId, EquipmentDefectReported defect)
    {
        var envelope = new JsonObject
        {
            ["messageId"] = messageId.ToString(),
            ["messageType"] = new JsonArray(MessageUrn.ForTypeString<EquipmentDefectReported>()),
            ["message"] = JsonSerializer.SerializeToNode(defect, Json),
            ["sentTime"] = DateTime.UtcNow.ToString("O"),
        };
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = messageId.ToString(), Persistent = true };
        await channel.BasicPublishAsync(ContractEntityNameFormatter.ExchangeName("power.equipment-defect-reported"), string.Empty, mandatory: false, properties, Encoding.UTF8.GetBytes(envelope.ToJsonString()));
    }
}
