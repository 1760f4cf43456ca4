using System.Text.Json.Nodes;

namespace IntegrationHub.Plugins.PowerWorkOrders.Campaigns;

public static class CampaignStates
{
    public const string Calling = "calling";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Failed = "failed";
}

public static class ContactResults
{
    public const string Pending = "pending";
    public const string Reached = "reached";
    public const string NotReached = "not-reached";
    public const string Objection = "objection";
    public const string OptedOut = "opted-out";
    public const string DoNotCall = "do-not-call";
    public const string Cancelled = "cancelled";
}

public static class BatchStates
{
    public const string Scheduled = "scheduled";
    public const string Sent = "sent";
    public const string Cancelled = "cancelled";
}

/// <summary>An outbound-call campaign (collection <c>campaigns</c>, key = campaign id; an outage plan's campaign has the plan's id).</summary>
public sealed class Campaign
{
    public string CampaignId { get; set; } = "";

    public string Kind { get; set; } = "";

    public string ScriptId { get; set; } = "";

    public string State { get; set; } = CampaignStates.Calling;

    public string? FailureReason { get; set; }

    /// <summary>What the customers were chosen by (a segment, a grid target, a list).</summary>
    public string Target { get; set; } = "";

    public string? RequestedBy { get; set; }

    /// <summary>Task variables for the script and the messages' placeholders.</summary>
    public Dictionary<string, string> Variables { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Calls that could only start at or after this time are pointless (an outage's start): those customers get the fallback at once.</summary>
    public DateTimeOffset? CallBefore { get; set; }

    public DateTimeOffset? FinalizeAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public List<CallBatch> Batches { get; set; } = [];

    /// <summary>By customer id.</summary>
    public Dictionary<string, CampaignContact> Contacts { get; set; } = [];

    public bool ResultsPublished { get; set; }

    /// <summary>The voice platform's call task for <paramref name="batch"/> (operation <c>call-task.create</c>).</summary>
    public JsonObject ToCallTask(CallBatch batch, CallingSettings settings) => new()
    {
        ["taskId"] = batch.TaskId,
        ["campaignId"] = CampaignId,
        ["kind"] = Kind,
        ["scriptId"] = ScriptId,
        ["numbers"] = new JsonArray(batch.CustomerIds.Select(id => (JsonNode)new JsonObject
        {
            ["phone"] = Contacts[id].Phone,
            ["customerId"] = id,
            ["attempt"] = batch.Attempt,
            ["variables"] = new JsonObject { ["name"] = Contacts[id].Name },
        }).ToArray()),
        ["variables"] = new JsonObject(Variables.Select(v => KeyValuePair.Create(v.Key, (JsonNode?)v.Value))),
        ["callingWindow"] = new JsonObject
        {
            ["start"] = settings.WindowStart.ToString(@"hh\:mm"),
            ["end"] = settings.WindowEnd.ToString(@"hh\:mm"),
            ["utcOffset"] = (settings.UtcOffset < TimeSpan.Zero ? "-" : "+") + settings.UtcOffset.ToString(@"hh\:mm"),
        },
        ["doNotDisturb"] = new JsonArray(settings.DoNotDisturb.Select(d => (JsonNode)d).ToArray()),
        // One attempt per task: the hub itself retries per dial status, inside the window and under the rate.
        ["maxAttempts"] = 1,
        ["concurrency"] = settings.Concurrency,
    };
}

/// <param name="State"><see cref="BatchStates"/>.</param>
public sealed class CallBatch
{
    public int Index { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public string State { get; set; } = BatchStates.Scheduled;

    public string TaskId { get; set; } = "";

    /// <summary>1 for first calls, n for the n-th attempt of the numbers retried in it.</summary>
    public int Attempt { get; set; } = 1;

    public List<string> CustomerIds { get; set; } = [];
}

public sealed class CampaignContact
{
    public string Name { get; set; } = "";

    public string Phone { get; set; } = "";

    /// <summary>The batch of the contact's latest call.</summary>
    public int Batch { get; set; }

    public int Attempts { get; set; }

    public string Result { get; set; } = ContactResults.Pending;

    public string? Intent { get; set; }

    public string? LastDialStatus { get; set; }

    /// <summary>Spoken to on the phone or sent the message: a withdrawal must reach them too.</summary>
    public bool Told { get; set; }

    public bool FallbackSent { get; set; }
}

/// <summary>Call task id → campaign (collection <c>campaign-tasks</c>), so a result callback finds its campaign.</summary>
public sealed record CampaignTaskIndex(string CampaignId, int Batch);
