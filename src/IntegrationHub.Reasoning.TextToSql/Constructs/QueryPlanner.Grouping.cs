using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Group-by: kinds and statuses, one row per named value, the grouped entity's key and name.</summary>
internal sealed partial class QueryPlanner
{
    /// <summary>"各状态", "by type": the fact table's status or category column.</summary>
    private void GroupByKind()
    {
        if (_words.GenericGroup.Success)
        {
            var word = _words.GenericGroup.Groups["w"].Value;
            var col = word is "状态" or "status" or "state"
                ? _model.Fact.Columns.FirstOrDefault(c => c.Name.Contains("status", StringComparison.OrdinalIgnoreCase) || c.Name.Contains("state", StringComparison.OrdinalIgnoreCase) || (c.Head?.Contains("状态") ?? false))
                : _model.Fact.Category;
            if (col is not null) _model.Groups.Add(new GroupItem(Col(col), col.Name, Column: col));
        }
    }

    /// <summary>"平均每个缺陷的整改费用": "each row of the fact table" is not a grouping.</summary>
    private void AveragePerRow()
    {
        if (_model.GroupEntity == _model.Fact && _model.TopTargetTable != _model.Fact && _words.Agg == Agg.Avg) _model.GroupEntity = null;
    }

    /// <summary>"杭州和宁波的用电量分别是多少": one row per named value.</summary>
    private void OneRowPerValue()
    {
        if (Respectively().IsMatch(_rest))
            foreach (var multi in _model.ValueFilters.GroupBy(v => v.Column).Where(g => g.Select(v => v.Value).Distinct().Count() > 1))
                _model.Groups.Add(new GroupItem(Col(multi.Key), multi.Key.Name, Column: multi.Key));
    }

    /// <summary>A grouped entity groups by its key and display name.</summary>
    private void GroupEntityColumns()
    {
        if (_model.GroupEntity is not null)
        {
            if (_model.GroupEntity.Key is { } pkColumn) _model.Groups.Add(new GroupItem(Col(pkColumn), pkColumn.Name, Column: pkColumn));
            if (_model.GroupEntity.Display is { } disp) _model.Groups.Add(new GroupItem(Col(disp), disp.Name, Column: disp));
            if (_model.Groups.Count == 0 && _model.GroupEntity.Category is { } cat) _model.Groups.Add(new GroupItem(Col(cat), cat.Name, Column: cat));
        }
        _model.Groups = _model.Groups.DistinctBy(g => g.Sql).ToList();
    }
}
