using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>A many-to-one link: <see cref="Column"/> of the child table holds <see cref="ParentColumn"/> of <see cref="Parent"/>.</summary>
internal sealed record ForeignLink(ColumnModel Column, TableModel Parent, ColumnModel ParentColumn);

/// <summary>
/// Keys and many-to-one links for catalogs that declare none (dumps without constraints are common): a table's
/// identifier comes from its primary key, a description saying it is unique, or its name (<c>id</c>, <c>course_id</c>
/// in course, <c>aid</c> in author, <c>state_name</c> in state); a column elsewhere that carries that identifier
/// (same name, or the same name after another table prefix: <c>sbtxcustid</c> → <c>sbcustid</c>) links to it.
/// Declared foreign keys always win.
/// </summary>
internal static partial class KeyInference
{
    public static void Apply(IReadOnlyList<TableModel> tables, Func<string, TableModel?> table)
    {
        // Keys named for their table are trusted over descriptions, which often call every id column "unique".
        var named = new HashSet<TableModel>();
        var names = tables.Select(t => TextNormalizer.Singular(t.Name.ToLowerInvariant())).ToHashSet(StringComparer.Ordinal);
        foreach (var t in tables)
        {
            t.Key = NamedIdentifier(t, names);
            if (t.Key is not null) named.Add(t);
            else t.Key = DescribedIdentifier(t);
            if (t.Key is { } k && !IsText(k.Info.DataType)) MarkKey(k);
        }
        foreach (var t in tables)
        {
            foreach (var fk in t.Info.ForeignKeys)
                if (table(fk.ReferencedTable) is { } parent && t.Column(fk.Column) is { } c && parent.Column(fk.ReferencedColumn) is { } pc)
                    t.Links.Add(new ForeignLink(c, parent, pc));
        }
        foreach (var child in tables)
        {
            foreach (var c in child.Columns)
            {
                if ((c == child.Key && named.Contains(child)) || child.Links.Any(l => l.Column == c)) continue;
                var owners = tables.Where(p => p != child && p.Key is { } k && Carries(c.Name, k.Name, p.Name) && SameKind(c, k)).ToList();
                if (owners.Count > 1) owners = owners.Where(named.Contains).ToList();
                if (owners.Count != 1 || (c == child.Key && !named.Contains(owners[0]))) continue;
                child.Links.Add(new ForeignLink(c, owners[0], owners[0].Key!));
                if (!IsText(c.Info.DataType)) MarkKey(c);
            }
        }
    }

    private static ColumnModel? NamedIdentifier(TableModel t, IReadOnlySet<string> tableNames)
    {
        if (t.Info.PrimaryKey.Count == 1) return t.Column(t.Info.PrimaryKey[0]);
        if (t.Info.PrimaryKey.Count > 1) return null;
        var name = t.Name.ToLowerInvariant();
        var singular = TextNormalizer.Singular(name);
        var candidates = new[] { "id", name + "_id", singular + "_id", name + "id", singular + "id", name[..1] + "id", name + "_name", singular + "_name", name + "_code" };
        foreach (var candidate in candidates)
            if (t.Column(candidate) is { } c && !(c.Info.Description is { } d && ReferenceWords().IsMatch(d.ToLowerInvariant()))) return c;
        // "sbticker.sbtickerid", "course_offering.offering_id": the table's name ends with the identifier's stem,
        // unless a table of that name exists ("program_course.course_id" belongs to course).
        return t.Columns.FirstOrDefault(c => c.Name.ToLowerInvariant() is var n && n.EndsWith("id") && n.TrimEnd('d').TrimEnd('i').TrimEnd('_') is var stem
            && stem.Length >= 4 && (name == stem || (name.EndsWith(stem) && !tableNames.Contains(stem) && !tableNames.Contains(stem.TrimStart('_')))));
    }

    private static ColumnModel? DescribedIdentifier(TableModel t) =>
        t.Info.PrimaryKey.Count > 1 ? null
        : t.Columns.FirstOrDefault(c => c.Info.Description is { } d && UniqueWords().IsMatch(d.ToLowerInvariant()) && !ReferenceWords().IsMatch(d.ToLowerInvariant()));

    /// <summary>True when a column named <paramref name="column"/> holds the identifier <paramref name="key"/> of table <paramref name="owner"/>.</summary>
    private static bool Carries(string column, string key, string owner)
    {
        var c = column.ToLowerInvariant();
        var k = key.ToLowerInvariant();
        if (c == k) return k != "id";
        if (k == "id") return c == TextNormalizer.Singular(owner.ToLowerInvariant()) + "_id" || c == owner.ToLowerInvariant() + "_id";
        if (c.EndsWith("_" + k)) return true;
        var common = 0;
        while (common < c.Length && common < k.Length && c[common] == k[common]) common++;
        var rest = k[common..];
        return common >= 2 && rest.Length >= 4 && rest.EndsWith("id") && c.EndsWith(rest);
    }

    private static void MarkKey(ColumnModel c)
    {
        c.IsKey = true;
        c.IsNumeric = false;
    }

    private static bool SameKind(ColumnModel a, ColumnModel b) => IsText(a.Info.DataType) == IsText(b.Info.DataType);

    private static bool IsText(string type) => type.Contains("char", StringComparison.OrdinalIgnoreCase) || type.Contains("text", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"unique|primary key|唯一|主键")]
    private static partial Regex UniqueWords();

    [GeneratedRegex(@"foreign|referenc|外键|关联")]
    private static partial Regex ReferenceWords();
}
