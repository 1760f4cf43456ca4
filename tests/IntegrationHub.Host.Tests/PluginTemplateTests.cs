using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using IntegrationHub.Cli.Commands;
using IntegrationHub.Cli.Failures;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>
/// Issue 13, the new integrator's first hour: pack the SDK (the contracts, the test helpers and the hub they embed) and
/// the template into a local folder feed, install the template, generate a plugin and its tests outside the repository,
/// run the generated tests (they build the plugin against the packed contracts and run it in an embedded hub from the
/// packed IntegrationHub.Testing), copy its build output into a running hub's plugins folder, load it without a
/// restart (<c>hub plugins load</c>), post an event and see the plugin's delivery arrive.
/// </summary>
public sealed class PluginTemplateTests
{
    [Fact]
    public async Task A_plugin_generated_from_the_template_builds_loads_and_delivers()
    {
        var root = PluginFolders.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("hub-template-").FullName;
        try
        {
            var feed = Path.Combine(work, "feed");
            await DotnetAsync(root, "pack", "IntegrationHub.Sdk.slnf", "-c", "Release", $"-p:PackageOutputPath={feed}");
            await DotnetAsync(root, "pack", "templates/IntegrationHub.Templates/IntegrationHub.Templates.csproj", "-c", "Release", "-o", feed);
            var hive = Path.Combine(work, "hive");
            await DotnetAsync(work, "new", "install", Path.Combine(feed, "IntegrationHub.Templates.1.0.0.nupkg"), "--debug:custom-hive", hive);
            await DotnetAsync(work, "new", "hub-plugin", "-n", "Meters", "-o", Path.Combine(work, "Meters"), "--debug:custom-hive", hive);

            // The local feed for IntegrationHub.Contracts; everything else from the machine's package cache, read only,
            // so the packed contracts never land in (or come stale from) the shared cache.
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            await File.WriteAllTextAsync(Path.Combine(work, "nuget.config"), $"""
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                  <fallbackPackageFolders><add key="cache" value="{cache}" /></fallbackPackageFolders>
                </configuration>
                """);
            // The generated tests pass as generated: they build the plugin against the packed contracts and run it in a hub
            // embedded from the packed IntegrationHub.Testing (post an event, see the delivery, call the endpoint).
            await DotnetAsync(work, "test", "Meters/Meters.Tests/Meters.Tests.csproj", "-c", "Release", $"-p:RestorePackagesPath={Path.Combine(work, "packages")}");

            var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
            await using (environment)
            {
                // The hub runs first, with no plugin; the generated one is built into its plugins folder and loaded without a restart.
                var sink = await environment.StartSinkAsync();
                await using var hub = await environment.StartHubAsync(new Dictionary<string, string?>
                {
                    ["Connectors:meters:Kind"] = "webhook",
                    ["Connectors:meters:Url"] = sink.Url + "/deliveries",
                });
                // The build output the generated tests ran, deployed as is (the README's `dotnet build -o <hub>/plugins/Meters` gives the same folder).
                environment.Plugins.AddFrom(Path.Combine(work, "Meters", "bin", "Release", "net10.0"));
                Assert.False(File.Exists(Path.Combine(environment.Plugins.Root, "Meters", "IntegrationHub.Contracts.dll")), "the contracts must come from the hub, not the plugin folder");
                var load = await CliInvocation.RunAsync(new RootCommand("hub") { PluginsCommand.Create() }, ["plugins", "load", "Meters", "--url", hub.Address.ToString(), "--api-key", HubEnvironment.ApiKey]);
                Assert.Equal(ExitCodes.Success, load);

                var id = Guid.NewGuid();
                var posted = await hub.Client.PostAsync("/api/events/hub.ping", new StringContent($$"""{"id":"{{id}}","sentAt":"2026-11-30T08:00:00+08:00","note":"from the template"}""", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

                await Eventually.TrueAsync(() => Task.FromResult(sink.Requests.Any(r => r.Body?["id"]?.GetValue<string>() == id.ToString())), TimeSpan.FromSeconds(30), "the generated plugin's delivery");
                Assert.Equal(HttpStatusCode.OK, (await hub.Client.GetAsync($"/api/meters/pings/{id}")).StatusCode);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task DotnetAsync(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} failed:\n{await output}\n{await error}");
    }
}
