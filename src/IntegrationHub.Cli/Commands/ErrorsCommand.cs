using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub errors list [--all] [--json]</c> and <c>hub errors replay ID [--body FILE.json]</c>.</summary>
public static class ErrorsCommand
{
    public static Command Create()
    {
        var json = CliOptions.Json();
        var url = CliOptions.Url();
        var key = CliOptions.ApiKey();
        var all = new Option<bool>("--all") { Description = "Include errors already replayed." };
        var list = new Command("list", "Failed messages and deliveries with their reason.") { all, json, url, key };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var api = new HubApiClient(parse.GetValue(url), parse.GetValue(key));
            var errors = await api.GetAsync($"/api/errors?all={parse.GetValue(all)}", cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(errors, HubApiClient.Json));
                return 0;
            }

            // Ids never wrap (they are copied into 'hub errors replay'); the reason wraps in whatever width is left.
            var table = CliTables.Create(("Id", false), ("Type / where", true), ("Tries", false), ("Reason", true), ("When", false));
            foreach (var error in errors.EnumerateArray())
            {
                table.AddRow(
                    error.GetProperty("id").GetString()!,
                    Markup.Escape($"{error.GetProperty("messageType").GetString()} ({error.GetProperty("kind").GetString()} at {error.GetProperty("endpoint").GetString()})"),
                    error.GetProperty("attempts").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(CliTables.Shorten(error.GetProperty("reason").GetString()!, 300)),
                    error.GetProperty("createdAt").GetDateTimeOffset().ToLocalTime().ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var id = new Argument<Guid>("id") { Description = "Error id (from errors list)." };
        var body = new Option<FileInfo?>("--body") { Description = "A corrected message body (JSON) to send instead of the stored one." };
        var replay = new Command("replay", "Send a failed message again, or put a failed delivery back in the outbox.") { id, body, json, url, key };
        replay.SetAction(async (parse, cancellationToken) =>
        {
            using var api = new HubApiClient(parse.GetValue(url), parse.GetValue(key));
            HttpContent? content = parse.GetValue(body) is { } file
                ? JsonContent.Create(JsonNode.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken)))
                : null;
            var outcome = await api.PostAsync($"/api/errors/{parse.GetValue(id)}/replay", content, cancellationToken);
            Console.WriteLine(parse.GetValue(json) ? JsonSerializer.Serialize(outcome, HubApiClient.Json) : outcome.GetProperty("message").GetString());
            return 0;
        });

        return new Command("errors", "The error store of a running hub.") { list, replay };
    }
}
