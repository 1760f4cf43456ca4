using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace IntegrationHub.Connectors;

/// <summary>
/// Field mapping by configuration: value expressions over a JSON payload, so a new target needs configuration, not code.
/// An expression is one of
/// <list type="bullet">
/// <item><c>$.a.b[0].c</c> — the value at that path, type kept (absent → the field is left out);</item>
/// <item><c>WO-{{$.orderId}}/{{$.site}}</c> — a string with placeholders filled in;</item>
/// <item><c>json:{"x":1}</c> — a JSON literal; anything else is a literal string.</item>
/// </list>
/// </summary>
public static partial class JsonTemplate
{
    [GeneratedRegex(@"\{\{\s*([^}]+?)\s*\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^([^.\[\]]+)((\[\d+\])*)$")]
    private static partial Regex Segment();

    /// <summary>The node at <paramref name="path"/> (<c>$</c>, <c>$.a.b</c>, <c>$.a[2].b</c>; the leading <c>$.</c> is optional), or null.</summary>
    public static JsonNode? Select(JsonNode? root, string path)
    {
        var trimmed = path.Trim();
        if (trimmed == "$")
        {
            return root;
        }

        trimmed = trimmed.StartsWith("$.", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
        var node = root;
        foreach (var part in trimmed.Split('.'))
        {
            var match = Segment().Match(part);
            if (!match.Success || node is not JsonObject obj || !obj.TryGetPropertyValue(match.Groups[1].Value, out node))
            {
                return null;
            }

            foreach (Capture index in match.Groups[3].Captures)
            {
                var i = int.Parse(index.Value[1..^1], CultureInfo.InvariantCulture);
                if (node is not JsonArray array || i >= array.Count)
                {
                    return null;
                }

                node = array[i];
            }
        }

        return node;
    }

    public static JsonNode? Evaluate(JsonNode? source, string expression)
    {
        if (expression.StartsWith("json:", StringComparison.Ordinal))
        {
            return JsonNode.Parse(expression[5..]);
        }

        if (expression.StartsWith('$') && !expression.Contains("{{", StringComparison.Ordinal))
        {
            return Select(source, expression)?.DeepClone();
        }

        return expression.Contains("{{", StringComparison.Ordinal) ? JsonValue.Create(Render(expression, source)) : JsonValue.Create(expression);
    }

    /// <summary>Fills <c>{{path}}</c> placeholders with the payload's values (absent → empty); <paramref name="escape"/> encodes each value (URLs).</summary>
    public static string Render(string template, JsonNode? source, Func<string, string>? escape = null) =>
        Placeholder().Replace(template, m =>
        {
            var text = AsText(Select(source, m.Groups[1].Value)) ?? "";
            return escape is null ? text : escape(text);
        });

    /// <summary>Builds the target document: each target path (dotted; nested objects are created) gets its expression's value.</summary>
    public static JsonObject Map(JsonNode? source, IReadOnlyDictionary<string, string> fields)
    {
        var target = new JsonObject();
        foreach (var (path, expression) in fields)
        {
            var value = Evaluate(source, expression);
            if (value is null)
            {
                continue;
            }

            var parts = path.Split('.');
            var parent = target;
            foreach (var part in parts[..^1])
            {
                if (parent[part] is not JsonObject child)
                {
                    child = new JsonObject();
                    parent[part] = child;
                }

                parent = child;
            }

            parent[parts[^1]] = value;
        }

        return target;
    }

    /// <summary>A scalar as text (strings unquoted), an object or array as JSON, null as null.</summary>
    public static string? AsText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };

    /// <summary>A scalar as the CLR value a database parameter takes.</summary>
    public static object? AsParameter(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(value.ToJsonString()),
            JsonValueKind.Null => null,
            _ => value.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    private static object Number(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : double.Parse(text, CultureInfo.InvariantCulture);

    internal static string Utf8(JsonNode node) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(node));
}
