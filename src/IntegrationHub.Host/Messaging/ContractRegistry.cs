using System.Collections.Frozen;
using System.Reflection;
using IntegrationHub.Contracts.Messaging;
using IntegrationHub.Host.Plugins;

namespace IntegrationHub.Host.Messaging;

/// <summary>
/// Every contract message the hub knows, by its stable <see cref="MessageContractAttribute"/> name. Only these
/// types ever reach MassTransit: plugin types never do. By default, those of every contracts assembly the host shares
/// with plugins (<see cref="SharedAssemblies.Contracts"/>): the SDK's and each industry's.
/// </summary>
public sealed class ContractRegistry
{
    private readonly FrozenDictionary<string, Type> _byName;
    private readonly FrozenDictionary<Type, string> _byType;

    public ContractRegistry()
        : this([.. SharedAssemblies.Contracts])
    {
    }

    public ContractRegistry(params Assembly[] contracts)
    {
        var types = contracts.Distinct().SelectMany(a => a.GetExportedTypes())
            .Select(t => (Type: t, Attribute: t.GetCustomAttribute<MessageContractAttribute>()))
            .Where(x => x.Attribute is not null)
            .ToList();
        var clash = types.GroupBy(x => x.Attribute!.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new InvalidOperationException($"Contract name '{clash.Key}' is declared twice: {string.Join(", ", clash.Select(x => x.Type.AssemblyQualifiedName))}.");
        }

        _byName = types.ToFrozenDictionary(x => x.Attribute!.Name, x => x.Type, StringComparer.OrdinalIgnoreCase);
        _byType = types.ToFrozenDictionary(x => x.Type, x => x.Attribute!.Name);
    }

    public IEnumerable<string> Names => _byName.Keys;

    public bool TryGetType(string name, out Type type) => _byName.TryGetValue(name, out type!);

    public bool IsContract(Type type) => _byType.ContainsKey(type);

    /// <summary>The contract name of <paramref name="type"/>; throws for a type that is not a contract.</summary>
    public string NameOf(Type type) => _byType.TryGetValue(type, out var name)
        ? name
        : throw new InvalidOperationException($"{type.FullName} is not a contract message: only [MessageContract] records from the contracts assemblies (IntegrationHub.Contracts, IntegrationHub.Contracts.*) travel on the bus.");
}
