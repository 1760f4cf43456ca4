using MassTransit;

namespace IntegrationHub.Host.Messaging;

/// <summary>Names exchanges/topics after the contract's stable name, not its CLR type, so renaming code never moves a queue.</summary>
public sealed class ContractEntityNameFormatter(ContractRegistry contracts, IEntityNameFormatter fallback) : IEntityNameFormatter
{
    public string FormatEntityName<T>() =>
        contracts.IsContract(typeof(T)) ? $"hub.{contracts.NameOf(typeof(T))}" : fallback.FormatEntityName<T>();
}
