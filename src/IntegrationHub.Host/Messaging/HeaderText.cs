using MassTransit;

namespace IntegrationHub.Host.Messaging;

internal static class HeaderText
{
    /// <summary>
    /// A message's headers as text, one value a name. A transport may list a name twice (RabbitMQ gives a raw JSON
    /// message's id both as a property and as a header); the last one wins. <paramref name="scalarsOnly"/> keeps
    /// only strings, numbers and booleans (what can be sent again as they are).
    /// </summary>
    public static Dictionary<string, string> ToText(this Headers headers, bool scalarsOnly = false)
    {
        var text = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in headers.GetAll())
        {
            if (!scalarsOnly || value is string or int or long or bool)
            {
                text[name] = value?.ToString() ?? string.Empty;
            }
        }

        return text;
    }
}
