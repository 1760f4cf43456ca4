using System.Globalization;
using System.Text;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Top-N, superlatives ("the longest", 最高) and "which" questions: the target they are about and the rows they keep.</summary>
internal sealed partial class QueryPlanner
{
    /// <summary>The entity a top-N, "which" or superlative word is about.</summary>
    private void FindTopTarget()
    {
        if (_words.TopN is not null)
            _model.TopTarget = EntityAfter(_tokens, _resolved, _words.TopN.Index + _words.TopN.Length, 3);
        if (_model.TopTarget is null && _words.TopN is null && _words.WhichWord.Success)
            _model.TopTarget = _tokens.FirstOrDefault(t => t.Start >= _words.WhichWord.Index + _words.WhichWord.Length && t.Start - (_words.WhichWord.Index + _words.WhichWord.Length) <= 2)
                ?? _tokens.LastOrDefault(t => t.End <= _words.WhichWord.Index && Gap(t.End, _words.WhichWord.Index).Trim().Trim('是', '为', '在', '的').Length == 0
                    && _resolved[t].Kind is TermKind.Table or TermKind.Dimension);
        if (_model.TopTarget is null && _words.TopN is null && _words.Superlative.Success)
        {
            var after = _words.Superlative.Index + _words.Superlative.Length;
            _model.TopTarget = _tokens.FirstOrDefault(t => t.Start >= after && Gap(after, t.Start).Trim().Trim('的', '是', '一', '个', '家', '位').Length == 0
                && _resolved[t].Kind is TermKind.Table or TermKind.Dimension or TermKind.Column && !(_resolved[t].Column?.IsNumeric ?? false));
        }
    }

    /// <summary>"the longest rivers" / "最长的隧道": the adjective names the column when no number column is named.</summary>
    private void SuperlativeAdjective()
    {
        // "the longest rivers" / "最长的隧道": the adjective names the column when no number column is named.
        if (_model.NumericColumns.Count == 0 && _model.Metrics.Count == 0 && _model.TopTargetTable is not null && Lexicon.SuperlativeWords.Find(_rest) is { } adjective
            && Lexicon.SuperlativeWords.ColumnFor(adjective, [_model.TopTargetTable]) is { } adjectiveColumn)
        {
            var token = new Token(adjective.Index, adjective.Length, _text.Substring(adjective.Index, adjective.Length), [new Target(TermKind.Column, adjectiveColumn.Table, adjectiveColumn)]);
            _resolved[token] = token.First;
            _model.NumericColumns.Add((token, adjectiveColumn));
            if (!_words.ExplicitOrder) _model.Descending = adjective.Descending;
        }
    }

    /// <summary>A list of rows ("which customers …", "the 5 longest lines"), not an aggregate.</summary>
    private void RowLists()
    {
        // A list ("which customers …") of rows, not an aggregate.
        _model.RowList = _words.ListMode && _model.Measures.Count == 0 && !_words.CountWord && _model.Groups.Count == 0 && _model.GroupEntity is null
            && !_comparisons.Any(c => c.CountUnit) && _words.TopN is null;
        _model.TopRows = (_words.TopN is not null || _words.Superlative.Success) && _model.TopTargetTable is not null && _model.TopTargetTable == _model.Fact && _model.NumericColumns.Count > 0 && _model.Metrics.Count == 0;
        // "the title of the publication with the highest number of citations": the row with the largest value, its asked columns.
        if (!_model.TopRows && _words.Superlative.Success && _model.TopTarget is null && _words.TopN is null && _model.NumericColumns.Count == 1 && _model.Metrics.Count == 0 && _model.GroupEntity is null
            && _model.NumericColumns[0].Token.Start > _words.Superlative.Index && _model.NumericColumns[0].Column.Table == _model.Fact && !GroupWord().IsMatch(_rest)
            && _model.Groups.All(g => g.Column is { } gc && gc.Table == _model.Fact))
        {
            _model.Outputs.AddRange(_model.Groups.Select(g => g.Column!));
            _model.Groups.Clear();
            _model.TopRows = true;
        }
        if (_model.TopRows)
        {
            _model.RowList = true;
            _model.Measures = _model.Measures.Select(m => m with { Sql = Col(m.Column!), Aggregated = false }).Where(m => m.Column is not null).ToList();
            _model.GroupEntity = null;
        }
    }
}
