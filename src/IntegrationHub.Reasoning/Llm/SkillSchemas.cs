using System.Text.Json.Nodes;

namespace IntegrationHub.Reasoning.Llm;

/// <summary>The JSON each skill's model reply must match (sent to the model and checked on the way back).</summary>
public static class SkillSchemas
{
    public static JsonObject TextToSql() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["sql"] = new JsonObject { ["type"] = "string", ["minLength"] = 6 },
            ["explanation"] = new JsonObject { ["type"] = "string" },
            ["parameters"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = new JsonArray("string", "number", "integer", "boolean", "null") } },
        },
        ["required"] = new JsonArray("sql", "explanation"),
        ["additionalProperties"] = false,
    };

    public static JsonObject ClassifyIntent(IEnumerable<string> intents) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["intent"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. intents.Select(i => (JsonNode)JsonValue.Create(i)!)]) },
            ["confidence"] = new JsonObject { ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 },
            ["slots"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
        },
        ["required"] = new JsonArray("intent", "confidence"),
        ["additionalProperties"] = false,
    };

    public static JsonObject Summarize() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["summary"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 } },
        ["required"] = new JsonArray("summary"),
        ["additionalProperties"] = false,
    };

    public static JsonObject Draft() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["title"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
            ["body"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
            ["steps"] = new JsonObject { ["type"] = new JsonArray("array", "null"), ["items"] = new JsonObject { ["type"] = "string" } },
        },
        ["required"] = new JsonArray("title", "body"),
        ["additionalProperties"] = false,
    };
}
