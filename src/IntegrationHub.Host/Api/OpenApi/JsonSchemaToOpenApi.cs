using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace IntegrationHub.Host.Api.OpenApi;

/// <summary>The parts of a System.Text.Json schema an OpenAPI reader needs: types, formats, properties, required members, items.</summary>
internal static class JsonSchemaToOpenApi
{
    public static OpenApiSchema Convert(JsonNode? node)
    {
        var schema = new OpenApiSchema();
        if (node is not JsonObject json)
        {
            return schema;
        }

        schema.Type = json["type"] switch
        {
            JsonArray types => types.Select(t => Type(t?.GetValue<string>())).Aggregate((JsonSchemaType)0, (a, b) => a | b),
            JsonValue type => Type(type.GetValue<string>()),
            _ => null,
        };
        if (json["format"] is JsonValue format)
        {
            schema.Format = format.GetValue<string>();
        }

        if (json["properties"] is JsonObject properties)
        {
            schema.Properties = properties.ToDictionary(p => p.Key, p => (IOpenApiSchema)Convert(p.Value));
        }

        if (json["required"] is JsonArray required)
        {
            schema.Required = required.Select(r => r!.GetValue<string>()).ToHashSet();
        }

        if (json["items"] is { } items)
        {
            schema.Items = Convert(items);
        }

        return schema;
    }

    private static JsonSchemaType Type(string? name) => name switch
    {
        "string" => JsonSchemaType.String,
        "integer" => JsonSchemaType.Integer,
        "number" => JsonSchemaType.Number,
        "boolean" => JsonSchemaType.Boolean,
        "array" => JsonSchemaType.Array,
        "object" => JsonSchemaType.Object,
        "null" => JsonSchemaType.Null,
        _ => 0,
    };
}
