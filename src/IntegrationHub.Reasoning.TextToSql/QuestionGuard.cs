namespace IntegrationHub.Reasoning.TextToSql;

/// <summary>Questions refused before planning: empty, too long, writes, SQL text, instruction overrides, nothing linked.</summary>
internal static class QuestionGuard
{
    public static void Check(string question)
    {
        var zh = question.Any(TextNormalizer.IsCjk);
        if (string.IsNullOrWhiteSpace(question))
            throw new TextToSqlRefusal("text-to-sql.empty", "The question is empty.");
        if (question.Length > OfflineTextToSqlEngine.MaxQuestionLength)
            throw new TextToSqlRefusal("text-to-sql.too-long", $"The question is longer than {OfflineTextToSqlEngine.MaxQuestionLength} characters.");
        var lower = question.ToLowerInvariant();
        if (WriteIntent().IsMatch(lower))
            throw new TextToSqlRefusal("text-to-sql.not-a-read", zh
                ? "只能回答查询类问题，不能删除、修改或写入数据。"
                : "Only questions that read data can be answered; nothing is deleted, changed or written.");
        if (SqlText().IsMatch(lower))
            throw new TextToSqlRefusal("text-to-sql.sql-in-question", zh ? "请用自然语言提问，不要直接输入 SQL。" : "Ask in words; SQL text is not accepted as a question.");
        if (Injection().IsMatch(lower))
            throw new TextToSqlRefusal("text-to-sql.instructions-in-question", zh ? "问题中包含改变指令的内容，已拒绝。" : "The question tries to change the engine's instructions; refused.");
    }

    public static void RefuseUnlinked(PlanContext plan)
    {
        if (plan.Tokens.Count > 0) return;
        var words = Unlinked(plan.Rest).ToList();
        throw new TextToSqlRefusal("text-to-sql.unlinked", plan.Zh
            ? $"问题中没有找到与数据库表、字段或取值对应的词（未能识别：{string.Join("、", words)}），无法生成查询。"
            : $"Nothing in the question matches a table, column or value of this database (not linked: {string.Join(", ", words.Select(w => "'" + w + "'"))}).");
    }
}
