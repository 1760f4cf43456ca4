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
/// Checks a deserialised contract against its declared types: a non-nullable member that arrived null (or an empty
/// required string), an all-zero id or a default date (what a missing field deserialises to) is a field error.
/// Nested records and lists of them are checked too; errors are keyed by JSON path (<c>stops[1].customerId</c>).
/// Contracts carry no validation attributes; their C# types say it all.
/// </summary>
public sealed class ContractValidator
{
    // Asked for every member of every message: reading an assembly's name allocates, so the answer is kept per type.
    private static readonly ConcurrentDictionary<Type, bool> ContractRecords = new();

    private readonly ConcurrentDictionary<Type, (PropertyInfo Property, bool Required)[]> _shapes = new();
    private readonly NullabilityInfoContext _nullability = new();

    public IReadOnlyDictionary<string, string[]> Validate(object message)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateObject(message, "", errors);
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

    /// <summary>Records of the contracts assemblies: the only types whose members are checked one by one.</summary>
    internal static bool IsContractRecord(Type type) => ContractRecords.GetOrAdd(type, static t =>
        t.IsClass && t != typeof(string) && t.Assembly.GetName().Name is { } assembly
        && (assembly == "IntegrationHub.Contracts" || assembly.StartsWith("IntegrationHub.Contracts.", StringComparison.Ordinal)));

    internal static string JsonName(string member) => char.ToLowerInvariant(member[0]) + member[1..];

    internal static Type? ElementType(Type type) => type == typeof(string) ? null : type.IsArray
        ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private void ValidateObject(object value, string prefix, Dictionary<string, string[]> errors)
    {
        foreach (var (property, required) in Shape(value.GetType()))
        {
            var path = prefix + JsonName(property.Name);
            var member = property.GetValue(value);
            var error = member switch
            {
                null when required => "is required",
                string s when required && string.IsNullOrWhiteSpace(s) => "must not be empty",
                Guid id when id == Guid.Empty => "is required (the all-zero id is not an id)",
                DateTimeOffset at when at == default => "is required (0001-01-01 is not a date)",
                DateTime at when at == default => "is required (0001-01-01 is not a date)",
                DateOnly day when day == default => "is required (0001-01-01 is not a date)",
                _ => null,
            };
            if (error is not null)
            {
                errors[path] = [error];
            }
            else if (member is not null && IsContractRecord(member.GetType()))
            {
                ValidateObject(member, path + ".", errors);
            }
            else if (member is IEnumerable items && ElementType(property.PropertyType) is { } element && IsContractRecord(element))
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null && IsContractRecord(item.GetType()))
                    {
                        ValidateObject(item, $"{path}[{index}].", errors);
                    }

                    index++;
                }
            }
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
