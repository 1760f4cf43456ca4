namespace IntegrationHub.Reasoning.TextToSql.Tests;

/// <summary>The grammar-word recogniser on its own: top-N, superlatives, order, average, list, count and group words.</summary>
public sealed class QuestionWordsTests
{
    private static QuestionWords Read(string question)
    {
        var text = TextNormalizer.Normalize(question);
        return QuestionWords.Read(text, text);
    }

    [Theory]
    [InlineData("里程最长的前3条线路", 3, true)]
    [InlineData("the 4 smallest stations by platform count", 4, false)]
    [InlineData("top 7 tunnels by length", 7, true)]
    public void Top_n_reads_the_number_and_the_direction(string question, int limit, bool descending)
    {
        var words = Read(question);
        Assert.Equal(limit, words.Limit);
        Assert.Equal(descending, words.Descending);
    }

    [Theory]
    [InlineData("最短的隧道是哪条", false)]
    [InlineData("which station has the largest platform", true)]
    public void A_superlative_without_a_number_has_a_direction_and_no_limit(string question, bool descending)
    {
        var words = Read(question);
        Assert.True(words.Superlative.Success);
        Assert.Null(words.Limit);
        Assert.Equal(descending, words.Descending);
        Assert.False(words.ExplicitOrder);
    }

    [Theory]
    [InlineData("列出所有隧道，按长度从小到大排列", false)]
    [InlineData("show the stations sorted in descending order of height", true)]
    public void An_order_phrase_orders_without_a_limit(string question, bool descending)
    {
        var words = Read(question);
        Assert.True(words.ExplicitOrder);
        Assert.Equal(descending, words.Descending);
        Assert.Null(words.Limit);
        Assert.True(words.ListMode);
    }

    [Theory]
    [InlineData("每条线路平均有几个车站")]
    [InlineData("what is the mean number of defects per tunnel")]
    public void Average_and_count_words_are_read(string question)
    {
        var words = Read(question);
        Assert.Equal(Agg.Avg, words.Agg);
        Assert.True(words.CountWord);
    }

    [Theory]
    [InlineData("各状态的缺陷有多少", "状态")]
    [InlineData("how many defects are there by type", "type")]
    public void A_generic_group_word_names_status_or_kind(string question, string word)
    {
        var words = Read(question);
        Assert.True(words.GenericGroup.Success);
        Assert.Equal(word, words.GenericGroup.Groups["w"].Value);
    }
}
