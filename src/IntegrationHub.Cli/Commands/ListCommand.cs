using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub list PATH [--filter key=value]... [--columns a,b]</c>: any list endpoint of a running hub (a plugin's work
/// orders, campaigns, calls, tickets, …) as a table. It knows no plugin: it pages the answer's <c>items</c> (or the
/// array itself) and shows each item's plain fields, so a plugin's operator queries need no CLI code of their own.
/// </summary>
public static class ListCommand
{
    private const int MaxColumns = 8;

    public static Command Create()
    {
        var path = new Argument<string>("path") { Description = "The endpoint, e.g. /api/power/campaigns." };
        var filters = new Option<string[]>("--filter") { Description = "Query parameters as key=value (state=calling, q=…, offset=20, limit=50).", AllowMultipleArgumentsPerToken = true };
        var columns = new Option<string?>("--columns") { Description = "Fields to show, comma-separated (default: the first plain fields)." };
        var json = CliOptions.Json();
        var url = CliOptions.Url();
        var key = CliOptions.ApiKey();
        var command = new Command("list", "List what a hub or plugin endpoint returns, as a table.") { path, filters, columns, json, url, key };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var api = new HubApiClient(parse.GetValue(url), parse.GetValue(key));
            var answer = await api.GetAsync(WithQuery(parse.GetValue(path)!, parse.GetValue(filters) ?? []), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(answer, HubApiClient.Json));
                return 0;
            }

            var items = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("items", out var listed) ? listed : answer;
            if (items.ValueKind != JsonValueKind.Array)
            {
                throw new ArgumentException($"{parse.GetValue(path)} answered no list; use --json to see its answer.");
            }

            AnsiConsole.Write(Table(items, parse.GetValue(columns)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("hasMore", out var more) && more.ValueKind == JsonValueKind.True)
            {
                Console.Error.WriteLine("more items: page on with --filter offset=N");
            }

            return 0;
        });
        return command;
    }

    public static string WithQuery(string path, IEnumerable<string> filters)
    {
        var pairs = filters.Select(f => f.Split('=', 2)).Select(p => p.Length == 2 && p[0].Length > 0
            ? $"{Uri.EscapeDataString(p[0])}={Uri.EscapeDataString(p[1])}"
            : throw new ArgumentException($"--filter '{string.Join('=', p)}' is not key=value.")).ToList();
        return pairs.Count == 0 ? path : path + (path.Contains('?') ? "&" : "?") + string.Join('&', pairs);
    }

    private static Table Table(JsonElement items, string[]? wanted)
    {
        var rows = items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).ToList();
        var names = wanted ?? rows.SelectMany(r => r.EnumerateObject()).Where(p => IsPlain(p.Value)).Select(p => p.Name).Distinct().Take(MaxColumns).ToArray();
        var table = CliTables.Create(names.Select(n => (n, true)).ToArray());
        foreach (var row in rows)
        {
            table.AddRow(names.Select(n => Markup.Escape(row.TryGetProperty(n, out var v) ? Text(v) : "")).ToArray());
        }

        return table;
    }

    private static bool IsPlain(JsonElement value) => value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        JsonValueKind.Object or JsonValueKind.Array => CliTables.Shorten(value.GetRawText(), 80),
        _ => value.GetRawText(),
    };
}
