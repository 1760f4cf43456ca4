using System.CommandLine;
using System.Text;
using System.Text.Json;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub publish TYPE FILE.json</c>: hand a running hub a contract event, as a business system would.</summary>
public static class PublishCommand
{
    public static Command Create()
    {
        var type = new Argument<string>("type") { Description = "Contract name, e.g. power.equipment-defect-reported." };
        var file = new Argument<FileInfo>("file") { Description = "The event as JSON." };
        var json = CliOptions.Json();
        var url = CliOptions.Url();
        var key = CliOptions.ApiKey();
        var command = new Command("publish", "Publish a contract event through a running hub's API.") { type, file, json, url, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = new HubApiClient(parse.GetValue(url), parse.GetValue(key));
            var content = new StringContent(await File.ReadAllTextAsync(parse.GetValue(file)!.FullName, cancellationToken), Encoding.UTF8, "application/json");
            var accepted = await api.PostAsync($"/api/events/{Uri.EscapeDataString(parse.GetValue(type)!)}", content, cancellationToken);
            Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(accepted, HubApiClient.Json) : $"accepted: {accepted.GetProperty("messageId").GetString()}");
            return 0;
        });
        return command;
    }
}
