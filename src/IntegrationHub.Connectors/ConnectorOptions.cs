namespace IntegrationHub.Connectors;

/// <summary>The connector kinds <c>Connectors:{name}:Kind</c> can name.</summary>
public static class ConnectorKinds
{
    public const string Rest = "rest";
    public const string DbTable = "db-table";
    public const string Oa = "oa";
    public const string VoiceBot = "voicebot";
}

/// <summary>
/// One connector instance, bound from <c>Connectors:{name}</c>. Which members matter depends on <see cref="Kind"/>;
/// see README.md for a full example of each kind (<c>webhook</c> binds its own options on top).
/// </summary>
public class ConnectorOptions
{
    /// <summary>The kind of outside system: <c>rest</c>, <c>db-table</c>, <c>oa</c>, <c>voicebot</c>, <c>webhook</c>.</summary>
    public string Kind { get; set; } = "";

    // ---- the Polly pipeline inside one delivery attempt (the outbox retries the attempt itself later) ----

    /// <summary>Time for one call before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Quick retries inside one delivery attempt.</summary>
    public int Retries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Failure ratio over <see cref="BreakerWindow"/> that opens the circuit, so a down system is not hammered.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerWindow { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    // ---- HTTP kinds (rest, oa, voicebot) ----

    public string? BaseUrl { get; set; }

    /// <summary>Fixed headers sent with every request (for example an API key the target expects).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Header carrying <c>OutboxDelivery.IdempotencyKey</c>; empty to send none.</summary>
    public string IdempotencyHeader { get; set; } = "Idempotency-Key";

    /// <summary>HMAC-SHA256 request signing; null when the target does not verify signatures.</summary>
    public SigningOptions? Signing { get; set; }

    /// <summary>Operations by name (<c>work-order.create</c>…). Kinds oa and voicebot have defaults that these override.</summary>
    public Dictionary<string, OperationOptions> Operations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>oa: the group robot webhook used by <c>message.send</c>.</summary>
    public RobotOptions? Robot { get; set; }

    // ---- db-table ----

    /// <summary><c>Sqlite</c> or <c>PostgreSql</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    public string? ConnectionString { get; set; }

    public string? Table { get; set; }

    /// <summary>Unique column holding the idempotency key: a repeated delivery inserts nothing.</summary>
    public string KeyColumn { get; set; } = "idempotency_key";

    /// <summary>Column name → value expression over the payload (see <see cref="JsonTemplate"/>).</summary>
    public Dictionary<string, string> Columns { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The target's status column, polled back when <see cref="PollInterval"/> is set.</summary>
    public string? StatusColumn { get; set; }

    /// <summary>Column holding the hub's reference (reported as the order id).</summary>
    public string? CorrelationColumn { get; set; }

    /// <summary>Column the target fills with its own document number (reported as the external id).</summary>
    public string? ExternalIdColumn { get; set; }

    public TimeSpan? PollInterval { get; set; }

    /// <summary>The status a freshly inserted row has; not reported as a change.</summary>
    public string? InitialStatus { get; set; }

    // ---- inbound callbacks (all kinds) ----

    public CallbackOptions Callbacks { get; set; } = new();
}

/// <summary>How an HTTP operation is sent.</summary>
public sealed class OperationOptions
{
    public string Method { get; set; } = "POST";

    /// <summary>Path (or absolute URL) relative to <see cref="ConnectorOptions.BaseUrl"/>; <c>{{$.field}}</c> placeholders are filled from the payload.</summary>
    public string Path { get; set; } = "";

    /// <summary>Target JSON path (dotted, nested objects created) → value expression; empty sends the payload as it is.</summary>
    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where the target's id for what was created is in its response (for example <c>$.wonum</c>).</summary>
    public string? ExternalIdPath { get; set; }

    /// <summary>Responses that say 200 but carry an error code (robots): path of the code and the value meaning success.</summary>
    public string? ResultCodePath { get; set; }

    public string ResultCodeOk { get; set; } = "0";

    /// <summary>A 409 means the idempotency key was seen before: the earlier delivery succeeded.</summary>
    public bool ConflictMeansDuplicate { get; set; } = true;
}

public sealed class SigningOptions
{
    public string Secret { get; set; } = "";

    public string SignatureHeader { get; set; } = HmacSignature.SignatureHeader;

    public string TimestampHeader { get; set; } = HmacSignature.TimestampHeader;
}

public sealed class RobotOptions
{
    /// <summary>The robot webhook URL (with its access token).</summary>
    public string Url { get; set; } = "";

    /// <summary>The robot's signing secret (加签); empty when the robot uses keywords or an IP allow-list instead.</summary>
    public string? Secret { get; set; }

    /// <summary><c>dingtalk</c>, <c>feishu</c> or <c>wecom</c>: body shape, signature placement and result code.</summary>
    public string Style { get; set; } = "dingtalk";
}

/// <summary>Inbound callbacks of a connector (<c>POST /callbacks/{name}/{operation}</c>), published as <c>ConnectorCallbackReceived</c>.</summary>
public sealed class CallbackOptions
{
    /// <summary>Shared secret for the <see cref="HmacSignature"/> headers the caller must send.</summary>
    public string? Secret { get; set; }

    /// <summary>
    /// The callback kinds (operations, as the route names them: <c>status</c>, <c>approval</c>, <c>call-result</c>) this
    /// connector's system may send. Any other is refused (403) even when well signed; none listed, none accepted.
    /// </summary>
    public List<string> Operations { get; set; } = [];

    /// <summary>Accept unsigned callbacks (development only).</summary>
    public bool AllowUnsigned { get; set; }

    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Payload field → expression over the callback object (see <see cref="JsonTemplate"/>): adds the names the
    /// receiving plugin reads when the caller spells them otherwise (for example <c>orderId</c> ← <c>$.externalrefid</c>).</summary>
    public Dictionary<string, string> Fields { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Operation → payload fields that must be present and not empty; a callback without them is refused (400) and nothing is published.</summary>
    public Dictionary<string, List<string>> Required { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
