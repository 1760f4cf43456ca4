using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>How a column holds time; <see cref="Year"/> is a whole number of the year (2021).</summary>
internal enum TimeFormat { None, Month, Date, DateTime, Year }

internal sealed class TableModel(TableInfo info)
{
    public TableInfo Info { get; } = info;
    public string Name => Info.Name;
    public List<ColumnModel> Columns { get; } = [];
    public ColumnModel? Display { get; set; }
    public ColumnModel? Category { get; set; }
    public ColumnModel? DefaultTime { get; set; }
    public string? Noun { get; set; }
    /// <summary>The column that identifies a row: the declared primary key or one inferred (<see cref="KeyInference"/>).</summary>
    public ColumnModel? Key { get; set; }
    /// <summary>Many-to-one links to other tables, declared or inferred.</summary>
    public List<ForeignLink> Links { get; } = [];

    public ColumnModel? Column(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Name;
}

internal sealed class ColumnModel(TableModel table, ColumnInfo info)
{
    public TableModel Table { get; } = table;
    public ColumnInfo Info { get; } = info;
    public string Name => Info.Name;
    public bool IsNumeric { get; set; }
    public bool IsBoolean => Info.DataType.Contains("bool", StringComparison.OrdinalIgnoreCase);
    public bool IsKey { get; set; }
    public TimeFormat Time { get; set; }
    public bool IsTemporalType { get; set; }
    public string? Head { get; set; }

    /// <summary>The value index plus values listed in the description ("男/女").</summary>
    public IReadOnlyList<string> KnownValues { get; set; } = [];

    public override string ToString() => $"{Table.Name}.{Name}";
}

internal enum TermKind { Table, Column, Value, Metric, Dimension, Filter }

/// <summary>What a lexicon term names.</summary>
internal sealed record Target(TermKind Kind, TableModel Table, ColumnModel? Column = null, string? Value = null,
    SemanticMetric? Metric = null, SemanticDimension? Dimension = null, SemanticFilter? Filter = null, bool Derived = false)
{
    public string Key => Kind switch
    {
        TermKind.Value => $"v:{Column}={Value}",
        TermKind.Column => $"c:{Column}",
        TermKind.Table => $"t:{Table.Name}",
        TermKind.Metric => $"m:{Metric!.Name}",
        TermKind.Dimension => $"d:{Dimension!.Name}",
        _ => $"f:{Filter!.Name}",
    };
}

/// <summary>A matched term in the question.</summary>
internal sealed record Token(int Start, int Length, string Text, IReadOnlyList<Target> Targets)
{
    public int End => Start + Length;
    public Target First => Targets[0];
}
