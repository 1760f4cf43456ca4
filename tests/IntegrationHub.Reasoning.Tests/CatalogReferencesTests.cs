using IntegrationHub.Contracts.Data;
using IntegrationHub.Reasoning.Sql;
using Xunit;

namespace IntegrationHub.Reasoning.Tests;

public sealed class CatalogReferencesTests
{
    private static readonly DatabaseCatalog Catalog = LlmPathTests.Catalog;

    [Theory]
    [InlineData("SELECT r.city, SUM(c.arrears) FROM customer AS c JOIN region r ON r.region_id = c.region_id GROUP BY r.city")]
    [InlineData("WITH owed AS (SELECT region_id, SUM(arrears) AS s FROM customer GROUP BY region_id) SELECT region.city, owed.s FROM owed JOIN region USING (region_id)")]
    [InlineData("SELECT EXTRACT(YEAR FROM c.customer_id) FROM customer c")]
    [InlineData("SELECT customer.* FROM customer WHERE customer.arrears IS DISTINCT FROM 0")]
    [InlineData("SELECT x.n FROM (SELECT COUNT(*) AS n FROM customer) x")]
    [InlineData("SELECT 'from nowhere.col' AS t, 1.5 FROM customer -- join ghost g")]
    public void Queries_naming_only_catalogued_tables_and_columns_pass(string sql) => Assert.Null(CatalogReferences.Problem(sql, Catalog));

    [Theory]
    [InlineData("SELECT SUM(amount) FROM invoices", "table 'invoices' does not exist")]
    [InlineData("SELECT c.arrear FROM customer c", "column 'c.arrear' does not exist: table customer has customer_id, region_id, arrears")]
    [InlineData("SELECT region.town FROM customer JOIN region ON region.region_id = customer.region_id", "column 'region.town' does not exist")]
    public void Unknown_tables_and_columns_are_named(string sql, string problem) => Assert.StartsWith(problem, CatalogReferences.Problem(sql, Catalog));
}
