using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Cli.Commands;
using IntegrationHub.Cli.Failures;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;
using MassTransit;
using Spectre.Console;

namespace IntegrationHub.Host.Tests;

/// <summary>A hub with one malformed message in its error store (replaying it unchanged is a 409).</summary>
public sealed class CliHub : IAsyncLifetime
{
    private HubEnvironment? _environment;

    public TestHub Hub { get; private set; } = null!;

    public string ErrorId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        _environment.AddRecorder();
        Hub = await _environment.StartHubAsync();
        await Hub.Get<IPublishEndpoint>().Publish(PluginFailureTests.Defect("D-cli") with { DefectId = null! });
        var error = await ApiErrors.WaitForAsync(Hub, _ => true, TimeSpan.FromSeconds(20), "the malformed message in the error store");
        ErrorId = error.GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await _environment!.DisposeAsync();
    }
}

/// <summary>Issue 13: every CLI failure is one line with what to do and a documented exit code; a stack trace only with --verbose.</summary>
public sealed class CliFailureTests(CliHub fixture) : IClassFixture<CliHub>
{
    private string Url => fixture.Hub.Address.ToString().TrimEnd('/');

    [Fact]
    public async Task A_missing_or_wrong_api_key_says_how_to_pass_one()
    {
        var (code, line) = await FailAsync("plugins", "list", "--url", Url, "--api-key", "guess");
        Assert.Equal(ExitCodes.Unauthorized, code);
        Assert.Contains("--api-key", line);
        Assert.Contains("HUB_API_KEY", line);
    }

    [Fact]
    public async Task An_unknown_plugin_is_not_found()
    {
        var (code, line) = await FailAsync("plugins", "reload", "NoSuchPlugin", "--url", Url, "--api-key", HubEnvironment.ApiKey);
        Assert.Equal(ExitCodes.NotFound, code);
        Assert.Contains("not found", line);
        Assert.Contains("NoSuchPlugin", line);
    }

    [Fact]
    public async Task Loading_a_folder_that_is_not_in_the_plugins_folder_is_not_found()
    {
        var (code, line) = await FailAsync("plugins", "load", "../../etc", "--url", Url, "--api-key", HubEnvironment.ApiKey);
        Assert.Equal(ExitCodes.NotFound, code);
        Assert.Contains("copy the plugin's build output there first", line);
    }

    [Fact]
    public async Task Replaying_an_unchanged_malformed_message_is_refused_with_the_reason()
    {
        var (code, line) = await FailAsync("errors", "replay", fixture.ErrorId, "--url", Url, "--api-key", HubEnvironment.ApiKey);
        Assert.Equal(ExitCodes.Refused, code);
        Assert.StartsWith("hub: refused: ", line);
        Assert.Contains("defectId", line);
    }

    [Fact]
    public async Task An_invalid_event_is_refused_with_its_field_errors()
    {
        var file = Path.Combine(Path.GetTempPath(), $"hub-cli-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"defectId":"D-x"}""");
        try
        {
            var (code, line) = await FailAsync("publish", "power.equipment-defect-reported", file, "--url", Url, "--api-key", HubEnvironment.ApiKey);
            Assert.Equal(ExitCodes.Refused, code);
            Assert.Contains("reportedAt: is required", line);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_hub_that_is_not_running_says_to_start_it()
    {
        var (code, line) = await FailAsync("plugins", "list", "--url", $"http://127.0.0.1:{HubCliProcess.FreePort()}");
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("hub run", line);
    }

    [Fact]
    public async Task A_missing_file_or_bad_arguments_are_bad_input()
    {
        var (code, line) = await FailAsync("publish", "power.equipment-defect-reported", "/no/such/defect.json", "--url", Url);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("/no/such/defect.json", line);

        (code, line) = await FailAsync("errors", "replay", "not-an-id");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("hub errors replay --help", line);

        (code, line) = await FailAsync("plugins", "frobnicate");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("frobnicate", line);
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace()
    {
        using var error = new StringWriter();
        var code = await CliInvocation.RunAsync(Root(), ["plugins", "list", "--url", $"http://127.0.0.1:{HubCliProcess.FreePort()}", "--verbose"], error);
        Assert.Equal(ExitCodes.Unreachable, code);
        Assert.Contains("   at ", error.ToString());
        Assert.Contains("hub: cannot reach the hub", error.ToString());
    }

    [Fact]
    public async Task The_error_table_fits_80_columns_and_never_wraps_an_id()
    {
        var lines = (await PrintedAsync(80, ["errors", "list", "--url", Url, "--api-key", HubEnvironment.ApiKey])).Split('\n');
        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, l));
        Assert.Contains(lines, l => l.Contains(fixture.ErrorId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hub_list_shows_any_list_endpoint_as_a_table_and_passes_its_filters()
    {
        var text = await PrintedAsync(120, ["list", "/api/errors", "--columns", "id,endpoint,messageType", "--url", Url, "--api-key", HubEnvironment.ApiKey])
            + await PrintedAsync(120, ["list", "/api/plugins", "--url", Url, "--api-key", HubEnvironment.ApiKey]);
        Assert.Contains(fixture.ErrorId, text);
        Assert.Contains("power.equipment-defect-reported", text);
        Assert.Contains("Recorder", text); // the plugins list: plain fields only, nested ones left to --json
        Assert.Equal("/api/power/campaigns?state=calling&q=%E5%BB%BA%E8%AE%BE", ListCommand.WithQuery("/api/power/campaigns", ["state=calling", "q=建设"]));

        var (code, line) = await FailAsync("list", "/api/errors", "--filter", "state", "--url", Url, "--api-key", HubEnvironment.ApiKey);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("not key=value", line);
    }

    private static RootCommand Root() => new("hub") { PluginsCommand.Create(), ErrorsCommand.Create(), PublishCommand.Create(), ListCommand.Create() };

    /// <summary>Runs a command that must succeed on a console of <paramref name="width"/> columns; returns what it printed.</summary>
    private static async Task<string> PrintedAsync(int width, string[] args)
    {
        using var output = new StringWriter();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        AnsiConsole.Console.Profile.Width = width;
        try
        {
            Assert.Equal(0, await CliInvocation.RunAsync(Root(), args));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }

        return output.ToString();
    }

    /// <summary>Runs the command; asserts it failed with exactly one line on stderr and no stack trace.</summary>
    private static async Task<(int Code, string Line)> FailAsync(params string[] args)
    {
        using var error = new StringWriter();
        var code = await CliInvocation.RunAsync(Root(), args, error);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEqual(0, code);
        Assert.True(lines.Length == 1, error.ToString());
        Assert.StartsWith("hub: ", lines[0]);
        Assert.DoesNotContain("   at ", lines[0]);
        return (code, lines[0].TrimEnd());
    }
}
