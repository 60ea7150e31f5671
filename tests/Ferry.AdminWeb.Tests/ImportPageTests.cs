using System.Text;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>Import with preview: a bad file shows every row's errors and writes nothing; a clean one imports; export downloads.</summary>
[Collection(AdminWebCollection.Name)]
public sealed class ImportPageTests(AdminWebFixture fixture)
{
    [Fact]
    public async Task A_bad_file_shows_its_row_errors_and_writes_nothing_then_a_good_file_imports()
    {
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.Locator("[data-nav=import]").ClickAsync();
        await Expect(page.GetByTestId("run-import")).ToBeDisabledAsync();

        const string bad = "account,displayName,departments,email\r\nivy,Ivy Im,Imports/Team A,not-an-email\r\n,No Name,Imports,\r\nivy,Twice,Imports,\r\n";
        await page.GetByTestId("import-file").SetInputFilesAsync(Csv("bad.csv", bad));
        await page.GetByTestId("dry-run").ClickAsync();

        ILocator errors = page.GetByTestId("import-errors");
        await Expect(errors).ToBeVisibleAsync();
        await Expect(errors.Locator("tr[data-row='2']")).ToContainTextAsync("email");
        await Expect(errors.Locator("tr[data-row='3']")).ToContainTextAsync("account");
        await Expect(errors.Locator("tr[data-row='4']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("nothing was written");
        await Expect(page.GetByTestId("run-import")).ToBeDisabledAsync();
        await AdminPage.ScreenshotAsync(page, "import-errors");
        Assert.DoesNotContain("ivy", await fixture.Admin.AccountNamesAsync());
        Assert.DoesNotContain("Imports", await fixture.Admin.TopDepartmentNamesAsync());

        const string good = "account,displayName,departments,email\r\nivy,Ivy Im,Imports/Team A,ivy@example.com\r\nkai,Kai Im,Imports,\r\n";
        await page.GetByTestId("import-file").SetInputFilesAsync(Csv("good.csv", good));
        await Expect(page.GetByTestId("import-errors")).ToHaveCountAsync(0);
        await page.GetByTestId("dry-run").ClickAsync();
        await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("No errors in 2 rows");
        await Expect(page.Locator("[data-list=accountsCreated]")).ToContainTextAsync("ivy, kai");
        Assert.DoesNotContain("ivy", await fixture.Admin.AccountNamesAsync());

        await page.GetByTestId("run-import").ClickAsync();
        await Expect(page.GetByTestId("import-summary")).ToContainTextAsync("Imported 2 rows");
        await Expect(page.GetByTestId("initial-passwords")).ToContainTextAsync("kai");
        await Expect(page.GetByTestId("run-import")).ToBeDisabledAsync();
        await AdminPage.ScreenshotAsync(page, "import-done");
        List<string> names = await fixture.Admin.AccountNamesAsync();
        Assert.Contains("ivy", names);
        Assert.Contains("kai", names);
        Assert.Contains("Imports", await fixture.Admin.TopDepartmentNamesAsync());

        // The export is a download made with the session's token.
        IDownload download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        Assert.Equal("directory.csv", download.SuggestedFilename);
        string exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("ivy@example.com", exported, StringComparison.Ordinal);
        Assert.Contains("Imports/Team A", exported, StringComparison.Ordinal);
        Assert.Empty(fixture.CspViolations);
        Assert.Empty(fixture.PageErrors);
    }

    private static FilePayload Csv(string name, string text) => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };
}
