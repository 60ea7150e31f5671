using System.Text.Json.Nodes;
using Ferry.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>The account page: profile fields and extended attributes, department memberships, the server's per-field errors.</summary>
[Collection(AdminWebCollection.Name)]
public sealed class ProfilePageTests(AdminWebFixture fixture)
{
    [Fact]
    public async Task Profile_edit_shows_the_server_field_error_then_saves_the_fixed_profile()
    {
        using (HttpResponseMessage defined = await fixture.Admin.Http.PutAsync("/api/v1/admin/directory/attributes/office", AdminApi.Json(new JsonObject { ["label"] = "Office", ["userEditable"] = false })))
        {
            defined.EnsureSuccessStatusCode();
        }

        long gina = await fixture.Admin.CreateAccountAsync("gina", "gina-password-1");
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);

        // From the accounts list to the account's page.
        await page.Locator("tr[data-account=gina] [data-action=edit]").ClickAsync();
        await Expect(page.GetByTestId("profile-account")).ToHaveTextAsync("gina");
        ILocator form = page.GetByTestId("profile-form");
        await form.Locator("input[name=title]").FillAsync("Engineer");
        await form.Locator("input[name=email]").FillAsync("not-an-email");
        await form.Locator("input[name='attributes.office']").FillAsync("Room 101");
        await form.Locator("select[name=gender]").SelectOptionAsync("female");
        await page.GetByTestId("save-profile").ClickAsync();

        // The server's words, under the field it names; nothing was saved.
        ILocator emailError = form.Locator("[data-error-for=email]");
        await Expect(emailError).ToHaveTextAsync("email: must be an address like name@example.com");
        await Expect(form.Locator("input[name=email]")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.Locator("[data-error-for=title]")).ToBeHiddenAsync();
        await AdminPage.ScreenshotAsync(page, "profile-field-error");
        Assert.Equal(string.Empty, (await fixture.Admin.AccountAsync(gina))["title"]!.GetValue<string>());

        await form.Locator("input[name=email]").FillAsync("gina@example.com");
        await page.GetByTestId("save-profile").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("gina");
        await Expect(emailError).ToBeHiddenAsync();
        JsonObject saved = await fixture.Admin.AccountAsync(gina);
        Assert.Equal("gina@example.com", saved["email"]!.GetValue<string>());
        Assert.Equal("Engineer", saved["title"]!.GetValue<string>());
        Assert.Equal("female", saved["gender"]!.GetValue<string>());
        Assert.Equal("Room 101", saved["attributes"]!["office"]!.GetValue<string>());
        await AdminPage.ScreenshotAsync(page, "profile-saved");
        Assert.Empty(fixture.CspViolations);
        Assert.Empty(fixture.PageErrors);
    }

    [Fact]
    public async Task Memberships_are_edited_with_a_primary_department_and_a_title_in_each()
    {
        long sales = await fixture.Admin.DepartmentAsync("Sales");
        long east = await fixture.Admin.DepartmentAsync("East", sales);
        long hank = await fixture.Admin.CreateAccountAsync("hank", "hank-password-1");
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.GotoAsync($"/admin/#/account/{hank}");
        await Expect(page.GetByTestId("profile-account")).ToHaveTextAsync("hank");
        await Expect(page.GetByTestId("memberships")).ToContainTextAsync("In no department.");

        // Pick both departments from the lazy tree: Sales, then East below it.
        await page.GetByTestId("add-membership").ClickAsync();
        ILocator picker = page.GetByTestId("add-membership-tree");
        await picker.Locator("li[data-department=Sales] > .node .node-name").ClickAsync();
        await picker.Locator("li[data-department=Sales] > .node .twisty").ClickAsync();
        await picker.Locator("li[data-department=East] > .node .node-name").ClickAsync();
        ILocator salesRow = page.Locator(".membership[data-membership=Sales]");
        ILocator eastRow = page.Locator(".membership[data-membership=East]");
        await Expect(eastRow).ToBeVisibleAsync();
        await Expect(salesRow.Locator("[data-action=primary]")).ToBeCheckedAsync();

        // East becomes primary with a title; a title too long in Sales is refused, shown on its row.
        await eastRow.Locator("[data-action=primary]").CheckAsync();
        await eastRow.Locator("input[name=title]").FillAsync("Manager");
        await salesRow.Locator("input[name=title]").FillAsync(new string('x', 101));
        await page.GetByTestId("save-memberships").ClickAsync();
        await Expect(salesRow.Locator("[data-error-for='memberships[0].title']")).ToHaveTextAsync("memberships[0].title: must be at most 100 characters");
        Assert.Empty((await fixture.Admin.AccountAsync(hank))["memberships"]!.AsArray());
        await AdminPage.ScreenshotAsync(page, "memberships-error");

        await salesRow.Locator("input[name=title]").FillAsync("Advisor");
        await page.GetByTestId("save-memberships").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToContainTextAsync("Departments of hank saved.");
        await Expect(salesRow.Locator("[data-error-for='memberships[0].title']")).ToBeHiddenAsync();
        JsonArray memberships = (await fixture.Admin.AccountAsync(hank))["memberships"]!.AsArray();
        Assert.Equal(2, memberships.Count);
        JsonNode eastMembership = memberships.Single(m => m!["departmentId"]!.GetValue<long>() == east)!;
        JsonNode salesMembership = memberships.Single(m => m!["departmentId"]!.GetValue<long>() == sales)!;
        Assert.True(eastMembership["primary"]!.GetValue<bool>());
        Assert.Equal("Manager", eastMembership["title"]!.GetValue<string>());
        Assert.False(salesMembership["primary"]!.GetValue<bool>());
        Assert.Equal("Advisor", salesMembership["title"]!.GetValue<string>());
        await AdminPage.ScreenshotAsync(page, "memberships-saved");

        // Removing one keeps the other, now the only (and so primary) department.
        await salesRow.Locator("[data-action=remove-membership]").ClickAsync();
        await Expect(salesRow).ToHaveCountAsync(0);
        await page.GetByTestId("save-memberships").ClickAsync();
        await Expect(page.GetByTestId("notice")).ToBeVisibleAsync();
        JsonArray left = (await fixture.Admin.AccountAsync(hank))["memberships"]!.AsArray();
        Assert.Equal(east, Assert.Single(left)!["departmentId"]!.GetValue<long>());
        Assert.Empty(fixture.PageErrors);
    }
}
