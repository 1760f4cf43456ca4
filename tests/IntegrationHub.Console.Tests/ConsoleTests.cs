using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace IntegrationHub.Console.Tests;

/// <summary>The operator console in a real headless Chromium against a real hub (RabbitMQ, PostgreSQL).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleTests(ConsoleHub hub)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Anonymous_callers_are_sent_to_sign_in_and_console_endpoints_refuse_them()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = hub.Hub.Address };

        foreach (var page in new[] { "/", "/plugins", "/errors", "/deliveries", "/ask", "/p/PowerWorkOrders/work-orders" })
        {
            var response = await anonymous.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/signin", new Uri(hub.Hub.Address, response.Headers.Location!).AbsolutePath);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/console/live")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/errors?handler=ReplaySelected", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/plugins?handler=Reload&name=DataQuery", new FormUrlEncodedContent([]))).StatusCode);

        // An API key opens the API, not the console: the console takes its own sign-in cookie only.
        var withKey = new HttpRequestMessage(HttpMethod.Get, "/console/live") { Headers = { { "X-Api-Key", HubEnvironment.ApiKey } } };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(withKey)).StatusCode);
    }

    [SkippableFact]
    public async Task A_viewer_sees_the_live_overview_but_no_replay_and_is_refused_when_posting_one()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        await ConsoleHub.PostFailingDefectAsync(hub.Hub.Client, "D-viewer");
        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.ViewerKey);
        var page = session.Page;

        await Assertions.Expect(page.Locator("#principal")).ToHaveTextAsync("viewer");
        await Assertions.Expect(page.Locator("#transport")).ToHaveTextAsync("RabbitMq");
        await Assertions.Expect(page.Locator("#live-state")).ToContainTextAsync("live", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#plugins")).ToContainTextAsync("PowerWorkOrders");
        await session.ScreenshotAsync("overview");
        await AssertNoSecretsAsync(page);

        var error = await OpenErrorAsync(session, "D-viewer");
        await Assertions.Expect(page.Locator("#reason")).ToContainTextAsync("on purpose");
        await Assertions.Expect(page.Locator("#replay")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#delete")).ToHaveCountAsync(0);
        await page.GotoAsync("/errors");
        await Assertions.Expect(page.Locator("#replay-selected")).ToHaveCountAsync(0);
        await page.GotoAsync("/plugins");
        await Assertions.Expect(page.Locator("button[data-reload]")).ToHaveCountAsync(0);

        // Posting anyway, with a valid anti-forgery token of the viewer's own session: 403, and nothing replayed.
        var token = await session.AntiforgeryTokenAsync();
        foreach (var (url, form) in new[]
                 {
                     ($"/errors/{error}?handler=Replay", new Dictionary<string, string>()),
                     ($"/errors/{error}?handler=Delete", new Dictionary<string, string>()),
                     ("/errors?handler=ReplaySelected", new Dictionary<string, string> { ["ids"] = error }),
                     ("/plugins?handler=Reload&name=DataQuery", new Dictionary<string, string>()),
                 })
        {
            form["__RequestVerificationToken"] = token;
            var response = await session.Context.APIRequest.PostAsync(url, new APIRequestContextOptions { Form = FormOf(session, form), MaxRedirects = 0 });
            Assert.Equal(403, response.Status);
        }

        var errors = await hub.Hub.Client.GetStringAsync("/api/errors");
        Assert.Contains(error, errors);
    }

    [SkippableFact]
    public async Task An_operator_replays_a_failed_event_from_the_errors_page_with_its_body_corrected()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        await ConsoleHub.PostFailingDefectAsync(hub.Hub.ClientFor(ConsoleHub.OperatorKey), "D-operator");
        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.OperatorKey);
        var page = session.Page;

        var error = await OpenErrorAsync(session, "D-operator");
        await session.ScreenshotAsync("error");
        var body = await page.Locator("#body").InputValueAsync();
        Assert.Contains("fail:1000", body);
        await page.Locator("#body").FillAsync(body.Replace("fail:1000", "oil leak, replayed from the console", StringComparison.Ordinal));
        await page.ClickAsync("#replay");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Replayed");
        await Assertions.Expect(page.Locator("#replayed-at")).Not.ToBeEmptyAsync();

        await Eventually.TrueAsync(async () => (await hub.Hub.Client.GetAsync("/api/recorder/defects/D-operator")).IsSuccessStatusCode, Wait, "the replayed defect handled");
        await page.GotoAsync("/errors?all=true");
        await session.ScreenshotAsync("errors");

        // Delete asks first: dismissed, nothing happens; accepted, the error is gone from the store.
        await page.GotoAsync($"/errors/{error}");
        page.Dialog += DismissOnce;
        await page.ClickAsync("#delete");
        Assert.Contains(error, await hub.Hub.Client.GetStringAsync("/api/errors?all=true"));
        page.Dialog -= DismissOnce;
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("#delete");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync($"Deleted: {error}");
        Assert.DoesNotContain(error, await hub.Hub.Client.GetStringAsync("/api/errors?all=true"));

        static void DismissOnce(object? sender, IDialog dialog) => _ = dialog.DismissAsync();
    }

    [SkippableFact]
    public async Task Asking_last_months_consumption_per_city_shows_one_row_per_city_and_a_chart()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.OperatorKey);
        var page = session.Page;

        await page.ClickAsync("nav >> text=Ask data");
        await page.FillAsync("#question", "上个月各地市的用电量");
        await page.FillAsync("#asOf", "2025-06-18");
        await page.ClickAsync("#ask");
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        var cities = await CitiesAsync();
        var rows = page.Locator("#result tbody tr");
        Assert.Equal(cities.Count, await rows.CountAsync());
        var shown = await page.Locator("#result tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(cities.Order(StringComparer.Ordinal), shown.Order(StringComparer.Ordinal));
        await Assertions.Expect(page.Locator("#sql")).ToContainTextAsync("SELECT");
        var chart = page.Locator("#chart img");
        await Assertions.Expect(chart).ToBeVisibleAsync();
        Assert.True(await chart.EvaluateAsync<int>("img => img.naturalWidth") > 100, "the chart image renders");
        await session.ScreenshotAsync("ask");
    }

    [SkippableFact]
    public async Task A_work_order_shows_its_state_history_and_deliveries_on_the_plugins_page()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        var posted = await hub.Hub.ClientFor(ConsoleHub.OperatorKey).PostAsJsonAsync("/api/events/power.equipment-defect-reported", ConsoleHub.Defect("D-order", "oil leak at the main transformer"));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.OperatorKey);
        var page = session.Page;

        await page.ClickAsync("nav >> text=Work orders");
        var first = page.Locator("table.plugin-table tbody tr td a").First;
        await Eventually.TrueAsync(async () =>
        {
            await page.ReloadAsync();
            return await first.CountAsync() > 0;
        }, Wait, "a work order listed");
        await session.ScreenshotAsync("work-orders");
        await first.ClickAsync();

        await Assertions.Expect(page.Locator("h2", new() { HasText = "State history" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table.plugin-table").First).ToContainTextAsync("created");
        await Assertions.Expect(page.Locator("table.deliveries")).ToContainTextAsync("work-order.create");
        await Assertions.Expect(page.Locator("table.deliveries")).ToContainTextAsync("eam");
        await session.ScreenshotAsync("work-order");

        await page.GotoAsync("/deliveries?connector=eam");
        await Assertions.Expect(page.Locator("table.deliveries")).ToContainTextAsync("work-order.create");
        await session.ScreenshotAsync("deliveries");
    }

    [SkippableFact]
    public async Task An_operator_cannot_reload_plugins_and_an_admin_reloads_one()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        await using (var operatorSession = await ConsoleSession.OpenAsync(hub, ConsoleHub.OperatorKey))
        {
            await operatorSession.Page.GotoAsync("/plugins");
            await Assertions.Expect(operatorSession.Page.Locator("h2", new() { HasText = "Recorder" })).ToBeVisibleAsync();
            await Assertions.Expect(operatorSession.Page.Locator("button[data-reload]")).ToHaveCountAsync(0);
        }

        await using var session = await ConsoleSession.OpenAsync(hub, HubEnvironment.ApiKey);
        var page = session.Page;
        await page.GotoAsync("/plugins");
        await page.ClickAsync("button[data-reload=Recorder]");
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Reloaded: Recorder");
        await Assertions.Expect(page.Locator("h2", new() { HasText = "Recorder" })).ToContainTextAsync("Running");
        await session.ScreenshotAsync("plugins");
    }

    [SkippableFact]
    public async Task The_language_follows_the_browser_and_the_switch()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        await using (var chinese = await ConsoleSession.OpenAsync(hub, null, "zh-CN"))
        {
            await chinese.Page.GotoAsync("/signin");
            await Assertions.Expect(chinese.Page.Locator("h1")).ToHaveTextAsync("登录");
            await chinese.ScreenshotAsync("signin-zh");
        }

        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.ViewerKey);
        var page = session.Page;
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Overview");
        await page.ClickAsync("#lang-zh");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("概览");
        await Assertions.Expect(page.Locator("nav")).ToContainTextAsync("错误");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await session.ScreenshotAsync("overview-zh");
        await page.ClickAsync("#lang-en");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Overview");

        // Tablet width: the menu wraps, nothing is cut off sideways.
        await page.SetViewportSizeAsync(800, 1100);
        await Assertions.Expect(page.Locator("nav")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 800"), "no horizontal scrolling at 800 px");
        await session.ScreenshotAsync("overview-tablet");
    }

    /// <summary>Waits until the defect's failure is in the error store, and opens it; returns the error's id.</summary>
    private static async Task<string> OpenErrorAsync(ConsoleSession session, string defectId)
    {
        var page = session.Page;
        string? id = null;
        await Eventually.TrueAsync(async () =>
        {
            await page.GotoAsync("/errors?type=equipment-defect");
            var ids = await page.Locator("#errors tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.error)");
            foreach (var errorId in ids)
            {
                await page.GotoAsync($"/errors/{errorId}");
                if ((await page.Locator("#body, #body-text").First.InputValueOrTextAsync()).Contains($"\"{defectId}\"", StringComparison.Ordinal))
                {
                    id = errorId;
                    return true;
                }
            }

            return false;
        }, Wait, $"the failure of {defectId} in the error store");
        return id!;
    }

    private static async Task AssertNoSecretsAsync(IPage page)
    {
        var html = await page.ContentAsync();
        Assert.DoesNotContain(ConsoleHub.ViewerKey, html);
        Assert.DoesNotContain("Password=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("pbkdf2", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("Host=[^;<]+;", RegexOptions.IgnoreCase), html);
    }

    private async Task<IReadOnlyList<string>> CitiesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(hub.DataDirectory, "power-marketing.sqlite")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT city FROM region";
        var cities = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            cities.Add(reader.GetString(0));
        }

        return cities;
    }

    private static IFormData FormOf(ConsoleSession session, Dictionary<string, string> values)
    {
        var form = session.Context.APIRequest.CreateFormData();
        foreach (var (key, value) in values)
        {
            form.Set(key, value);
        }

        return form;
    }
}

internal static class LocatorText
{
    /// <summary>A textarea's value or an element's text.</summary>
    public static async Task<string> InputValueOrTextAsync(this ILocator locator) =>
        await locator.EvaluateAsync<string>("e => e.value ?? e.textContent");
}
