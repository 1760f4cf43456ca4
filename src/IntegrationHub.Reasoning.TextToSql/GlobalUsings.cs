global using static IntegrationHub.Reasoning.TextToSql.Patterns;
global using static IntegrationHub.Reasoning.TextToSql.PlanContext;
