using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>The admin page in a real browser: login, accounts, errors, refusal of non-administrators, languages.</summary>
[Collection(AdminWebCollection.Name)]
public sealed class AdminPageTests(AdminWebFixture fixture)
{
    [Fact]
    public async Task Admin_logs_in_and_sees_the_accounts_list()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync("/");
        Assert.EndsWith("/admin/", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in to Ferry");
        await AdminPage.ScreenshotAsync(page, "login");

        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);

        await Expect(page.GetByTestId("me")).ToHaveTextAsync("admin");
        await Expect(page.Locator("tr[data-account=admin]")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-account=admin]")).ToContainTextAsync("Administrator");
        Assert.Empty(fixture.CspViolations);
        Assert.Empty(fixture.PageErrors);
    }

    [Fact]
    public async Task Admin_creates_an_account_which_appears_in_the_list_and_the_api()
    {
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);

        await page.FillAsync("#new-account", "carol");
        await page.FillAsync("#new-displayName", "Carol Chen");
        await page.FillAsync("#new-password", "carol-password-1");
        await page.GetByTestId("create-account").ClickAsync();

        await Expect(page.GetByTestId("notice")).ToContainTextAsync("carol");
        ILocator row = page.Locator("tr[data-account=carol]");
        await Expect(row).ToContainTextAsync("Carol Chen");
        await Expect(row).ToContainTextAsync("Active");
        await Expect(page.Locator("#new-account")).ToHaveValueAsync(string.Empty);
        await AdminPage.ScreenshotAsync(page, "accounts-created");

        JsonObject list = (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/accounts?limit=1000"))!;
        JsonNode carol = list["accounts"]!.AsArray().Single(a => a!["account"]!.GetValue<string>() == "carol")!;
        Assert.Equal("Carol Chen", carol["displayName"]!.GetValue<string>());
        Assert.False(carol["isAdmin"]!.GetValue<bool>());
        Assert.Empty(fixture.CspViolations);
    }

    [Fact]
    public async Task Bad_input_shows_the_api_error_under_its_field()
    {
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);

        // The page shows what the API says, word for word, under the field the API names.
        string accountMessage = await ApiErrorAsync(new JsonObject { ["account"] = "no spaces allowed", ["password"] = "long-enough-password" });
        await page.FillAsync("#new-account", "no spaces allowed");
        await page.FillAsync("#new-password", "long-enough-password");
        await page.GetByTestId("create-account").ClickAsync();
        await Expect(page.Locator("[data-error-for=account]")).ToHaveTextAsync(accountMessage);
        await Expect(page.Locator("#new-account")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[data-error-for=password]")).ToBeHiddenAsync();
        await AdminPage.ScreenshotAsync(page, "accounts-field-error");

        string passwordMessage = await ApiErrorAsync(new JsonObject { ["account"] = "dora", ["password"] = "short" });
        await page.FillAsync("#new-account", "dora");
        await page.FillAsync("#new-password", "short");
        await page.GetByTestId("create-account").ClickAsync();
        await Expect(page.Locator("[data-error-for=password]")).ToHaveTextAsync(passwordMessage);
        await Expect(page.Locator("[data-error-for=account]")).ToBeHiddenAsync();
        Assert.StartsWith("password", passwordMessage, StringComparison.Ordinal);

        await page.FillAsync("#new-account", "admin");
        await page.FillAsync("#new-password", "long-enough-password");
        await page.GetByTestId("create-account").ClickAsync();
        await Expect(page.Locator("[data-error-for=account]")).ToContainTextAsync("already exists");
        await Expect(page.Locator("tr[data-account=dora]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_user_who_is_not_an_administrator_is_refused()
    {
        await fixture.Admin.CreateAccountAsync("erin", "erin-password-1");
        IPage page = await fixture.NewPageAsync();

        await AdminPage.LoginAsync(page, "erin", "erin-password-1");

        await Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("forbidden")).ToContainTextAsync("Forbidden");
        await Expect(page.Locator("tr[data-account]")).ToHaveCountAsync(0);
        await page.Locator("[data-nav=directory]").ClickAsync();
        await Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        await AdminPage.ScreenshotAsync(page, "forbidden");

        using var api = new AdminApi(fixture.Server);
        using HttpResponseMessage login = await api.Http.PostAsync("/api/v1/auth/login", AdminApi.Json(new JsonObject { ["account"] = "erin", ["password"] = "erin-password-1", ["deviceId"] = "test-erin" }));
        login.EnsureSuccessStatusCode();
        string token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/accounts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using HttpResponseMessage refused = await api.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Language_switch_to_chinese_changes_the_labels_and_is_remembered()
    {
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await Expect(page.Locator("[data-nav=accounts]")).ToHaveTextAsync("Accounts");

        await page.GetByTestId("language").SelectOptionAsync("zh");

        await Expect(page.Locator("[data-nav=accounts]")).ToHaveTextAsync("账号");
        await Expect(page.Locator("h1")).ToHaveTextAsync("账号管理");
        await Expect(page.GetByTestId("create-account")).ToHaveTextAsync("创建账号");
        await Expect(page.Locator("tr[data-account=admin]")).ToContainTextAsync("管理员");
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));
        await AdminPage.ScreenshotAsync(page, "accounts-zh");

        await page.ReloadAsync();
        await Expect(page.Locator("[data-nav=accounts]")).ToHaveTextAsync("账号");
        await page.GetByTestId("language").SelectOptionAsync("en");
        await Expect(page.Locator("[data-nav=accounts]")).ToHaveTextAsync("Accounts");
    }

    [Fact]
    public async Task The_browser_language_picks_the_default_and_logout_returns_to_login()
    {
        IPage page = await fixture.NewPageAsync(locale: "zh-CN");
        await page.GotoAsync("/admin/");
        await Expect(page.Locator("h1")).ToHaveTextAsync("登录 Ferry");

        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.GetByTestId("logout").ClickAsync();

        await Expect(page.Locator("#login-account")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('ferry.admin.session')"));
    }

    [Fact]
    public async Task A_wrong_password_is_reported_on_the_login_form()
    {
        IPage page = await fixture.NewPageAsync();
        await page.GotoAsync("/admin/");
        await page.FillAsync("#login-account", "admin");
        await page.FillAsync("#login-password", "not-the-password");
        await page.Locator("form button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("Wrong account or password.");
    }

    private async Task<string> ApiErrorAsync(JsonObject body)
    {
        using HttpResponseMessage response = await fixture.Admin.Http.PostAsync("/api/v1/admin/accounts", AdminApi.Json(body));
        Assert.False(response.IsSuccessStatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["message"]!.GetValue<string>();
    }
}

/// <summary>Steps every page test takes.</summary>
internal static class AdminPage
{
    public static async Task LoginAsync(IPage page, string account, string password)
    {
        if (!page.Url.Contains("/admin/", StringComparison.Ordinal))
        {
            await page.GotoAsync("/admin/");
        }

        await page.FillAsync("#login-account", account);
        await page.FillAsync("#login-password", password);
        await page.Locator("form button[type=submit]").ClickAsync();
        await Expect(page.GetByTestId("me")).ToHaveTextAsync(account);
    }

    public static Task ScreenshotAsync(IPage page, string name) => AdminWebFixture.ScreenshotAsync(page, name);
}
