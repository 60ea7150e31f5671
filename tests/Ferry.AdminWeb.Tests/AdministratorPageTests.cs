using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>
/// Administrators: the super administrator makes a department administrator with a scope chosen from the tree; that
/// administrator then signs in, sees only what its grant allows, and is refused by the server outside its scope.
/// </summary>
[Collection(AdminWebCollection.Name)]
public sealed class AdministratorPageTests(AdminWebFixture fixture)
{
    [Fact]
    public async Task A_department_administrator_is_created_with_a_scope_and_is_refused_outside_it()
    {
        long ops = await fixture.Admin.DepartmentAsync("Ops");
        long opsTeam = await fixture.Admin.DepartmentAsync("Ops Team", ops);
        long finance = await fixture.Admin.DepartmentAsync("Finance");
        long ivan = await fixture.Admin.CreateAccountAsync("ivan", "ivan-password-1");
        long olga = await fixture.Admin.CreateAccountAsync("olga", "olga-password-1");
        long judy = await fixture.Admin.CreateAccountAsync("judy", "judy-password-1");
        await fixture.Admin.MemberOfAsync(ivan, ops);
        await fixture.Admin.MemberOfAsync(olga, opsTeam);
        await fixture.Admin.MemberOfAsync(judy, finance);

        // The super administrator: from ivan's page to the administrator form, scope Ops picked from the tree.
        IPage admin = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(admin, "admin", fixture.Server.AdminPassword);
        await admin.GotoAsync($"/admin/#/account/{ivan}");
        await admin.GetByTestId("make-admin").ClickAsync();
        ILocator form = admin.GetByTestId("admin-form");
        await Expect(form.Locator("input[name=accountId]")).ToHaveValueAsync(ivan.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // Without a scope the server refuses, and says so under the scope.
        await admin.GetByTestId("save-admin").ClickAsync();
        await Expect(form.Locator("[data-error-for=departmentIds]")).ToContainTextAsync("departmentIds: is required");

        await form.Locator("input[value=manageDepartments]").CheckAsync();
        await admin.GetByTestId("add-scope").ClickAsync();
        await admin.GetByTestId("add-scope-tree").Locator("li[data-department=Ops] > .node .node-name").ClickAsync();
        await Expect(admin.GetByTestId("scope-departments")).ToContainTextAsync("Ops");
        await admin.GetByTestId("save-admin").ClickAsync();
        ILocator row = admin.Locator("tr[data-admin=ivan]");
        await Expect(row).ToContainTextAsync("Department administrator");
        await Expect(row.GetByTestId("scope")).ToHaveTextAsync("Ops");
        await Expect(row).ToContainTextAsync("Manage accounts, Manage departments");
        await AdminWebFixture.ScreenshotAsync(admin, "administrators");

        JsonObject list = (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/administrators"))!;
        JsonNode grant = list["administrators"]!.AsArray().Single(a => a!["accountId"]!.GetValue<long>() == ivan)!;
        Assert.Equal("department", grant["role"]!.GetValue<string>());
        Assert.Equal([ops], grant["departmentIds"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal(["manageAccounts", "manageDepartments"], grant["permissions"]!.AsArray().Select(p => p!.GetValue<string>()));

        // ivan signs in: company-wide pages are not offered; the tree starts at Ops; the list shows only its people.
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "ivan", "ivan-password-1");
        await Expect(page.GetByTestId("my-role")).ToHaveTextAsync("Department administrator");
        await Expect(page.Locator("[data-nav=administrators]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-nav=online]")).ToBeVisibleAsync(); // it manages accounts: their devices, in scope
        foreach (string hidden in new[] { "import", "ldap", "enterprise" })
        {
            await Expect(page.Locator($"[data-nav={hidden}]")).ToHaveCountAsync(0);
        }

        await Expect(page.GetByTestId("create-form")).ToBeHiddenAsync();
        await Expect(page.Locator("tr[data-account=olga]")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-account=judy]")).ToHaveCountAsync(0);
        await page.Locator("[data-nav=directory]").ClickAsync();
        await Expect(page.Locator("ul.tree > li[data-department=Ops]")).ToBeVisibleAsync();
        await Expect(page.Locator("li[data-department=Finance]")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("new-top")).ToHaveCountAsync(0);
        await AdminWebFixture.ScreenshotAsync(page, "department-admin-directory");

        // Inside its scope it edits; outside it, a request forced by address gets the server's refusal.
        await page.GotoAsync($"/admin/#/account/{olga}");
        await page.GetByTestId("profile-form").Locator("input[name=title]").FillAsync("Operator");
        await page.GetByTestId("save-profile").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("olga");
        Assert.Equal("Operator", (await fixture.Admin.AccountAsync(olga))["title"]!.GetValue<string>());

        await page.GotoAsync($"/admin/#/account/{judy}");
        await Expect(page.GetByTestId("forbidden")).ToContainTextAsync($"account {judy} is outside your departments");
        await AdminWebFixture.ScreenshotAsync(page, "department-admin-refused-account");
        await page.GotoAsync("/admin/#/ldap");
        await Expect(page.GetByTestId("forbidden")).ToContainTextAsync("company-wide administrator");
        await page.GotoAsync("/admin/#/enterprise");
        await Expect(page.GetByTestId("forbidden")).ToContainTextAsync("company-wide administrator");
        await page.GotoAsync("/admin/#/import");
        await page.GetByTestId("import-file").SetInputFilesAsync(new FilePayload { Name = "x.csv", MimeType = "text/csv", Buffer = "account\r\nzed\r\n"u8.ToArray() });
        await page.GetByTestId("dry-run").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToHaveClassAsync("notice error");
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("administrators");
        await AdminWebFixture.ScreenshotAsync(page, "department-admin-refused-import");
        Assert.DoesNotContain("zed", await fixture.Admin.AccountNamesAsync());

        // The super administrator widens ivan's scope to Finance, then revokes the grant: ivan's next call is refused.
        admin.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await admin.GotoAsync("/admin/#/administrators");
        await admin.Locator("tr[data-admin=ivan] [data-action=edit-admin]").ClickAsync();
        await Expect(form.Locator("h2")).ToHaveTextAsync("Change administrator ivan");
        await admin.GetByTestId("add-scope").ClickAsync();
        await admin.GetByTestId("add-scope-tree").Locator("li[data-department=Finance] > .node .node-name").ClickAsync();
        await admin.GetByTestId("save-admin").ClickAsync();
        await Expect(admin.GetByTestId("notice")).ToHaveTextAsync("Administrator ivan changed.");
        await Expect(row.GetByTestId("scope")).ToHaveTextAsync("Ops, Finance");
        JsonObject widened = (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/administrators"))!;
        Assert.Equal(
            new[] { ops, finance }.Order(),
            widened["administrators"]!.AsArray().Single(a => a!["accountId"]!.GetValue<long>() == ivan)!["departmentIds"]!.AsArray().Select(d => d!.GetValue<long>()).Order());

        await row.Locator("[data-action=revoke]").ClickAsync();
        await Expect(admin.GetByTestId("notice")).ToHaveTextAsync("Administrator rights of ivan revoked.");
        await Expect(row).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/#/accounts");
        await Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        Assert.Empty(fixture.PageErrors);
    }
}
