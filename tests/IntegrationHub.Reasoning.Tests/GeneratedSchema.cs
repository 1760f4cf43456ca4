using IntegrationHub.Contracts.Data;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>
/// A large made-up enterprise schema: a port's vessels, harbours, berths and bookings among filler tables of other
/// departments, each with commented columns and foreign keys between neighbours, as a real 200-table ERP has.
/// </summary>
public static class GeneratedSchema
{
    private static readonly string[] Nouns =
    [
        "invoice", "supplier", "warehouse", "employee", "payroll", "contract", "asset", "ledger", "budget", "project", "timesheet", "vehicle",
        "maintenance", "inspection", "training", "recruitment", "complaint", "shipment", "container", "customs", "tariff", "insurance",
        "claim", "audit", "permit", "license", "tender", "purchase", "requisition", "inventory", "sensor", "alarm", "meter", "pipeline",
        "crane", "forklift", "gate", "visitor", "badge", "canteen", "dormitory", "fuel", "tugboat", "pilot", "weather", "tide", "cargo",
        "manifest", "voucher",
    ];

    private static readonly string[] Kinds = ["record", "log", "archive", "summary"];

    public static DatabaseCatalog Catalog(int tables)
    {
        var list = new List<TableInfo>
        {
            Table("harbour", "Harbours of the port authority", ["harbour_id", "name", "country"], []),
            Table("berth", "Berths where vessels moor", ["berth_id", "harbour_id", "length_m"], [new ForeignKeyInfo("harbour_id", "harbour", "harbour_id")]),
            Table("vessel", "Ships calling at the port", ["vessel_id", "name", "flag_country", "gross_tonnage"], []),
            Table("berth_booking", "Bookings of a berth by a vessel", ["booking_id", "vessel_id", "berth_id", "booked_at", "hours"],
                [new ForeignKeyInfo("vessel_id", "vessel", "vessel_id"), new ForeignKeyInfo("berth_id", "berth", "berth_id")]),
        };
        for (var i = 0; list.Count < tables; i++)
        {
            var name = $"{Nouns[i % Nouns.Length]}_{Kinds[i / Nouns.Length % Kinds.Length]}";
            var previous = list[^1];
            var columns = new[] { $"{name}_id", "code", "title", "status", "created_at", "updated_at", "amount", "quantity", "unit", "owner_name", "remarks", "approved_by", "approved_at", $"{previous.Name}_id" };
            list.Add(Table(name, $"The {name.Replace('_', ' ')} kept by the {Nouns[(i + 7) % Nouns.Length]} department", columns,
                [new ForeignKeyInfo($"{previous.Name}_id", previous.Name, previous.Columns[0].Name)]));
        }

        return new DatabaseCatalog("port", SqlDialects.PostgreSql, list, DateTimeOffset.UnixEpoch);
    }

    private static TableInfo Table(string name, string description, string[] columns, IReadOnlyList<ForeignKeyInfo> keys) => new(
        name, "public", description,
        columns.Select(c => new ColumnInfo(c, c.EndsWith("_id", StringComparison.Ordinal) ? "integer" : c.EndsWith("_at", StringComparison.Ordinal) ? "timestamp" : "text",
            $"{c.Replace('_', ' ')} of the {name.Replace('_', ' ')}", false)).ToList(),
        [columns[0]], keys);
}
