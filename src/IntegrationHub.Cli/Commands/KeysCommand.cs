using System.CommandLine;
using IntegrationHub.Host.Security;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub keys new</c> makes a random API key and prints it with its hash; <c>hub keys hash</c> reads a key from
/// standard input and prints its hash. The hash goes into <c>Hub:Api:Keys:N:Hash</c>; the key goes to the caller alone.
/// </summary>
public static class KeysCommand
{
    public static Command Create()
    {
        var fresh = new Command("new", "Make a random API key; prints the key (give it to the caller) and its hash (put it in Hub:Api:Keys:N:Hash).");
        fresh.SetAction(_ =>
        {
            var key = ApiKeyHash.NewKey();
            Console.WriteLine($"key:  {key}");
            Console.WriteLine($"hash: {ApiKeyHash.Create(key)}");
            return 0;
        });

        var hash = new Command("hash", "Read an API key from standard input and print its salted hash for Hub:Api:Keys:N:Hash.");
        hash.SetAction(_ =>
        {
            var key = Console.In.ReadLine()?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                Console.Error.WriteLine("No key on standard input (printf %s KEY | hub keys hash).");
                return 1;
            }

            Console.WriteLine(ApiKeyHash.Create(key));
            return 0;
        });

        return new Command("keys", "API keys: make one, or hash one for the configuration.") { fresh, hash };
    }
}
