using Microsoft.Playwright;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// A browser context of its own (cookies, language) with one page, signed in or not; collects every browser console
/// error and uncaught script error, which <see cref="DisposeAsync"/> fails the test on.
/// </summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    private readonly List<string> _errors = [];

    private ConsoleSession(IBrowserContext context, IPage page, Uri address)
    {
        Context = context;
        Page = page;
        Address = address;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors) _errors.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors) _errors.Add($"page error: {error}");
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public Uri Address { get; }

    public static async Task<ConsoleSession> OpenAsync(ConsoleHub hub, string? apiKey, string locale = "en-US")
    {
        var context = await hub.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hub.Hub.Address.ToString().TrimEnd('/'),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // Generous: a question goes over the bus to the reasoning worker, and CI machines are busy.
        context.SetDefaultTimeout(90_000);
        var session = new ConsoleSession(context, await context.NewPageAsync(), hub.Hub.Address);
        if (apiKey is not null)
        {
            await session.SignInAsync(apiKey);
        }

        return session;
    }

    public async Task SignInAsync(string apiKey)
    {
        await Page.GotoAsync("/");
        Assert.EndsWith("/signin?ReturnUrl=%2F", Page.Url);
        await Page.FillAsync("#key", apiKey);
        // Each step's answer is checked on its own, so a failure says which one went wrong, and how.
        var posted = Page.WaitForResponseAsync(r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/signin");
        var overview = Page.WaitForResponseAsync(r => r.Request.Method == "GET" && new Uri(r.Url).AbsolutePath == "/");
        await Page.ClickAsync("#signin");
        await ExpectStatusAsync(await posted, 302, "sign-in");
        await ExpectStatusAsync(await overview, 200, "the overview after sign-in");
        await Page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
    }

    private static async Task ExpectStatusAsync(IResponse response, int status, string what)
    {
        if (response.Status != status)
        {
            var body = await response.TextAsync();
            Assert.Fail($"{what} answered {response.Status}, not {status}: {(body.Length > 2000 ? body[..2000] : body)}");
        }
    }

    public Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleHub.Screenshots, name + ".png"), FullPage = true });

    /// <summary>The anti-forgery token of the page's forms (every signed-in page has one, in its sign-out form).</summary>
    public Task<string> AntiforgeryTokenAsync() => Page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();

    /// <summary>A form to post with this session's cookies (through <see cref="IBrowserContext.APIRequest"/>).</summary>
    public IFormData FormOf(Dictionary<string, string> values)
    {
        var form = Context.APIRequest.CreateFormData();
        foreach (var (key, value) in values)
        {
            form.Set(key, value);
        }

        return form;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.CloseAsync();
        lock (_errors)
        {
            Assert.True(_errors.Count == 0, "browser console errors:\n" + string.Join("\n", _errors));
        }
    }
}
