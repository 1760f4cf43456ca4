using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// The role each linked term plays in the query model: a metric, a filter value, a group, a measured number column,
/// a listed column, a counted or mentioned table.
/// </summary>
internal sealed partial class QueryPlanner
{
    /// <summary>Where a term stands: after a group marker (各, by), after "各类", compared with a number, the top-N target.</summary>
    private sealed record TermPlace(bool IsGroup, bool KindGroup, bool SubjectOfComparison, bool IsTopTarget);

    private void AssignRoles()
    {
        Token? previous = null;
        var previousWasGroup = false;
        foreach (var token in _tokens)
        {
            var target = _resolved[token];
            var marker = GroupMarker(token.Start);
            var place = new TermPlace(
                marker == 1 || (previousWasGroup && previous is not null && Conjunction().IsMatch(Gap(previous.End, token.Start))),
                marker == 2,
                _comparisons.Any(c => c.Subject == token),
                token == _model.TopTarget);
            previousWasGroup = target.Kind switch
            {
                TermKind.Metric => Add(_model.Metrics, target.Metric!),
                TermKind.Filter => Add(_model.Filters, target.Filter!),
                TermKind.Value => ValueRole(token, target),
                TermKind.Dimension => DimensionRole(token, target, place),
                TermKind.Column => ColumnRole(token, target.Column!, place),
                TermKind.Table => TableRole(token, target.Table, place),
                _ => false,
            };
            previous = token;
        }
    }

    private static bool Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return false;
    }

    private bool ValueRole(Token token, Target target)
    {
        if (Negation().IsMatch(_text[..token.Start])) _model.Negated.Add((target.Column!, target.Value!));
        else _model.ValueFilters.Add((target.Column!, target.Value!));
        return false;
    }

    /// <returns>True when the term is a group (a following "and X" groups too).</returns>
    private bool DimensionRole(Token token, Target target, TermPlace place)
    {
        var d = target.Dimension!;
        if (!place.IsGroup && IsCounted(token))
        {
            _model.CountDistinct ??= (d.Expression, d.Name);
            _model.Mentioned.Add(target.Table);
            return false;
        }
        _model.Groups.Add(new GroupItem(d.Expression, d.Name));
        return true;
    }

    /// <returns>True when the term is a group (a following "and X" groups too).</returns>
    private bool ColumnRole(Token token, ColumnModel col, TermPlace place)
    {
        if (SingleCharValue(col, token) is { } single)
        {
            _model.ValueFilters.Add((col, single));
            return false;
        }
        if (col.IsBoolean && !place.IsGroup)
        {
            _model.Booleans.Add((col, !BooleanNegation().IsMatch(_text[Math.Max(0, token.Start - 24)..token.Start])));
            return false;
        }
        if (place.SubjectOfComparison && (col.IsNumeric || col.Time == TimeFormat.None)) return false;
        if (col.Time != TimeFormat.None && !place.IsGroup)
        {
            _model.TimeHint ??= col;
            return false;
        }
        if (!place.IsGroup && !col.IsNumeric && !col.IsKey && IsCounted(token))
        {
            _model.CountDistinct ??= (Col(col), col.Head ?? col.Name);
            _model.Mentioned.Add(col.Table);
            return false;
        }
        if (place.IsGroup || place.IsTopTarget || (place.KindGroup && !col.IsNumeric))
        {
            if (col.IsNumeric && !place.IsGroup) return Add(_model.NumericColumns, (token, col));
            _model.Groups.Add(new GroupItem(Col(col), col.Name, Column: col));
            return true;
        }
        if (col.IsNumeric && token.Start < _words.ListStart) return Add(_model.NumericColumns, (token, col));
        if (token.Start >= _words.ListStart || _words.ListMode) return Add(_model.Outputs, col);
        if (!col.IsKey && col.Table.Display != col)
        {
            _model.Groups.Add(new GroupItem(Col(col), col.Name, Column: col));
            return true;
        }
        return Add(_model.Outputs, col);
    }

    /// <returns>True when the table is the grouped entity (a following "and X" groups too).</returns>
    private bool TableRole(Token token, TableModel t, TermPlace place)
    {
        if (token.Start > 0 && TextNormalizer.IsCjk(_text[token.Start - 1])
            && t.Columns.Where(c => c.Time == TimeFormat.None && c.KnownValues.Contains(_text[token.Start - 1].ToString())).ToList() is [var singleColumn])
            _model.ValueFilters.Add((singleColumn, _text[token.Start - 1].ToString()));
        if (place.KindGroup && t.Category is { } cat)
        {
            _model.Groups.Add(new GroupItem(Col(cat), cat.Name, Column: cat));
            _model.Mentioned.Add(t);
            _model.ExplicitTables.Add((token, t));
            return false;
        }
        var after = Gap(token.End, Math.Min(_text.Length, token.End + 8));
        if (place.IsTopTarget || (place.IsGroup && _model.GroupEntity is null && !CountAfter().IsMatch(after) && !CountWordAfter().IsMatch(after)))
        {
            _model.GroupEntity ??= t;
            if (place.IsTopTarget) _model.TopTargetTable = t;
            return true;
        }
        _model.Mentioned.Add(t);
        _model.ExplicitTables.Add((token, t));
        return false;
    }
}
