using IntegrationHub.Host;

await HubApplication.Build(args).RunAsync();
