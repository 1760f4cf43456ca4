namespace IntegrationHub.Contracts.Messaging;

/// <summary>A request answered by exactly one reply type (request/response over the bus).</summary>
public interface IRequest<TReply> where TReply : class;
