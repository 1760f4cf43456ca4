using System.Globalization;
using System.Text.RegularExpressions;

namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>
/// The grammar words of a question outside its linked terms: top-N, superlative, order, average, list, count and
/// "which" words, and generic group words ("各状态", "by type"). English and Chinese share these roles.
/// </summary>
internal sealed record QuestionWords(
    Match? TopN, int? Limit, Match Superlative, bool? Descending, bool ExplicitOrder, Agg Agg,
    bool ListMode, bool CountWord, Match WhichWord, int ListStart, Match GenericGroup)
{
    /// <param name="rest">The normalised question with linked terms, time phrases and comparisons blanked.</param>
    /// <param name="text">The whole normalised question.</param>
    public static QuestionWords Read(string rest, string text)
    {
        var topN = Patterns.TopN().Match(rest) is { Success: true } tm ? tm : Patterns.TopNAfter().Match(rest) is { Success: true } tm2 ? tm2 : null;
        int? limit = topN is null ? null : int.Parse(topN.Groups["n"].Value, CultureInfo.InvariantCulture);
        // "ordered from highest to lowest" orders; it does not ask for the highest one.
        var superlative = Patterns.Superlative().Match(Patterns.OrderPhrase().Replace(rest, m => new string(' ', m.Length)));
        bool? descending = null;
        if (topN is not null) descending = !Patterns.Ascending().IsMatch(topN.Value);
        else if (superlative.Success) descending = !Patterns.Ascending().IsMatch(superlative.Value);
        if (Patterns.OrderDesc().IsMatch(rest)) descending = true;
        else if (Patterns.OrderAsc().IsMatch(rest)) descending = false;
        return new QuestionWords(
            topN, limit, superlative, descending,
            ExplicitOrder: Patterns.OrderDesc().IsMatch(rest) || Patterns.OrderAsc().IsMatch(rest),
            Agg: Patterns.AvgWord().IsMatch(rest) ? Agg.Avg : Agg.None,
            ListMode: Patterns.ListWord().IsMatch(rest),
            CountWord: Patterns.CountWord().IsMatch(rest),
            WhichWord: Patterns.WhichWord().Match(rest),
            ListStart: Patterns.ListStart().Match(text) is { Success: true } ls ? ls.Index : int.MaxValue,
            GenericGroup: Patterns.GenericGroup().Match(rest));
    }
}
