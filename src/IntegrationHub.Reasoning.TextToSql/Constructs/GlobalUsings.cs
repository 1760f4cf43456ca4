global using static IntegrationHub.Reasoning.TextToSql.Patterns;
