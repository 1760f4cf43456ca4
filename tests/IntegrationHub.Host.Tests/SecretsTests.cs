using IntegrationHub.Contracts.Security;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 14: the one redaction helper takes passwords and keys out of connection strings, URIs and headers.</summary>
public sealed class SecretsTests
{
    [Theory]
    [InlineData("Host=pg;Username=hub;Password=X9;Database=hub", "Host=pg;Username=hub;Password=***;Database=hub")]
    [InlineData("Server=db;User Id=sa;pwd = 'a;b';Encrypt=true", "Server=db;User Id=sa;pwd = ***;Encrypt=true")]
    [InlineData("amqp://hub:X9@rabbit:5672/hub", "amqp://hub:***@rabbit:5672/hub")]
    [InlineData("https://oapi.example/robot/send?access_token=X9&sign=1", "https://oapi.example/robot/send?access_token=***&sign=1")]
    [InlineData("X-Api-Key: X9", "X-Api-Key: ***")]
    [InlineData("Data Source=data/hub.sqlite", "Data Source=data/hub.sqlite")]
    [InlineData("PasswordHash=kept;ApiKey=X9", "PasswordHash=kept;ApiKey=***")]
    public void Secrets_are_masked_and_the_rest_is_kept(string text, string redacted) =>
        Assert.Equal(redacted, Secrets.Redact(text));

    [Fact]
    public void An_exception_message_is_redacted_too() =>
        Assert.DoesNotContain("X9", Secrets.Redact(new InvalidOperationException("cannot open Host=pg;Password=X9")));
}
