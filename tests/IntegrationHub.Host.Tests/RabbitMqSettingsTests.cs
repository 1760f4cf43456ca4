using IntegrationHub.Host.Configuration;

namespace IntegrationHub.Host.Tests;

/// <summary>A broker address (<c>--rabbitmq</c>, <c>hub bench bus</c>) read into the Hub:Bus:RabbitMq settings.</summary>
public sealed class RabbitMqSettingsTests
{
    [Fact]
    public void A_full_address_gives_every_setting_unescaped()
    {
        var settings = RabbitMqOptions.SettingsFrom(new Uri("amqp://hub%40ops:p%3Ass@broker.local:5673/power%2Fprod"));

        Assert.Equal("broker.local", settings["Hub:Bus:RabbitMq:Host"]);
        Assert.Equal("5673", settings["Hub:Bus:RabbitMq:Port"]);
        Assert.Equal("power/prod", settings["Hub:Bus:RabbitMq:VirtualHost"]);
        Assert.Equal("hub@ops", settings["Hub:Bus:RabbitMq:Username"]);
        Assert.Equal("p:ss", settings["Hub:Bus:RabbitMq:Password"]);
    }

    [Fact]
    public void What_an_address_leaves_out_takes_RabbitMQs_defaults()
    {
        var settings = RabbitMqOptions.SettingsFrom(new Uri("amqp://broker.local"));

        Assert.Equal("5672", settings["Hub:Bus:RabbitMq:Port"]);
        Assert.Equal("/", settings["Hub:Bus:RabbitMq:VirtualHost"]);
        Assert.Equal("guest", settings["Hub:Bus:RabbitMq:Username"]);
        Assert.Equal("guest", settings["Hub:Bus:RabbitMq:Password"]);
    }
}
