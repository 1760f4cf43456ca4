using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Host.Security;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>Issue 14: keys map to principals with roles and scopes; what no role or scope grants is refused with 403 problem details.</summary>
public sealed class AuthorizationTests
{
    private const string ViewerKey = "viewer-key";
    private const string AnalystKey = "analyst-key";
    private const string DefectSystemKey = "eam-key";
    private const string NobodyKey = "nobody-key";

    [Fact]
    public async Task Each_key_may_do_what_its_roles_and_scopes_grant_and_nothing_else()
    {
        await using var environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        environment.AddRecorder();
        environment.AddPrincipal("viewer", ViewerKey, [HubRoles.Viewer]);
        environment.AddPrincipal("analyst", AnalystKey, ["analyst"]);
        environment.AddPrincipal("eam", DefectSystemKey, [], ["events:ingest:power.equipment-defect-reported"]);
        environment.AddPrincipal("nobody", NobodyKey, []);
        await using var hub = await environment.StartHubAsync();
        var viewer = hub.ClientFor(ViewerKey);
        var analyst = hub.ClientFor(AnalystKey);
        var eam = hub.ClientFor(DefectSystemKey);
        var nobody = hub.ClientFor(NobodyKey);

        // A viewer reads, and cannot ingest, replay, reload or touch reports.
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/plugins")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/errors")).StatusCode);
        await AssertForbiddenAsync(await viewer.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-V")), "viewer", "events:ingest:power.equipment-defect-reported");
        await AssertForbiddenAsync(await viewer.PostAsync($"/api/errors/{Guid.NewGuid()}/replay", null), "viewer", HubScopes.ErrorsReplay);
        await AssertForbiddenAsync(await viewer.PostAsync("/api/plugins/Recorder/reload", null), "viewer", HubScopes.PluginsReload);
        await AssertForbiddenAsync(await viewer.GetAsync("/api/recorder/defects/x"), "viewer", "plugin:Recorder");

        // A business system ingests its own event type and no other.
        Assert.Equal(HttpStatusCode.Accepted, (await eam.PostAsJsonAsync("/api/events/power.equipment-defect-reported", PluginFailureTests.Defect("D-EAM"))).StatusCode);
        await AssertForbiddenAsync(await eam.PostAsJsonAsync("/api/events/power.approval-decision-received", new { }), "eam", "events:ingest:power.approval-decision-received");
        await AssertForbiddenAsync(await eam.GetAsync("/api/plugins"), "eam", HubScopes.PluginsRead);

        // The analyst (a role the DataQuery plugin defines, when loaded) may not approve tickets, reload plugins or publish.
        await AssertForbiddenAsync(await analyst.PostAsJsonAsync("/api/events/power.approval-decision-received", new { }), "analyst", "events:ingest:power.approval-decision-received");
        await AssertForbiddenAsync(await analyst.PostAsync("/api/plugins/Recorder/reload", null), "analyst", HubScopes.PluginsReload);

        // Default deny: a principal without roles may do nothing; undeclared endpoints are for admins alone.
        await AssertForbiddenAsync(await nobody.GetAsync("/api/events"), "nobody", HubScopes.EventsRead);
        await AssertForbiddenAsync(await nobody.GetAsync("/metrics"), "nobody", HubScopes.MetricsRead);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/metrics")).StatusCode);

        // The admin test key still does everything.
        Assert.Equal(HttpStatusCode.OK, (await hub.Client.PostAsync("/api/plugins/Recorder/reload", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Client.GetAsync("/api/recorder/defects/none")).StatusCode);
    }

    [Fact]
    public void Granted_scopes_cover_by_name_or_by_trailing_wildcard()
    {
        Assert.True(HubScopes.Covers("*", "plugins:reload"));
        Assert.True(HubScopes.Covers("events:ingest:*", "events:ingest:power.x"));
        Assert.True(HubScopes.Covers("events:ingest:power.*", "events:ingest:power.x"));
        Assert.False(HubScopes.Covers("events:ingest:power.*", "events:ingest:hub.ping"));
        Assert.False(HubScopes.Covers("events:*", HubScopes.PluginsReload));
        Assert.False(HubScopes.Covers("hub:*", HubScopes.Undeclared));
        Assert.False(HubScopes.Covers("query:reports", "query:reports:all"));
    }

    [Fact]
    public void Key_hashes_are_salted_and_checked_and_unsalted_digests_are_refused()
    {
        var one = ApiKeyHash.Create("k", 1000);
        var two = ApiKeyHash.Create("k", 1000);
        Assert.NotEqual(one, two);
        Assert.True(ApiKeyHash.Verify("k", one));
        Assert.False(ApiKeyHash.Verify("K", one));
        Assert.False(ApiKeyHash.Verify("k", "c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c"));

        var options = new Configuration.HubOptions();
        options.Api.Keys.Add(new Configuration.ApiKeyOptions { Name = "old", Sha256 = "c48a01f49fd0f2cc404bc3cbbc80e91457a3d41bb429a695243de4c61794155c" });
        Assert.Contains("unsalted", Assert.Single(ApiKeysValidation.Problems(options)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    public void The_demo_key_warning_tells_loopback_from_exposed_addresses(string address, bool loopback) =>
        Assert.Equal(loopback, DemoKeyWarning.IsLoopback(address));

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string principal, string scope)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(403, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(principal, problem.RootElement.GetProperty("principal").GetString());
        Assert.Equal(scope, problem.RootElement.GetProperty("requiredScope").GetString());
    }
}
