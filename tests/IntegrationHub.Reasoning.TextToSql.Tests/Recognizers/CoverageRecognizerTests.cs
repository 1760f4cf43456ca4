using static IntegrationHub.Reasoning.TextToSql.Tests.Recognizers.LibrarySchema;

namespace IntegrationHub.Reasoning.TextToSql.Tests.Recognizers;

/// <summary>Honest refusal: words and constructs the plan did not account for are named instead of guessed.</summary>
public sealed class CoverageRecognizerTests
{
    [Theory]
    [InlineData("How many members speak French?", "'speak', 'french'")]
    [InlineData("会说法语的读者有多少", "会说法语")]
    [InlineData("What is the average price of books by famous authors?", "'famous', 'author'")]
    public void Words_naming_nothing_the_query_uses_are_refused_and_named(string question, string named)
    {
        var reply = Translate(question);
        Assert.Null(reply.Sql);
        Assert.Equal("text-to-sql.not-understood", reply.Error?.Code);
        Assert.Contains(named, reply.Error!.Message);
    }

    [Theory]
    [InlineData("Which branches have both members and books?", "'both'")]
    [InlineData("Which books are both novel and history?", "'both'")]
    [InlineData("What is the ratio of members?", "'ratio'")]
    [InlineData("How many books have a title more than 5?", "book.title holds text")]
    public void Constructs_asked_for_but_not_built_are_refused(string question, string named)
    {
        var reply = Translate(question);
        Assert.Equal("text-to-sql.not-understood", reply.Error?.Code);
        Assert.Contains(named, reply.Error!.Message);
    }

    [Theory]
    [InlineData("How many members are there in total?")]
    [InlineData("Which members have borrowed books? Return their names, ordered alphabetically.")]
    [InlineData("Show the number of loans made by each member, in descending order")]
    [InlineData("各分馆的读者数量，按从高到低排列")]
    [InlineData("What is the average loan duration in days?")]
    public void Asking_words_units_and_relation_verbs_are_covered(string question)
    {
        var plan = After<GroupEntityRecognizer>(question);
        Assert.Empty(CoverageRecognizer.Uncovered(plan));
        Assert.Null(Translate(question).Error);
    }
}
