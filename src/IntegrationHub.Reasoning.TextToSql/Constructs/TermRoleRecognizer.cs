namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>The role each linked term plays: a metric, a filter value, a group, a measured number column, a listed column, a counted or mentioned table.</summary>
internal sealed class TermRoleRecognizer : IConstructRecognizer
{
    public void Apply(PlanContext p)
    {
        Token? previous = null;
        var previousWasGroup = false;
        foreach (var token in p.Tokens)
        {
            var target = p.Resolved[token];
            var marker = p.GroupMarker(token.Start);
            var place = new TermPlace(
                marker == 1 || (previousWasGroup && previous is not null && Conjunction().IsMatch(p.Gap(previous.End, token.Start))),
                marker == 2,
                p.Comparisons.Any(c => c.Subject == token),
                token == p.Model.TopTarget);
            previousWasGroup = target.Kind switch
            {
                TermKind.Metric => Add(p.Model.Metrics, target.Metric!),
                TermKind.Filter => Add(p.Model.Filters, target.Filter!),
                TermKind.Value => ValueRole(p, token, target),
                TermKind.Dimension => DimensionRole(p, token, target, place),
                TermKind.Column => ColumnRole(p, token, target.Column!, place),
                TermKind.Table => TableRole(p, token, target.Table, place),
                _ => false,
            };
            previous = token;
        }
    }

    /// <summary>Where a term stands: after a group marker (各, by), after "各类", compared with a number, the top-N target.</summary>
    private sealed record TermPlace(bool IsGroup, bool KindGroup, bool SubjectOfComparison, bool IsTopTarget);

    private static bool ValueRole(PlanContext p, Token token, Target target)
    {
        if (Negation().IsMatch(p.Text[..token.Start])) p.Model.Negated.Add((target.Column!, target.Value!));
        else p.Model.ValueFilters.Add((target.Column!, target.Value!));
        return false;
    }

    /// <returns>True when the term is a group (a following "and X" groups too).</returns>
    private static bool DimensionRole(PlanContext p, Token token, Target target, TermPlace place)
    {
        var d = target.Dimension!;
        if (!place.IsGroup && p.IsCounted(token))
        {
            p.Model.CountDistinct ??= (d.Expression, d.Name);
            p.Model.Mentioned.Add(target.Table);
            return false;
        }
        p.Model.Groups.Add(new GroupItem(d.Expression, d.Name));
        return true;
    }

    /// <returns>True when the term is a group (a following "and X" groups too).</returns>
    private static bool ColumnRole(PlanContext p, Token token, ColumnModel col, TermPlace place)
    {
        if (p.SingleCharValue(col, token) is { } single)
        {
            p.Model.ValueFilters.Add((col, single));
            return false;
        }
        if (p.ShortValuesAfter(col, token) is { Count: > 0 } shorts)
        {
            foreach (var value in shorts) p.Model.ValueFilters.Add((col, value));
            return false;
        }
        if (col.IsBoolean && !place.IsGroup)
        {
            p.Model.Booleans.Add((col, !BooleanNegation().IsMatch(p.Text[Math.Max(0, token.Start - 24)..token.Start])));
            return false;
        }
        if (place.SubjectOfComparison && (col.IsNumeric || col.Time == TimeFormat.None)) return false;
        if (col.Time != TimeFormat.None && !place.IsGroup)
        {
            p.Model.TimeHint ??= col;
            return false;
        }
        if (!place.IsGroup && !col.IsNumeric && !col.IsKey && p.IsCounted(token))
        {
            p.Model.CountDistinct ??= (Col(col), col.Head ?? col.Name);
            p.Model.Mentioned.Add(col.Table);
            return false;
        }
        if (place.IsGroup || place.IsTopTarget || (place.KindGroup && !col.IsNumeric))
        {
            if (col.IsNumeric && !place.IsGroup) return Add(p.Model.NumericColumns, (token, col));
            p.Model.Groups.Add(new GroupItem(Col(col), col.Name, Column: col));
            return true;
        }
        if (col.IsNumeric && token.Start < p.Words.ListStart) return Add(p.Model.NumericColumns, (token, col));
        if (token.Start >= p.Words.ListStart || p.Words.ListMode) return Add(p.Model.Outputs, col);
        if (!col.IsKey && col.Table.Display != col)
        {
            p.Model.Groups.Add(new GroupItem(Col(col), col.Name, Column: col));
            return true;
        }
        return Add(p.Model.Outputs, col);
    }

    /// <returns>True when the table is the grouped entity (a following "and X" groups too).</returns>
    private static bool TableRole(PlanContext p, Token token, TableModel t, TermPlace place)
    {
        if (token.Start > 0 && TextNormalizer.IsCjk(p.Text[token.Start - 1])
            && t.Columns.Where(c => c.Time == TimeFormat.None && c.KnownValues.Contains(p.Text[token.Start - 1].ToString())).ToList() is [var singleColumn])
            p.Model.ValueFilters.Add((singleColumn, p.Text[token.Start - 1].ToString()));
        if (place.KindGroup && t.Category is { } cat)
        {
            p.Model.Groups.Add(new GroupItem(Col(cat), cat.Name, Column: cat));
            p.Model.Mentioned.Add(t);
            p.Model.ExplicitTables.Add((token, t));
            return false;
        }
        var after = p.Gap(token.End, Math.Min(p.Text.Length, token.End + 8));
        if (place.IsTopTarget || (place.IsGroup && p.Model.GroupEntity is null && !CountAfter().IsMatch(after) && !CountWordAfter().IsMatch(after)))
        {
            p.Model.GroupEntity ??= t;
            if (place.IsTopTarget) p.Model.TopTargetTable = t;
            return true;
        }
        p.Model.Mentioned.Add(t);
        p.Model.ExplicitTables.Add((token, t));
        return false;
    }

    private static bool Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return false;
    }
}
