using Microsoft.Playwright;

namespace Agent.Server.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (its own browser download is impossible here), one page, with every failed
/// API call and page error recorded, and numbered screenshots under <c>TestResults/studio-browser/</c>.
/// </summary>
internal sealed class StudioBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The first load of the Studio downloads tens of MB of WebAssembly.</summary>
    public const float LoadTimeoutMs = 90_000;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly string _shots;
    private int _shot;

    private StudioBrowser(IPlaywright playwright, IBrowser browser, IPage page, string shots) =>
        (_playwright, _browser, Page, _shots) = (playwright, browser, page, shots);

    public IPage Page { get; }

    /// <summary>API responses with status 400 or more, and uncaught page errors, as "METHOD url status" lines.</summary>
    public List<string> Failures { get; } = [];

    public static async Task<StudioBrowser> LaunchAsync(string testName)
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"{ChromiumPath} is missing; install it with 'apt-get update && apt-get install -y chromium' (./test.sh does).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        page.SetDefaultTimeout(30_000);
        var shots = Path.Combine(AgentRepository.Root, "TestResults", "studio-browser", testName);
        Directory.CreateDirectory(shots);
        foreach (var old in Directory.GetFiles(shots, "*.png")) File.Delete(old);
        var result = new StudioBrowser(playwright, browser, page, shots);
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/elsa/api/", StringComparison.Ordinal) && response.Status >= 400)
                lock (result.Failures) result.Failures.Add($"{response.Request.Method} {response.Url} {response.Status}");
        };
        page.PageError += (_, error) => { lock (result.Failures) result.Failures.Add($"page error: {error}"); };
        return result;
    }

    /// <summary>Saves a screenshot named <c>NN-name.png</c> and returns its path.</summary>
    public async Task<string> ShotAsync(string name)
    {
        var path = Path.Combine(_shots, $"{++_shot:00}-{name}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }

    /// <summary>Logs in through our login page, starting from <paramref name="url"/> (which sends the visitor there).</summary>
    public async Task LoginAsync(Uri url, string user, string password)
    {
        await Page.GotoAsync(url.ToString());
        await Page.WaitForURLAsync("**/studio/login**");
        await Page.FillAsync("input[name=username]", user);
        await Page.FillAsync("input[name=password]", password);
        await Page.ClickAsync("button[type=submit]");
        await Page.WaitForURLAsync(url.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
