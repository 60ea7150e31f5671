using System.Diagnostics;
using Ferry.Testing;
using Microsoft.Playwright;
using Xunit;

namespace Ferry.AdminWeb.Tests;

/// <summary>
/// One real ferryd and one headless Debian Chromium for the whole test collection; each test opens its own browser
/// context (fresh sessionStorage). Chromium comes from apt (installed here when missing), never from a download.
/// </summary>
public sealed class AdminWebFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public FerrydProcess Server { get; private set; } = null!;

    public AdminApi Admin { get; private set; } = null!;

    public string BaseUrl => $"https://127.0.0.1:{Server.HttpsPort}";

    /// <summary>Screenshots and other files worth keeping from a run, beside the test assembly.</summary>
    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ArtifactsDirectory);
        await EnsureChromiumAsync();
        Server = await FerrydProcess.StartNewAsync();
        Admin = new AdminApi(Server);
        await Admin.LoginAsAdminAsync();

        // Auto-waiting assertions: generous for a loaded 2-core CI machine, but never a fixed sleep.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
            ],
        });
    }

    /// <summary>A new page in a fresh context. The appliance's certificate is self-signed and the test pins nothing.</summary>
    public async Task<IPage> NewPageAsync(string locale = "en-US")
    {
        IBrowserContext context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            IgnoreHTTPSErrors = true,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 820 },
        });
        context.SetDefaultTimeout(15_000);
        IPage page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            // A Content-Security-Policy violation means the page broke its own rules (an inline script or style).
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (CspViolations)
                {
                    CspViolations.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (PageErrors)
            {
                PageErrors.Add(error);
            }
        };
        return page;
    }

    public List<string> CspViolations { get; } = [];

    public List<string> PageErrors { get; } = [];

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Admin?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>Debian's chromium (and a small CJK font so Chinese screenshots are readable), installed once if missing.</summary>
    private static async Task EnsureChromiumAsync()
    {
        if (File.Exists(ChromiumPath))
        {
            return;
        }

        await RunAsync("apt-get", "update", "-qq");
        await RunAsync("apt-get", "install", "-y", "-qq", "chromium", "fonts-wqy-microhei");
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"apt-get installed chromium but {ChromiumPath} is missing");
        }
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AdminWebCollection : ICollectionFixture<AdminWebFixture>
{
    public const string Name = "admin web";
}
