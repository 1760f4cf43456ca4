using IntegrationHub.Contracts.Data;
using IntegrationHub.Contracts.Workers.Query;
using IntegrationHub.Contracts.Workers.Reasoning;

namespace IntegrationHub.Benchmarks;

/// <summary>
/// The embedded hub <see cref="QueryBenchmark"/> measures: the DataQuery plugin and the reasoning worker over one bus,
/// on one database. The CLI composes it (the benchmark project does not know how DataQuery is wired).
/// </summary>
public interface IQueryBenchmarkHub : IAsyncDisposable
{
    /// <summary>The data source name questions are asked against.</summary>
    string Source { get; }

    DatabaseCatalog Catalog { get; }

    SemanticLayer? SemanticLayer { get; }

    Task<TextToSqlReply> TranslateAsync(TextToSqlRequest request, CancellationToken cancellationToken);

    Task<AskQuestionReply> AskAsync(AskQuestionRequest request, CancellationToken cancellationToken);

    /// <summary>One line on the plugin that answered (name, version, load context).</summary>
    string DescribePlugin();
}
