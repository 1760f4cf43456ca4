using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IntegrationHub.Host.Tests.Infrastructure;
using IntegrationHub.Testing;

namespace IntegrationHub.Host.Tests;

/// <summary>One hub (with the Recorder plugin, which handles defects) for every ingest rule of <c>POST /api/events/{type}</c>.</summary>
public sealed class IngestHub : IAsyncLifetime
{
    private HubEnvironment? _environment;

    public TestHub Hub { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _environment = await HubEnvironment.CreateAsync(Backend.InMemorySqlite);
        _environment.AddRecorder();
        Hub = await _environment.StartHubAsync(new Dictionary<string, string?>
        {
            ["Hub:Ingest:MaxEventBytes"] = "2048",
            ["Hub:Ingest:MaxEventBytesByType:hub.ping"] = "512",
        });
    }

    public async Task DisposeAsync()
    {
        await Hub.DisposeAsync();
        await _environment!.DisposeAsync();
    }
}

/// <summary>Issue 13: strict ingest validation, problem details on every refusal, readable JSON.</summary>
public sealed class IngestValidationTests(IngestHub fixture) : IClassFixture<IngestHub>
{
    private const string Defect = "/api/events/power.equipment-defect-reported";

    private HttpClient Client => fixture.Hub.Client;

    [Fact]
    public async Task An_empty_object_gets_every_missing_field_at_once_and_is_never_delivered()
    {
        var problem = await ProblemAsync(await Client.PostAsync(Defect, Json("""{"defectId":"D-empty"}""")), HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "equipmentId", "defectType", "severity", "description", "source", "reportedAt" })
        {
            Assert.Equal("is required", errors.GetProperty(field)[0].GetString());
        }

        Assert.False(errors.TryGetProperty("equipmentName", out _)); // optional members may be left out
        Assert.Equal("power.equipment-defect-reported", problem.GetProperty("contract").GetString());
        Assert.Contains("power.equipment-defect-reported", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/recorder/defects/D-empty")).StatusCode);
    }

    [Fact]
    public async Task Default_ids_and_dates_are_refused_like_missing_ones()
    {
        var zero = await ProblemAsync(await Client.PostAsync("/api/events/hub.ping", Json("""{"id":"00000000-0000-0000-0000-000000000000","sentAt":"0001-01-01T00:00:00+00:00"}""")), HttpStatusCode.BadRequest);
        Assert.StartsWith("is required", zero.GetProperty("errors").GetProperty("id")[0].GetString());
        Assert.StartsWith("is required", zero.GetProperty("errors").GetProperty("sentAt")[0].GetString());

        var empty = await ProblemAsync(await Client.PostAsync("/api/events/hub.ping", Json("{}")), HttpStatusCode.BadRequest);
        Assert.Equal(["id", "sentAt"], empty.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
    }

    [Fact]
    public async Task Wrong_shapes_are_all_reported_in_json_terms_never_as_dotnet_types()
    {
        var response = await Client.PostAsync(Defect, Json("""{"defectId":"D","equipmentId":7,"defectType":"x","severity":"minor","description":"","source":"manual","reportedAt":"yesterday"}"""));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.Equal("must be a string", errors.GetProperty("equipmentId")[0].GetString());
        Assert.StartsWith("must be a date-time (ISO 8601", errors.GetProperty("reportedAt")[0].GetString());
        var text = problem.GetRawText();
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("IntegrationHub.", text);

        var blank = await ProblemAsync(await Client.PostAsync(Defect, Json(ValidDefect("D-blank").Replace("\"manual\"", "\"  \""))), HttpStatusCode.BadRequest);
        Assert.Equal("must not be empty", blank.GetProperty("errors").GetProperty("source")[0].GetString());

        var notJson = await ProblemAsync(await Client.PostAsync(Defect, Json("{not json")), HttpStatusCode.BadRequest);
        Assert.StartsWith("is not valid JSON", notJson.GetProperty("errors").GetProperty("$")[0].GetString());
        var array = await ProblemAsync(await Client.PostAsync(Defect, Json("[]")), HttpStatusCode.BadRequest);
        Assert.Equal("must be a JSON object", array.GetProperty("errors").GetProperty("$")[0].GetString());
    }

    [Fact]
    public async Task Unknown_members_are_refused_by_name_and_bad_ids_never_name_a_dotnet_type()
    {
        var misspelt = ValidDefect("D-unknown").Replace("\"severity\"", "\"severty\":\"minor\",\"severity\"");
        var problem = await ProblemAsync(await Client.PostAsync(Defect, Json(misspelt)), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.StartsWith("is not a member of this contract", errors.GetProperty("severty")[0].GetString());
        Assert.Contains("severity", errors.GetProperty("severty")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/api/recorder/defects/D-unknown")).StatusCode);

        var badIds = await ProblemAsync(await Client.PostAsync("/api/events/hub.ping", Json("""{"id":"not-a-uuid","sentAt":"31/12/2026","extra":1}""")), HttpStatusCode.BadRequest);
        var pingErrors = badIds.GetProperty("errors");
        Assert.StartsWith("must be a UUID", pingErrors.GetProperty("id")[0].GetString());
        Assert.StartsWith("must be a date-time", pingErrors.GetProperty("sentAt")[0].GetString());
        Assert.True(pingErrors.TryGetProperty("extra", out _));
        var text = badIds.GetRawText();
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("Guid", text);
        Assert.DoesNotContain("DateTime", text);
    }

    [Theory]
    [InlineData("query.ask-reply", "a reply")]
    [InlineData("query.ask", "a request")]
    [InlineData("power.work-order-escalation-due", "a command")]
    [InlineData("no.such-event", "not a contract")]
    public async Task Only_event_types_are_ingested(string type, string why)
    {
        var problem = await ProblemAsync(await Client.PostAsync($"/api/events/{type}", Json("{}")), HttpStatusCode.NotFound);
        Assert.Contains(why, problem.GetProperty("detail").GetString());

        var listed = await Client.GetFromJsonAsync<string[]>("/api/events");
        Assert.DoesNotContain(type, listed!);
        Assert.Contains("power.equipment-defect-reported", listed!);
        Assert.Contains("hub.ping", listed!);
    }

    [Fact]
    public async Task Bodies_over_the_types_limit_get_413_without_being_read_or_echoed()
    {
        var big = ValidDefect("D-big").Replace("\"broken\"", $"\"{new string('x', 3000)}\"");
        var problem = await ProblemAsync(await Client.PostAsync(Defect, Json(big)), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 2048 bytes", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("xxxx", problem.GetRawText());

        // The per-type limit wins over the default; a body streamed without a length is cut off at the limit too.
        var ping = $$"""{"id":"{{Guid.NewGuid()}}","sentAt":"2026-01-01T00:00:00Z","note":"{{new string('n', 600)}}"}""";
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(ping))) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/events/hub.ping") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var limited = await ProblemAsync(await Client.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 512 bytes", limited.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_json_gets_415(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(ValidDefect("D-ct")));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        var problem = await ProblemAsync(await Client.PostAsync(Defect, content), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Every_refusal_has_a_problem_body_and_never_echoes_huge_input()
    {
        var longType = new string('t', 5000);
        var unknown = await ProblemAsync(await Client.PostAsync($"/api/events/{longType}", Json("{}")), HttpStatusCode.NotFound);
        Assert.True(unknown.GetRawText().Length < 600, unknown.GetRawText());

        await ProblemAsync(await fixture.Hub.Anonymous.GetAsync("/api/plugins"), HttpStatusCode.Unauthorized);
        await ProblemAsync(await Client.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound);
        await ProblemAsync(await Client.PostAsync("/api/plugins/NoSuchPlugin/reload", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_valid_event_is_accepted_with_its_message_id_and_delivered_with_its_text_readable()
    {
        var response = await Client.PostAsync(Defect, Json(ValidDefect("D-good")));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(Guid.Empty, accepted.GetProperty("messageId").GetGuid());
        Assert.Equal("power.equipment-defect-reported", accepted.GetProperty("type").GetString());

        await Eventually.TrueAsync(async () => (await Client.GetAsync("/api/recorder/defects/D-good")).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "the defect handled");
    }

    [Fact]
    public async Task Answers_carry_chinese_as_utf8_text_and_doubles_without_float_noise()
    {
        var response = await Client.PostAsync("/api/events/设备缺陷", Json("{}"));
        Assert.Contains("'设备缺陷'", await response.Content.ReadAsStringAsync());

        var options = Api.ReadableJson.Apply(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        Assert.Equal("""{"city":"杭州","kwh":56058429.3,"rows":[0.1,1E-20]}""", JsonSerializer.Serialize(new { city = "杭州", kwh = 56058429.300000004, rows = new object[] { 0.1, 1e-20 } }, options));
        Assert.Equal(56058429.3, JsonSerializer.Deserialize<double>("56058429.3", options));
    }

    private static string ValidDefect(string id) =>
        $$"""{"defectId":"{{id}}","equipmentId":"T-1","defectType":"broken","severity":"minor","description":"主变油温过高","source":"manual","reportedAt":"2026-01-01T08:00:00+08:00"}""";

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
