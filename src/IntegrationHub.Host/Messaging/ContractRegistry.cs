using System.Collections.Frozen;
using System.Reflection;
using IntegrationHub.Contracts.Messaging;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// Every contract message the hub knows, by its stable <see cref="MessageContractAttribute"/> name. Only these
/// types ever reach MassTransit: plugin types never do.
/// </summary>
public sealed class ContractRegistry
{
    private readonly FrozenDictionary<string, Type> _byName;
    private readonly FrozenDictionary<Type, string> _byType;

    public ContractRegistry()
        : this(typeof(MessageContractAttribute).Assembly)
    {
    }

    public ContractRegistry(Assembly contracts)
    {
        var types = contracts.GetExportedTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<MessageContractAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();
        _byName = types.ToFrozenDictionary(x => x.Attribute!.Name, x => x.Type, StringComparer.OrdinalIgnoreCase);
        _byType = types.ToFrozenDictionary(x => x.Type, x => x.Attribute!.Name);
    }

    public IEnumerable<string> Names => _byName.Keys;

    public bool TryGetType(string name, out Type type) => _byName.TryGetValue(name, out type!);

    public bool IsContract(Type type) => _byType.ContainsKey(type);

    /// <summary>The contract name of <paramref name="type"/>; throws for a type that is not a contract.</summary>
    public string NameOf(Type type) => _byType.TryGetValue(type, out var name)
        ? name
        : throw new InvalidOperationException($"{type.FullName} is not a contract message: only [MessageContract] records from IntegrationHub.Contracts travel on the bus.");
}
