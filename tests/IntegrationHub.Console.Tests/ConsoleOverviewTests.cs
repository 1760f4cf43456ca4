using System.Globalization;
using System.Text.RegularExpressions;
using IntegrationHub.Host.Monitoring;
using IntegrationHub.Testing;
using Microsoft.Playwright;

namespace IntegrationHub.Console.Tests;

/// <summary>Issue 16: the overview's queues and connected workers, and the plugins page's schedules and enable/disable, in Chromium.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleOverviewTests(ConsoleHub hub)
{
    [SkippableFact]
    public async Task The_overview_shows_the_queues_with_the_broker_depth_and_the_connected_workers_live()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.ViewerKey);
        var page = session.Page;
        await Assertions.Expect(page.Locator("#live-state")).ToContainTextAsync("live", new() { Timeout = 10_000 });

        // The hub's reasoning worker runs in process: RabbitMQ counts its queue's consumers, and its heartbeat lists it.
        var reasoning = Row(page, "#queues", "reasoning");
        await Assertions.Expect(reasoning.Locator("td").Nth(1)).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Assertions.Expect(reasoning.Locator("td").Nth(2)).ToHaveTextAsync(new Regex(@"^[1-9]\d*$"));
        await Assertions.Expect(Row(page, "#queues", "plugin.recorder").Locator("td").Nth(1)).ToHaveTextAsync(new Regex(@"^\d+$"));

        var registered = Assert.Single(hub.Hub.Get<WorkerRegistry>().Current(), w => w.ProcessId == Environment.ProcessId);
        var worker = Row(page, "#workers", registered.Role);
        await Assertions.Expect(worker.Locator("td").Nth(1)).ToHaveTextAsync(registered.Machine);
        await Assertions.Expect(worker.Locator("td").Nth(2)).ToHaveTextAsync(registered.ProcessId.ToString(CultureInfo.InvariantCulture));
        Assert.Contains("reasoning", registered.Queues);
        await Assertions.Expect(page.Locator("#oldest-delivery")).ToHaveTextAsync(new Regex(@"^(—|\d[\d.:]*)$"));
        await session.ScreenshotAsync("overview-queues-workers");
    }

    [SkippableFact]
    public async Task The_plugins_page_shows_next_fire_times_and_an_admin_disables_and_enables_a_plugin_a_viewer_cannot()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        await using (var viewer = await ConsoleSession.OpenAsync(hub, ConsoleHub.ViewerKey))
        {
            await viewer.Page.GotoAsync("/plugins");
            await Assertions.Expect(viewer.Page.Locator("td[data-next-fire='declared:heartbeat']")).ToHaveTextAsync(new Regex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$"));
            await Assertions.Expect(viewer.Page.Locator("button[data-disable], button[data-enable]")).ToHaveCountAsync(0);

            var form = viewer.Context.APIRequest.CreateFormData();
            form.Set("__RequestVerificationToken", await viewer.AntiforgeryTokenAsync());
            var refused = await viewer.Context.APIRequest.PostAsync("/plugins?handler=Disable&name=Recorder", new() { Form = form, MaxRedirects = 0 });
            Assert.Equal(403, refused.Status);
            await viewer.Page.ReloadAsync();
            await Assertions.Expect(viewer.Page.Locator("h2", new() { HasText = "Recorder" })).ToContainTextAsync("Running");
        }

        await using var admin = await ConsoleSession.OpenAsync(hub, HubEnvironment.ApiKey);
        var page = admin.Page;
        await page.GotoAsync("/plugins");
        await page.ClickAsync("button[data-disable=Recorder]");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Disabled: Recorder");
        await Assertions.Expect(page.Locator("h2", new() { HasText = "Recorder" })).ToContainTextAsync("Disabled");
        await Assertions.Expect(page.Locator("[data-paused=Recorder]")).ToBeVisibleAsync();
        await admin.ScreenshotAsync("plugins-disabled");

        await page.ClickAsync("button[data-enable=Recorder]");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Enabled: Recorder");
        await Assertions.Expect(page.Locator("h2", new() { HasText = "Recorder" })).ToContainTextAsync("Running");
        await Assertions.Expect(page.Locator("[data-paused=Recorder]")).ToHaveCountAsync(0);
    }

    /// <summary>The row of a live table whose first cell is exactly <paramref name="name"/>.</summary>
    private static ILocator Row(IPage page, string table, string name) =>
        page.Locator($"{table} tr").Filter(new() { Has = page.Locator("td:first-child", new() { HasTextRegex = new Regex($"^{Regex.Escape(name)}$") }) });
}
