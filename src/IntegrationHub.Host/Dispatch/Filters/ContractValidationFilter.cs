using IntegrationHub.Host.Messaging;

namespace IntegrationHub.Host.Dispatch.Filters;

/// <summary>A message missing required fields never reaches a handler: <see cref="MalformedMessageException"/>, not retried.</summary>
internal sealed class ContractValidationFilter(ContractValidator validator) : IDispatchFilter
{
    public Task InvokeAsync(DispatchContext context, DispatchStep next)
    {
        validator.EnsureValid(context.Message, context.Contract);
        return next(context);
    }
}
