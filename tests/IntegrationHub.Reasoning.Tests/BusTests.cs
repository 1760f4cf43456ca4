using System.Net.Sockets;
using IntegrationHub.Contracts.Workers.Reasoning;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace IntegrationHub.Reasoning.Tests;

/// <summary>Requests through MassTransit to the reasoning consumers: in memory, and on a real RabbitMQ.</summary>
public sealed class BusTests
{
    private static string RabbitMqUri => Environment.GetEnvironmentVariable("HUB_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";

    [Fact]
    public async Task Every_skill_answers_over_the_in_memory_bus()
    {
        await using var bus = await BusWorker.StartAsync(null);
        await AssertAllSkillsAsync(bus);
    }

    [SkippableFact]
    public async Task Every_skill_answers_over_rabbitmq()
    {
        var problem = await RabbitMqProblemAsync();
        if (problem is not null && Environment.GetEnvironmentVariable("HUB_REQUIRE_INFRA") == "1")
            Assert.Fail($"RabbitMQ is required (HUB_REQUIRE_INFRA=1) but unreachable: {problem}");
        Skip.If(problem is not null, $"RabbitMQ unreachable at {RabbitMqUri}: {problem}");

        // A throwaway virtual host, so the real queue name ("reasoning") is used without meeting anyone else's.
        var vhost = $"hub-reasoning-{Guid.NewGuid():N}"[..22];
        await RabbitMqCtlAsync($"add_vhost {vhost}");
        try
        {
            await RabbitMqCtlAsync($"set_permissions -p {vhost} guest \".*\" \".*\" \".*\"");
            var uri = new UriBuilder(RabbitMqUri) { Path = "/" + vhost }.Uri;
            await using var bus = await BusWorker.StartAsync(uri);
            await RunOnRabbitMqAsync(bus);
        }
        finally
        {
            await RabbitMqCtlAsync($"delete_vhost {vhost}");
        }
    }

    private static async Task RunOnRabbitMqAsync(BusWorker bus)
    {
        await AssertAllSkillsAsync(bus);

        // Competing requests on one queue: all answered, in any order, each with its own reply.
        var utterances = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? $"好的我明天去交{i}" : $"转人工{i}").ToList();
        var replies = await Task.WhenAll(utterances.Select(u => bus.RequestAsync<ClassifyIntentRequest, ClassifyIntentReply>(new ClassifyIntentRequest(u, "fee-reminder"))));
        Assert.Equal(utterances.Select(u => u.StartsWith("转人工") ? "转人工" : "承诺缴费"), replies.Select(r => r.Intent));
    }

    private static async Task AssertAllSkillsAsync(BusWorker bus)
    {
        var intent = await bus.RequestAsync<ClassifyIntentRequest, ClassifyIntentReply>(new ClassifyIntentRequest("呃 那个 我已经在支付宝上交过了", "fee-reminder"));
        Assert.Equal("已缴费", intent.Intent);
        Assert.Equal(ReasoningEngines.Offline, intent.Meta.Engine);

        var summary = await bus.RequestAsync<SummarizeRequest, SummarizeReply>(new SummarizeRequest("zh", Columns: ["城市", "户数"], Rows: [["杭州", 3], ["宁波", 1]]));
        Assert.Equal("查询结果共2项，户数合计4；最高为杭州（3），最低为宁波（1）；前三为杭州（3）、宁波（1）。", summary.Summary);

        var draft = await bus.RequestAsync<DraftRequest, DraftReply>(new DraftRequest("operation-ticket", new Dictionary<string, string>
        {
            ["task"] = "检修转运行", ["station"] = "城东变", ["line"] = "城东Ⅰ回", ["breaker"] = "912", ["grounding_switch"] = "9127",
        }));
        Assert.Null(draft.Error);
        Assert.Contains("拉开城东Ⅰ回线9127接地刀闸", draft.Steps![2]);

        var sql = await bus.RequestAsync<TextToSqlRequest, TextToSqlReply>(new TextToSqlRequest("杭州的客户有多少", LlmPathTests.Catalog, new DateOnly(2025, 6, 30)));
        Assert.Null(sql.Error);
        Assert.Contains("COUNT", sql.Sql);

        var bad = await bus.RequestAsync<ClassifyIntentRequest, ClassifyIntentReply>(new ClassifyIntentRequest("好的", "missing-set"));
        Assert.Equal("intent.unknown-set", bad.Error!.Code);
    }

    private static async Task RabbitMqCtlAsync(string arguments)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("rabbitmqctl", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = process.StandardError.ReadToEndAsync(cts.Token);
        await process.StandardOutput.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl {arguments}: {await error}");
    }

    private static async Task<string?> RabbitMqProblemAsync()
    {
        var uri = new Uri(RabbitMqUri);
        try
        {
            using var client = new TcpClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(uri.Host, uri.Port > 0 ? uri.Port : 5672, cts.Token);
            return null;
        }
        catch (Exception e)
        {
            return e.Message;
        }
    }
}

/// <summary>The worker behind a MassTransit bus (in memory, or RabbitMQ), consumers on the <c>reasoning</c> endpoint.</summary>
public sealed class BusWorker : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private readonly IBusControl bus;
    private readonly Uri queue;

    private BusWorker(ServiceProvider provider, Uri queue)
    {
        this.provider = provider;
        this.queue = queue;
        bus = provider.GetRequiredService<IBusControl>();
    }

    public static async Task<BusWorker> StartAsync(Uri? rabbitMq, IDictionary<string, string?>? settings = null)
    {
        const string name = ReasoningServiceCollectionExtensions.EndpointName;
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (Environment.GetEnvironmentVariable("HUB_TEST_LOG") == "1") b.AddConsole().SetMinimumLevel(LogLevel.Debug);
        });
        services.AddReasoningWorker(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddMassTransit(x =>
        {
            x.AddReasoningConsumers();
            if (rabbitMq is null)
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            else
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(rabbitMq);
                    cfg.ConfigureEndpoints(context);
                });
        });
        var worker = new BusWorker(services.BuildServiceProvider(), new Uri($"queue:{name}"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await worker.bus.StartAsync(cts.Token);
        return worker;
    }

    public async Task<TReply> RequestAsync<TRequest, TReply>(TRequest request)
        where TRequest : class
        where TReply : class
    {
        var client = bus.CreateRequestClient<TRequest>(queue, RequestTimeout.After(s: 30));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return (await client.GetResponse<TReply>(request, cts.Token)).Message;
    }

    public async ValueTask DisposeAsync()
    {
        await bus.StopAsync();
        await provider.DisposeAsync();
    }
}
