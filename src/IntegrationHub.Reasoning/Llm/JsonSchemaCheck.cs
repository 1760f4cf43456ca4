using System.Text.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Reasoning.Llm;

/// <summary>
/// Validates a JSON value against the subset of JSON Schema the skills' reply schemas use: type, properties,
/// required, additionalProperties, enum, minimum/maximum, minLength, items. Returns the violations, empty when valid.
/// </summary>
public static class JsonSchemaCheck
{
    public static IReadOnlyList<string> Validate(JsonNode schema, JsonElement value)
    {
        var errors = new List<string>();
        Check(schema, value, "$", errors);
        return errors;
    }

    private static void Check(JsonNode? schema, JsonElement value, string path, List<string> errors)
    {
        if (schema is not JsonObject s) return;
        if (s["type"] is { } type)
        {
            var allowed = type is JsonArray a ? a.Select(t => t!.GetValue<string>()).ToArray() : [type.GetValue<string>()];
            if (!allowed.Any(t => IsType(value, t)))
            {
                errors.Add($"{path}: expected {string.Join(" or ", allowed)}, got {value.ValueKind.ToString().ToLowerInvariant()}");
                return;
            }
        }
        if (s["enum"] is JsonArray options && !options.Any(o => JsonElementEquals(o, value)))
            errors.Add($"{path}: must be one of {options.ToJsonString()}");
        if (value.ValueKind == JsonValueKind.Number)
        {
            var n = value.GetDouble();
            if (s["minimum"] is { } min && n < Number(min)) errors.Add($"{path}: must be >= {min}");
            if (s["maximum"] is { } max && n > Number(max)) errors.Add($"{path}: must be <= {max}");
        }
        if (value.ValueKind == JsonValueKind.String && s["minLength"] is { } minLength && value.GetString()!.Trim().Length < Number(minLength))
            errors.Add($"{path}: must have at least {minLength} characters");
        if (value.ValueKind == JsonValueKind.Array && s["items"] is { } items)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray()) Check(items, item, $"{path}[{i++}]", errors);
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            var properties = s["properties"] as JsonObject;
            if (s["required"] is JsonArray required)
                foreach (var r in required)
                    if (!value.TryGetProperty(r!.GetValue<string>(), out _)) errors.Add($"{path}: missing required property '{r}'");
            foreach (var p in value.EnumerateObject())
            {
                if (properties?[p.Name] is { } ps) Check(ps, p.Value, $"{path}.{p.Name}", errors);
                else if (s["additionalProperties"] is JsonValue ap && ap.GetValue<bool>() == false) errors.Add($"{path}: unexpected property '{p.Name}'");
                else if (s["additionalProperties"] is JsonObject aps) Check(aps, p.Value, $"{path}.{p.Name}", errors);
            }
        }
    }

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static bool IsType(JsonElement v, string type) => type switch
    {
        "object" => v.ValueKind == JsonValueKind.Object,
        "array" => v.ValueKind == JsonValueKind.Array,
        "string" => v.ValueKind == JsonValueKind.String,
        "number" => v.ValueKind == JsonValueKind.Number,
        "integer" => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out _),
        "boolean" => v.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => v.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static bool JsonElementEquals(JsonNode? option, JsonElement value) =>
        option is null ? value.ValueKind == JsonValueKind.Null : JsonNode.DeepEquals(option, JsonNode.Parse(value.GetRawText()));
}
