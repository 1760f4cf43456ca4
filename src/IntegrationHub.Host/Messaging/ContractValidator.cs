using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace IntegrationHub.Host.Messaging;

/// <summary>A message that can never be handled as it is (missing required fields): not retried, kept in the error store.</summary>
public sealed class MalformedMessageException(string type, IReadOnlyDictionary<string, string[]> errors)
    : Exception($"Malformed {type}: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// Checks a deserialised contract against its declared nullability: a non-nullable member that arrived null
/// (or an empty required string) is a field error. Contracts carry no validation attributes; their C# types say it all.
/// </summary>
public sealed class ContractValidator
{
    private readonly ConcurrentDictionary<Type, (PropertyInfo Property, bool Required)[]> _shapes = new();
    private readonly NullabilityInfoContext _nullability = new();

    public IReadOnlyDictionary<string, string[]> Validate(object message)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (property, required) in Shape(message.GetType()))
        {
            if (!required)
            {
                continue;
            }

            var value = property.GetValue(message);
            var name = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            if (value is null)
            {
                errors[name] = ["is required"];
            }
            else if (value is string { Length: 0 } || (value is string s && string.IsNullOrWhiteSpace(s)))
            {
                errors[name] = ["must not be empty"];
            }
        }

        return errors;
    }

    public void EnsureValid(object message, string contractName)
    {
        var errors = Validate(message);
        if (errors.Count > 0)
        {
            throw new MalformedMessageException(contractName, errors);
        }
    }

    private (PropertyInfo, bool)[] Shape(Type type) => _shapes.GetOrAdd(type, t =>
    {
        lock (_nullability)
        {
            return t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && p.SetMethod is not null)
                .Select(p => (p, !p.PropertyType.IsValueType && _nullability.Create(p).ReadState == NullabilityState.NotNull && p.PropertyType != typeof(IEnumerable)))
                .ToArray();
        }
    });
}
