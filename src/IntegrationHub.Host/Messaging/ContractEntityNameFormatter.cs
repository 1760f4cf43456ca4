using MassTransit;

namespace IntegrationHub.Host.Messaging;

/// <summary>Names exchanges/topics after the contract's stable name, not its CLR type, so renaming code never moves a queue.</summary>
public sealed class ContractEntityNameFormatter(ContractRegistry contracts, IEntityNameFormatter fallback) : IEntityNameFormatter
{
    public string FormatEntityName<T>() =>
        contracts.IsContract(typeof(T)) ? ExchangeName(contracts.NameOf(typeof(T))) : fallback.FormatEntityName<T>();

    /// <summary>The exchange (topic) a contract's messages are published to, by its contract name.</summary>
    public static string ExchangeName(string contract) => $"hub.{contract}";
}
