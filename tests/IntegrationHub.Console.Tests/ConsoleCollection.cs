namespace IntegrationHub.Console.Tests;

/// <summary>Every console test class shares the one <see cref="ConsoleHub"/> (one hub and one Chromium for the project), and runs one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleHub>
{
    public const string Name = "console";
}
