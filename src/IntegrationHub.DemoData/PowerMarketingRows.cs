namespace IntegrationHub.DemoData;

internal sealed record RegionRow(int Id, string City, string District, string Office)
{
    public object?[] Values() => [Id, City, District, Office];
}

internal sealed record CustomerRow(string Id, string Name, string Category, string Volt, int RegionId, double Capacity, string Opened, string Status, string Phone)
{
    public object?[] Values() => [Id, Name, Category, Volt, RegionId, Capacity, Opened, Status, Phone];
}

internal sealed record MeterRow(string Id, string CustomerId, string Model, string Phase, string Installed, int Multiplier)
{
    public object?[] Values() => [Id, CustomerId, Model, Phase, Installed, Multiplier];
}

internal sealed record ConsumptionRow(string CustomerId, string Month, double Total, double Peak, double Flat, double Valley, double Demand)
{
    public object?[] Values() => [CustomerId, Month, Total, Peak, Flat, Valley, Demand];
}

internal sealed record BillRow(int Id, string CustomerId, string Month, double Kwh, double Amount, string Issued, string Due, string Status)
{
    public object?[] Values() => [Id, CustomerId, Month, Kwh, Amount, Issued, Due, Status];
}

internal sealed record PaymentRow(int Id, int BillId, string CustomerId, string PaidAt, double Amount, string Channel)
{
    public object?[] Values() => [Id, BillId, CustomerId, PaidAt, Amount, Channel];
}

internal sealed record OutageRow(int Id, int RegionId, string Kind, string Feeder, string Start, string End, int Affected, string Cause)
{
    public object?[] Values() => [Id, RegionId, Kind, Feeder, Start, End, Affected, Cause];
}

internal sealed record OrderRow(string Id, string Kind, string Source, int RegionId, string? Customer, int? OutageId, string Priority, string Status, string Created, string? Closed)
{
    public object?[] Values() => [Id, Kind, Source, RegionId, Customer, OutageId, Priority, Status, Created, Closed];
}

internal sealed record CallRow(int Id, string Customer, string Purpose, string CalledAt, string Result, int Duration, string? Intent, int? Satisfaction)
{
    public object?[] Values() => [Id, Customer, Purpose, CalledAt, Result, Duration, Intent, Satisfaction];
}
