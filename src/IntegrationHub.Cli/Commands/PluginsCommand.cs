using System.CommandLine;
using System.Text.Json;
using IntegrationHub.Cli.Failures;
using Spectre.Console;

namespace IntegrationHub.Cli.Commands;

/// <summary><c>hub plugins list|load|reload|unload|disable|enable</c> against a running hub.</summary>
public static class PluginsCommand
{
    public static Command Create()
    {
        var json = CliOptions.Json();
        var url = CliOptions.Url();
        var key = CliOptions.ApiKey();
        var list = new Command("list", "Plugins with version, state, handled types and failures.") { json, url, key };
        list.SetAction(async (parse, cancellationToken) =>
        {
            using var api = new HubApiClient(parse.GetValue(url), parse.GetValue(key));
            var plugins = await api.GetAsync("/api/plugins", cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(plugins, HubApiClient.Json));
                return 0;
            }

            var table = CliTables.Create(("Plugin", false), ("Version", false), ("State", false), ("Handles", true), ("Last failure", true));
            foreach (var plugin in plugins.EnumerateArray())
            {
                var failures = plugin.GetProperty("failures");
                table.AddRow(
                    Markup.Escape(plugin.GetProperty("name").GetString()!),
                    Markup.Escape(plugin.GetProperty("version").GetString()!),
                    StateMarkup(plugin.GetProperty("state").GetString()!),
                    Markup.Escape(string.Join(", ", plugin.GetProperty("handledTypes").EnumerateArray().Select(t => t.GetString()))),
                    failures.GetArrayLength() == 0 ? "" : Markup.Escape(CliTables.Shorten(failures[failures.GetArrayLength() - 1].GetProperty("reason").GetString()!, 300)));
            }

            AnsiConsole.Write(table);
            return 0;
        });

        var reload = Change("reload", "Drain, unload and load a plugin again from its folder.", "Running");
        var folder = new Argument<string>("folder") { Description = "The plugin's folder in the hub's plugins folder (its name, or a path inside it)." };
        var load = new Command("load", "Load a plugin folder dropped into the hub's plugins folder, without a restart.") { folder, json, url, key };
        load.SetAction(async (parse, cancellationToken) =>
        {
            using var api = new HubApiClient(parse.GetValue(url), parse.GetValue(key));
            var status = await api.PostAsync("/api/plugins/load", System.Net.Http.Json.JsonContent.Create(new { path = parse.GetValue(folder) }), cancellationToken);
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(status, HubApiClient.Json)
                : $"{status.GetProperty("name").GetString()} {status.GetProperty("version").GetString()}: {status.GetProperty("state").GetString()} (generation {status.GetProperty("generation").GetInt32()})");
            return status.GetProperty("state").GetString() == "Running" ? 0 : ExitCodes.Failed;
        });

        var unload = Change("unload", "Drain, stop and unload a plugin; its messages go to the error store until it is loaded again.", "Unloaded");
        var disable = Change("disable", "Disable a plugin (kept disabled across restarts): pause its schedules, drain and unload it.", "Disabled");
        var enable = Change("enable", "Enable a disabled plugin: resume its schedules and load it again.", "Running");

        return new Command("plugins", "List, load, reload, unload, disable and enable plugins of a running hub.") { list, load, reload, unload, disable, enable };
    }

    /// <summary><c>hub plugins VERB NAME</c>: <c>POST /api/plugins/{name}/{verb}</c>; exit code 0 when the plugin ends in <paramref name="expected"/>.</summary>
    private static Command Change(string verb, string description, string expected)
    {
        var name = new Argument<string>("name") { Description = "Plugin name." };
        var json = CliOptions.Json();
        var url = CliOptions.Url();
        var key = CliOptions.ApiKey();
        var command = new Command(verb, description) { name, json, url, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = new HubApiClient(parse.GetValue(url), parse.GetValue(key));
            var status = await api.PostAsync($"/api/plugins/{Uri.EscapeDataString(parse.GetValue(name)!)}/{verb}", null, cancellationToken);
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(status, HubApiClient.Json)
                : $"{status.GetProperty("name").GetString()} {status.GetProperty("version").GetString()}: {status.GetProperty("state").GetString()} (generation {status.GetProperty("generation").GetInt32()})");
            return status.GetProperty("state").GetString() == expected ? 0 : ExitCodes.Failed;
        });
        return command;
    }

    private static string StateMarkup(string state) => state switch
    {
        "Running" => "[green]Running[/]",
        "Failed" => "[red]Failed[/]",
        _ => $"[yellow]{Markup.Escape(state)}[/]",
    };
}
