using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>Enterprise settings (name and logo in the header) and the online accounts page with a real framed client.</summary>
[Collection(AdminWebCollection.Name)]
public sealed class EnterpriseAndOnlinePageTests(AdminWebFixture fixture)
{
    [Fact]
    public async Task The_enterprise_name_and_logo_change_and_show_in_the_header()
    {
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.Locator("[data-nav=enterprise]").ClickAsync();
        ILocator name = page.GetByTestId("enterprise-form").Locator("input[name=name]");
        await Expect(name).Not.ToHaveValueAsync(string.Empty);

        // Too long: the server's error under the field, nothing changed.
        await name.FillAsync(new string('n', 65));
        await page.GetByTestId("save-enterprise").ClickAsync();
        await Expect(page.GetByTestId("enterprise-form").Locator("[data-error-for=name]")).ToContainTextAsync("name:");
        Assert.NotEqual(new string('n', 65), (await EnterpriseAsync())["name"]!.GetValue<string>());

        await name.FillAsync("渡口科技 Ferry Ltd");
        await page.GetByTestId("save-enterprise").ClickAsync();
        await Expect(page.GetByTestId("brand-name")).ToHaveTextAsync("渡口科技 Ferry Ltd");
        Assert.Equal("渡口科技 Ferry Ltd", (await EnterpriseAsync())["name"]!.GetValue<string>());

        // Not an image: refused with the server's reason. A PNG: shown on the page and in the header.
        await page.GetByTestId("logo-file").SetInputFilesAsync(new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "not a picture"u8.ToArray() });
        await Expect(page.Locator("[data-error-for=_form]").Last).ToContainTextAsync("not a PNG or JPEG");
        await page.GetByTestId("logo-file").SetInputFilesAsync(new FilePayload { Name = "logo.png", MimeType = "image/png", Buffer = TestImages.Png });
        await Expect(page.GetByTestId("logo-preview")).ToBeVisibleAsync();
        string sha = (await EnterpriseAsync())["logo"]!["sha256"]!.GetValue<string>();
        await Expect(page.GetByTestId("brand-logo")).ToHaveAttributeAsync("src", $"/api/v1/enterprise/logo?v={sha}");
        Assert.True(await page.GetByTestId("brand-logo").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"));
        await AdminWebFixture.ScreenshotAsync(page, "enterprise");

        // A new session sees the name and logo at once.
        IPage other = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(other, "admin", fixture.Server.AdminPassword);
        await Expect(other.GetByTestId("brand-name")).ToHaveTextAsync("渡口科技 Ferry Ltd");
        await Expect(other.GetByTestId("brand-logo")).ToHaveAttributeAsync("src", $"/api/v1/enterprise/logo?v={sha}");

        await page.GetByTestId("remove-logo").ClickAsync();
        await Expect(page.GetByTestId("logo-box")).ToContainTextAsync("No logo");
        await Expect(page.GetByTestId("brand-logo")).ToHaveAttributeAsync("src", "favicon.svg");
        Assert.Null((await EnterpriseAsync())["logo"]);
        Assert.Empty(fixture.CspViolations);
        Assert.Empty(fixture.PageErrors);
    }

    [Fact]
    public async Task A_connected_device_is_listed_searched_and_disconnected()
    {
        await fixture.Admin.CreateAccountAsync("mona", "mona-password-1");
        (RawFramedClient client, _) = await RawFramedClient.ConnectAndLoginAsync(
            "127.0.0.1", fixture.Server.FramedPort, fixture.Server.Fingerprint, "mona", "mona-password-1", "mona-pc-1");
        await using (client)
        {
            IPage page = await fixture.NewPageAsync();
            page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
            await page.Locator("[data-nav=online]").ClickAsync();
            ILocator row = page.Locator("tr[data-online=mona]");
            await Expect(row).ToContainTextAsync("mona-pc-1");

            // Searched on the server: only mona's devices.
            await page.GetByTestId("online-search").FillAsync("mon");
            IResponse searched = await page.RunAndWaitForResponseAsync(
                () => page.GetByTestId("online-search").PressAsync("Enter"),
                response => response.Url.Contains("/api/v1/admin/online?", StringComparison.Ordinal) && response.Url.Contains("q=mon", StringComparison.Ordinal));
            Assert.True(searched.Ok);
            await Expect(page.GetByTestId("online-total")).ToHaveTextAsync("Devices online: 1");
            await Expect(page.Locator("tr[data-online]")).ToHaveCountAsync(1);
            await AdminWebFixture.ScreenshotAsync(page, "online");

            await row.Locator("[data-action=disconnect]").ClickAsync();
            await Expect(page.GetByTestId("notice")).ToContainTextAsync("mona disconnected");
            await Expect(page.Locator("tr[data-online=mona]")).ToHaveCountAsync(0);
            await client.Closed.WaitAsync(TimeSpan.FromSeconds(15));
            JsonObject online = (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/online?q=mona"))!;
            Assert.Equal(0, online["total"]!.GetValue<int>());
            Assert.Empty(fixture.PageErrors);
        }
    }

    private async Task<JsonObject> EnterpriseAsync() => (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/enterprise"))!;
}
