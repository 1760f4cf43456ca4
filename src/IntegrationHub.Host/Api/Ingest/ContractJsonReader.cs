using System.Reflection;
using System.Text.Json;
using IntegrationHub.Host.Messaging;

namespace IntegrationHub.Host.Api.Ingest;

/// <summary>
/// Reads a JSON body into a contract record and reports every field error at once, keyed by JSON path and worded in
/// JSON terms (never a .NET type name): a constructor parameter without a default that is absent is required, a value
/// of the wrong shape says what shape it should have, and the read record then passes <see cref="ContractValidator"/>
/// (null/empty strings, all-zero ids, default dates).
/// </summary>
internal sealed class ContractJsonReader(ContractValidator validator)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public object? Read(JsonElement root, Type contract, Dictionary<string, string[]> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors["$"] = ["must be a JSON object"];
            return null;
        }

        CheckObject(root, contract, "", errors);
        if (errors.Count > 0)
        {
            return null;
        }

        var message = root.Deserialize(contract, Json);
        if (message is null)
        {
            errors["$"] = ["must be a JSON object"];
            return null;
        }

        foreach (var (path, messages) in validator.Validate(message))
        {
            errors[path] = messages;
        }

        return errors.Count == 0 ? message : null;
    }

    private static void CheckObject(JsonElement element, Type type, string prefix, Dictionary<string, string[]> errors)
    {
        var present = element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
        // Required: a parameter of the record's constructor without a default; everything else may be left out.
        var required = Constructor(type)?.GetParameters().Where(p => !p.HasDefaultValue).Select(p => p.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0).ToList();
        // A member the contract does not have is refused, not dropped: a misspelt field would otherwise vanish silently.
        var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0)
            .Select(p => ContractValidator.JsonName(p.Name)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var unknown in present.Keys.Where(name => !known.Contains(name)))
        {
            errors[prefix + unknown] = [$"is not a member of this contract (members: {string.Join(", ", known)})"];
        }

        foreach (var property in properties)
        {
            var name = ContractValidator.JsonName(property.Name);
            var path = prefix + name;
            if (!present.TryGetValue(name, out var value))
            {
                if (required.Contains(property.Name))
                {
                    errors[path] = ["is required"];
                }

                continue;
            }

            CheckValue(value, property.PropertyType, path, errors);
        }
    }

    private static void CheckValue(JsonElement value, Type type, string path, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return; // nullability is the validator's, once the record is read
        }

        if (ContractValidator.IsContractRecord(type) && value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(value, type, path + ".", errors);
            return;
        }

        if (ContractValidator.ElementType(type) is { } element && ContractValidator.IsContractRecord(element) && value.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                CheckValue(item, element, $"{path}[{index++}]", errors);
            }

            return;
        }

        try
        {
            value.Deserialize(type, Json);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            errors[path] = [$"must be {JsonShape.Describe(type)}"];
        }
    }

    private static ConstructorInfo? Constructor(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
}
