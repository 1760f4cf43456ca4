namespace IntegrationHub.Contracts.Messaging;

/// <summary>
/// An error carried inside a reply. Workers answer bad input with an error rather than an exception,
/// so the caller always gets a reply and the worker keeps serving.
/// </summary>
/// <param name="Code">Stable, machine-readable code, for example <c>image.corrupt</c> or <c>model.unknown</c>.</param>
/// <param name="Message">Human-readable explanation.</param>
public sealed record ContractError(string Code, string Message);
