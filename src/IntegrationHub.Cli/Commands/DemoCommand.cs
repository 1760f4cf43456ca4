using System.CommandLine;
using IntegrationHub.Contracts.Security;
using IntegrationHub.DemoData;

namespace IntegrationHub.Cli.Commands;

/// <summary>
/// <c>hub demo seed [--db …] [--schema S] [--native-dates] [--replace]</c> writes the demo power-marketing database
/// (customers, meters, consumption, bills, payments, outages, work orders, calls; as of 2025-06-18): a SQLite file,
/// or the same rows into PostgreSQL when <c>--db</c> is a PostgreSQL connection string.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var db = new Option<string?>("--db") { Description = "A .sqlite path / \"Data Source=FILE\", or a PostgreSQL connection string (default data/power-marketing.sqlite)." };
        var schema = new Option<string?>("--schema") { Description = "PostgreSQL schema for the tables (created when missing; default the search path)." };
        var nativeDates = new Option<bool>("--native-dates") { Description = "PostgreSQL: date/timestamp columns instead of the SQLite schema's ISO text." };
        var replace = new Option<bool>("--replace") { Description = "Drop and rewrite the demo tables (or file) when they already exist." };
        var seed = new Command("seed", "Write the demo power-marketing database.") { db, schema, nativeDates, replace };
        seed.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(db) ?? Path.Combine("data", "power-marketing.sqlite");
            try
            {
                if (IsPostgres(target))
                {
                    var created = await PowerMarketingPostgres.SeedAsync(
                        target,
                        new PostgresSeedOptions { Schema = parse.GetValue(schema), NativeTemporalTypes = parse.GetValue(nativeDates), Replace = parse.GetValue(replace) },
                        cancellationToken);
                    Console.WriteLine(created ? "Seeded the demo tables in PostgreSQL." : "The demo tables are already there (--replace rewrites them).");
                    return 0;
                }

                var path = Path.GetFullPath(target.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase) ? target["Data Source=".Length..].Split(';')[0] : target);
                if (parse.GetValue(replace))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    PowerMarketingDatabase.Create(path);
                    Console.WriteLine($"Wrote {path}.");
                }
                else
                {
                    Console.WriteLine(PowerMarketingDatabase.EnsureCreated(path) ? $"Wrote {path}." : $"{path} already exists (--replace rewrites it).");
                }

                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine(Secrets.Redact($"Cannot seed {target}: {e.Message}"));
                return 1;
            }
        });

        return new Command("demo", "The demo data the embedded hub runs on.") { seed };
    }

    private static bool IsPostgres(string db) =>
        db.Contains("Host=", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);
}
