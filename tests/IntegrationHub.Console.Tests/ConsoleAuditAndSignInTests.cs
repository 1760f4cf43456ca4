using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Storage.Keys;
using IntegrationHub.Testing;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Playwright;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// The console's audit trail (stored, admin-only), ask-data's past questions and saved reports, cookies shared by
/// replicas through the hub's store, and OpenID Connect sign-in against a provider at the edge.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ConsoleAuditAndSignInTests(ConsoleHub hub)
{
    [SkippableFact]
    public async Task An_admin_sees_the_stored_audit_of_allowed_and_refused_actions_and_a_viewer_gets_403()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        var refusedError = Guid.NewGuid();
        var viewerApi = hub.Hub.ClientFor(ConsoleHub.ViewerKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerApi.PostAsync($"/api/errors/{refusedError}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewerApi.GetAsync("/api/audit")).StatusCode);

        await using (var viewer = await ConsoleSession.OpenAsync(hub, ConsoleHub.ViewerKey))
        {
            await Assertions.Expect(viewer.Page.Locator("#nav-audit")).ToHaveCountAsync(0);
            Assert.Equal(403, (await viewer.Context.APIRequest.GetAsync("/audit", new() { MaxRedirects = 0 })).Status);
        }

        await using var admin = await ConsoleSession.OpenAsync(hub, HubEnvironment.ApiKey);
        var page = admin.Page;
        await page.ClickAsync("#nav-audit");
        await page.FillAsync("#audit-who", "viewer");
        await page.ClickAsync("#audit-filter");
        var rows = page.Locator("#audit tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = $"/api/errors/{refusedError}/replay" })).ToContainTextAsync("refused: 403");
        await Assertions.Expect(rows.Filter(new() { HasText = "audit" }).Filter(new() { HasText = "view" }).First).ToContainTextAsync("refused: lacks audit:read");
        await Assertions.Expect(rows.Filter(new() { HasText = "sign-in" }).First).ToContainTextAsync("ok");
        await admin.ScreenshotAsync("audit");

        var api = await hub.Hub.Client.GetFromJsonAsync<AuditPage>($"/api/audit?principal=viewer&action=POST%20/api/errors/%7Bid:guid%7D/replay&limit=5", JsonSerializerOptions.Web);
        var entry = Assert.Single(api!.Entries, e => e.Target == $"/api/errors/{refusedError}/replay");
        Assert.False(entry.Allowed);
    }

    [SkippableFact]
    public async Task A_question_is_saved_as_a_scheduled_report_and_asked_again_from_past_questions()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        const string question = "上个月各地市的用电量";
        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.OperatorKey);
        var page = session.Page;
        await page.GotoAsync("/ask");
        await page.FillAsync("#question", question);
        await page.FillAsync("#asOf", "2025-06-18");
        await page.ClickAsync("#ask");
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        var name = $"cities {Guid.NewGuid():N}"[..16];
        await page.FillAsync("#report-name", name);
        await page.FillAsync("#report-cron", "0 30 7 * * ?");
        await page.SelectOptionAsync("#report-connector", "oa");
        await page.FillAsync("#report-recipient", "营销部");
        await page.ClickAsync("#save-report-button");
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Report saved");
        var reports = await hub.Hub.ClientFor(ConsoleHub.OperatorKey).GetFromJsonAsync<JsonElement>("/api/query/reports");
        var report = Assert.Single(reports.EnumerateArray(), r => r.GetProperty("name").GetString() == name);
        Assert.Equal(question, report.GetProperty("question").GetString());
        Assert.Equal("0 30 7 * * ?", report.GetProperty("cron").GetString());
        Assert.Equal("operator", report.GetProperty("user").GetString());
        Assert.Equal("oa", report.GetProperty("delivery").GetProperty("connector").GetString());
        Assert.Contains(report.GetProperty("id").GetString()!, await page.Locator("#notice").InnerTextAsync());

        // Past questions come from the store: a fresh page lists it, and clicking it asks it again.
        await page.GotoAsync("/ask");
        await page.FillAsync("#asOf", "2025-06-18");
        await page.Locator("#past-questions button", new() { HasText = question }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#question")).ToHaveValueAsync(question);
        await Assertions.Expect(page.Locator("#result")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await session.ScreenshotAsync("ask-past-questions");

        var asked = await hub.Hub.Client.GetFromJsonAsync<AuditPage>("/api/audit?principal=operator&action=ask&limit=10", JsonSerializerOptions.Web);
        Assert.True(asked!.Entries.Count(e => e.Target == question && e.Allowed) >= 2, "both questions audited");
        var saved = await hub.Hub.Client.GetFromJsonAsync<AuditPage>("/api/audit?principal=operator&action=save-report&limit=10", JsonSerializerOptions.Web);
        Assert.Contains(saved!.Entries, e => e.Outcome.Contains(report.GetProperty("id").GetString()!, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_replica_on_the_same_store_accepts_the_cookie_and_anti_forgery_token_another_issued()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        var (replica, _) = await hub.OidcReplicaAsync();
        await using var session = await ConsoleSession.OpenAsync(hub, ConsoleHub.OperatorKey);
        var token = await session.AntiforgeryTokenAsync();

        // Cookies are per host, not per port: the browser sends the first hub's cookies to the replica as they are.
        var page = session.Page;
        await page.GotoAsync(new Uri(replica.Address, "/deliveries").ToString());
        Assert.Equal("/deliveries", new Uri(page.Url).AbsolutePath);
        await Assertions.Expect(page.Locator("#principal")).ToHaveTextAsync("operator");
        var retried = await session.Context.APIRequest.PostAsync(new Uri(replica.Address, $"/deliveries?handler=Retry&id={Guid.NewGuid()}").ToString(),
            new APIRequestContextOptions { Form = session.FormOf(new() { ["__RequestVerificationToken"] = token }), MaxRedirects = 0 });
        Assert.Equal(302, retried.Status);

        // The keys that protected them are the store's: both key rings are exactly what the database holds.
        var stored = (await replica.Get<DataProtectionKeyStore>().ListAsync()).Select(xml => Guid.Parse(XElement.Parse(xml).Attribute("id")!.Value)).ToHashSet();
        Assert.NotEmpty(stored);
        foreach (var instance in new[] { hub.Hub, replica })
        {
            Assert.Subset(stored, instance.Get<IKeyManager>().GetAllKeys().Select(k => k.KeyId).ToHashSet());
        }
    }

    [SkippableFact]
    public async Task Oidc_sign_in_redirects_to_the_authority_and_the_code_flow_signs_in_with_the_mapped_role()
    {
        Skip.If(hub.Unavailable is not null, hub.Unavailable);
        var (replica, provider) = await hub.OidcReplicaAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = replica.Address };

        Assert.Contains("id=\"signin-oidc\"", await browser.GetStringAsync("/signin"));
        var challenge = await browser.GetAsync("/signin?handler=Oidc&returnUrl=%2Fdeliveries");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith($"{provider.Authority}/authorize?", authorize.ToString());
        var callback = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(TestOidcProvider.ClientId, provider.LastAuthorize["client_id"]);
        Assert.Equal(new Uri(replica.Address, "/signin-oidc").ToString(), provider.LastAuthorize["redirect_uri"]);

        var signedIn = await browser.GetAsync(callback.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var continuePage = await browser.GetStringAsync(signedIn.Headers.Location!.ToString());
        Assert.Contains("url=/deliveries", continuePage);

        // Signed in as the provider's user with the hub role its provider role maps to: an operator retries, is no admin.
        var deliveries = await browser.GetStringAsync("/deliveries");
        Assert.Contains("<strong id=\"principal\">alice</strong>", deliveries);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync("/audit")).StatusCode);
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = AntiforgeryToken().Match(deliveries).Groups[1].Value });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync($"/deliveries?handler=Retry&id={Guid.NewGuid()}", form)).StatusCode);
        var audit = await hub.Hub.Client.GetFromJsonAsync<AuditPage>("/api/audit?principal=alice&action=sign-in&limit=5", JsonSerializerOptions.Web);
        Assert.Contains(audit!.Entries, e => e.Allowed && e.Outcome == "ok: roles operator");

        // A provider user none of whose roles maps to a hub role is refused, and that is audited too.
        provider.User = ("mallory", ["unmapped"]);
        var refused = await browser.GetAsync((await browser.GetAsync((await browser.GetAsync("/signin?handler=Oidc")).Headers.Location)).Headers.Location);
        Assert.Equal("/signin?failed=oidc", refused.Headers.Location!.ToString());
        var refusals = await hub.Hub.Client.GetFromJsonAsync<AuditPage>("/api/audit?action=sign-in&limit=20", JsonSerializerOptions.Web);
        Assert.Contains(refusals!.Entries, e => !e.Allowed && e.Outcome.Contains("'mallory'", StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
