namespace IntegrationHub.Host.WebConsole;

/// <summary>The console's UI text: <c>ConsoleText.resx</c> (English) and <c>ConsoleText.zh.resx</c> (Chinese).</summary>
public sealed class ConsoleText;
