using System.Diagnostics;
using Ferry.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Ferry.Perf.Directory;

/// <summary>
/// The admin page's department tree with the imported directory, in Debian's headless Chromium: time from opening
/// the directory view to the top level drawn, and for each expansion down to a team's member list.
/// </summary>
internal static class AdminTreePage
{
    private const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The page's member list page size (AdminWeb/wwwroot/js/directory.js).</summary>
    private const int MemberPage = 50;

    public static async Task MeasureAsync(FerrydProcess server, DepartmentPlan tree, int accounts, int runs)
    {
        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Assertions.SetDefaultExpectTimeout(60_000);

        var steps = new Dictionary<string, List<double>>();
        void Record(string step, Stopwatch clock)
        {
            if (!steps.TryGetValue(step, out List<double>? list))
            {
                steps[step] = list = [];
            }

            list.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
        }

        for (int run = 0; run < runs; run++)
        {
            await using IBrowserContext context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = $"https://127.0.0.1:{server.HttpsPort}",
                IgnoreHTTPSErrors = true,
                ViewportSize = new ViewportSize { Width = 1280, Height = 820 },
            });
            IPage page = await context.NewPageAsync();
            var clock = Stopwatch.StartNew();
            await page.GotoAsync("/admin/");
            await Expect(page.Locator("#login-account")).ToBeVisibleAsync();
            Record("open the page (login form shown)", clock);

            await page.FillAsync("#login-account", "admin");
            await page.FillAsync("#login-password", server.AdminPassword);
            clock.Restart();
            await page.Locator("form button[type=submit]").ClickAsync();
            await Expect(page.GetByTestId("me")).ToHaveTextAsync("admin");
            Record("sign in (first view drawn)", clock);

            await page.Locator("[data-nav=directory]").ClickAsync();
            ILocator root = page.Locator($"li[data-department=\"{DepartmentPlan.Root}\"]");
            await Expect(root).ToBeVisibleAsync();
            Record("directory view: top level drawn", clock);

            await Expand(root, page.Locator($"li[data-department=\"{DepartmentPlan.Division(0)}\"]"));
            Record("expand root: 9 divisions", clock);
            ILocator division = page.Locator($"li[data-department=\"{DepartmentPlan.Division(0)}\"]");
            await Expand(division, page.Locator($"li[data-department=\"{DepartmentPlan.Department(0)}\"]"));
            Record("expand a division: 10 departments", clock);
            ILocator department = page.Locator($"li[data-department=\"{DepartmentPlan.Department(0)}\"]");
            await Expand(department, page.Locator("li[data-department=\"小组0\"]"));
            Record("expand a department: its teams", clock);
            await page.Locator("li[data-department=\"小组0\"] .node-name").ClickAsync();
            await Expect(page.Locator("tr[data-account]")).ToHaveCountAsync(Math.Min(MemberPage, tree.MembersOfFirstTeam(accounts)));
            Record("open a team: member list drawn", clock);
            if (run == 0)
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "admin-tree-100k.png"), FullPage = true });
            }
        }

        Console.WriteLine($"admin tree page, {runs} runs, fresh browser context each (median / max ms):");
        Console.WriteLine("| step | median ms | max ms |");
        Console.WriteLine("|---|---:|---:|");
        foreach ((string step, List<double> times) in steps)
        {
            double[] sorted = [.. times.Order()];
            Console.WriteLine($"| {step} | {QueryKinds.Percentile(sorted, 50):F0} | {sorted[^1]:F0} |");
        }
    }

    private static async Task Expand(ILocator node, ILocator child)
    {
        await node.Locator(".twisty").First.ClickAsync();
        await Expect(child).ToBeVisibleAsync();
    }
}
