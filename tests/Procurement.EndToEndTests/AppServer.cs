using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Playwright;

namespace Procurement.EndToEndTests;

/// <summary>
/// The real app on Kestrel (a random loopback port) with the demo data, and Debian's Chromium driven by
/// Playwright: never a downloaded browser. Screenshots go to artifacts/screenshots/.
/// </summary>
public sealed class AppServer : IAsyncLifetime
{
    private readonly WebApplicationFactory<Program> _factory;
    private IPlaywright? _playwright;

    public AppServer()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "procurement-e2e", Guid.NewGuid().ToString("N"));
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            // Outside Development the host does not read the build's static web assets manifest by itself.
            builder.UseStaticWebAssets();
            builder.UseSetting("Storage:DataDirectory", DataDirectory);
            builder.UseSetting("Jobs:Storage", "InMemory");
            builder.UseSetting("Seed:Demo", "true");
            builder.UseSetting("RateLimits:AuthPerIpPerMinute", "100000");
            builder.UseSetting("RateLimits:LoginPerAccountPerMinute", "100000");
            builder.UseSetting("RateLimits:SearchPerIpPerMinute", "100000");
            builder.UseSetting("Payments:BankTransfer:AccountName", "陇品汇测试收款账户");
            builder.UseSetting("Payments:BankTransfer:BankName", "测试银行兰州分行");
            builder.UseSetting("Payments:BankTransfer:AccountNumber", "6228000000000000001");
            builder.UseSetting("Partners:P832:Secret", PartnerSecret);
            // Never the app's own port (appsettings' Urls, 5080): a developer's running app must not break the journeys.
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        });
        _factory.UseKestrel(0);
    }

    /// <summary>832平台's shared secret in the journeys, so a journey can push the orders it reconciles.</summary>
    public const string PartnerSecret = "e2e-p832-secret";

    public string DataDirectory { get; }

    /// <summary>The app's container, to arrange what no page can (a product the index keeps refusing).</summary>
    public IServiceProvider Services => _factory.Services;
    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = default!;

    public static string ScreenshotDirectory
    {
        get
        {
            // tests/Procurement.EndToEndTests/bin/<config>/net10.0 → repository root
            var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
            var directory = Path.Combine(root, "artifacts", "screenshots");
            Directory.CreateDirectory(directory);
            return directory;
        }
    }

    public async Task InitializeAsync()
    {
        _factory.StartServer();
        BaseUrl = _factory.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // The machine has no network but loopback: keep Chromium from reaching out at all.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <param name="phone">A 390×844 touch screen, as suppliers in the counties mostly use.</param>
    public async Task<IPage> NewPageAsync(string? locale = "zh-CN", bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = locale,
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1366, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        page.WatchContentSecurityPolicy();
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await _factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Log files may still be closing.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<AppServer>
{
    public const string Name = "app";
}
