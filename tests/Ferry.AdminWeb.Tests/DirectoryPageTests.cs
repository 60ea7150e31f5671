using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>The directory page: a lazily loaded tree, department create/rename/move, account freeze/restore.</summary>
[Collection(AdminWebCollection.Name)]
public sealed class DirectoryPageTests(AdminWebFixture fixture)
{
    private const string Departments = "/api/v1/admin/directory/departments";

    [Fact]
    public async Task Tree_loads_children_only_on_expand_and_departments_are_created_renamed_and_moved()
    {
        long research = await CreateDepartmentAsync("Research", 0);
        long lab = await CreateDepartmentAsync("Lab", research);
        long frank = await fixture.Admin.CreateAccountAsync("frank", "frank-password-1");
        await SetPrimaryDepartmentAsync(frank, lab);

        IPage page = await fixture.NewPageAsync();
        var childRequests = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("departments?parent=", StringComparison.Ordinal))
            {
                childRequests.Add(request.Url);
            }
        };
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.Locator("[data-nav=directory]").ClickAsync();

        ILocator researchItem = page.Locator("li[data-department=Research]");
        await Expect(researchItem).ToBeVisibleAsync();
        await Expect(page.Locator("li[data-department=Lab]")).ToHaveCountAsync(0);
        Assert.Empty(childRequests);

        // Expanding fetches that department's children, and only them.
        IRequest expanded = await page.RunAndWaitForRequestAsync(
            () => researchItem.Locator(".twisty").First.ClickAsync(),
            request => request.Url.EndsWith($"departments?parent={research}", StringComparison.Ordinal));
        Assert.NotNull(expanded);
        await Expect(page.Locator("li[data-department=Lab]")).ToBeVisibleAsync();

        // Selecting a department pages its members; freeze and restore go through the API.
        await page.Locator("li[data-department=Lab] .node-name").ClickAsync();
        await Expect(page.GetByTestId("department-name")).ToHaveTextAsync("Lab");
        ILocator frankRow = page.Locator("tr[data-account=frank]");
        await frankRow.Locator("[data-action=freeze]").ClickAsync();
        await Expect(frankRow).ToContainTextAsync("Frozen");
        Assert.Equal("frozen", await AccountStateAsync(frank));
        await frankRow.Locator("[data-action=restore]").ClickAsync();
        await Expect(frankRow).ToContainTextAsync("Active");
        Assert.Equal("active", await AccountStateAsync(frank));

        // Create a top-level department from the form, then drag it into Research.
        await page.GetByTestId("new-top").Locator("input").FillAsync("Marketing");
        await page.GetByTestId("new-top").Locator("button").ClickAsync();
        await Expect(page.GetByTestId("department-name")).ToHaveTextAsync("Marketing");
        await Expect(page.Locator("ul.tree > li[data-department=Marketing]")).ToBeVisibleAsync();
        await page.Locator("li[data-department=Marketing] > .node").DragToAsync(page.Locator("li[data-department=Research] > .node"));
        await Expect(page.Locator("li[data-department=Research] li[data-department=Marketing]")).ToBeVisibleAsync();
        long marketing = (await ChildrenAsync(research)).Single(d => d!["name"]!.GetValue<string>() == "Marketing")!["id"]!.GetValue<long>();

        // Rename it; an empty name shows the API's error under the field.
        await page.GetByTestId("rename").Locator("input").FillAsync(string.Empty);
        await page.GetByTestId("rename").Locator("button").ClickAsync();
        await Expect(page.GetByTestId("rename").Locator("[data-error-for=name]")).ToContainTextAsync("name");
        await page.GetByTestId("rename").Locator("input").FillAsync("Growth");
        await page.GetByTestId("rename").Locator("button").ClickAsync();
        await Expect(page.Locator("li[data-department=Research] li[data-department=Growth]")).ToBeVisibleAsync();
        Assert.Contains(await ChildrenAsync(research), d => d!["id"]!.GetValue<long>() == marketing && d["name"]!.GetValue<string>() == "Growth");

        // Reorder with the buttons: Growth (last) moves above Lab.
        await page.Locator("[data-action=up]").ClickAsync();
        await Expect(page.Locator("li[data-department=Research] li").First).ToHaveAttributeAsync("data-department", "Growth");
        Assert.Equal(["Growth", "Lab"], (await ChildrenAsync(research)).Select(d => d!["name"]!.GetValue<string>()));
        await AdminWebFixture.ScreenshotAsync(page, "directory");
        Assert.Empty(fixture.CspViolations);
        Assert.Empty(fixture.PageErrors);
    }

    private Task<long> CreateDepartmentAsync(string name, long parentId) => fixture.Admin.CreateDepartmentAsync(name, parentId);

    private async Task SetPrimaryDepartmentAsync(long account, long department)
    {
        var body = new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = department, ["primary"] = true }) };
        using HttpResponseMessage response = await fixture.Admin.Http.PutAsync($"/api/v1/admin/directory/accounts/{account}/memberships", AdminApi.Json(body));
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> AccountStateAsync(long account)
    {
        JsonObject body = (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>($"/api/v1/admin/directory/accounts/{account}"))!;
        return body["state"]!.GetValue<string>();
    }

    private async Task<JsonArray> ChildrenAsync(long parent)
    {
        JsonObject body = (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>($"{Departments}?parent={parent}"))!;
        return body["departments"]!.AsArray();
    }
}
