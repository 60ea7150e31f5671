using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Ferry.AdminWeb.Tests;

/// <summary>
/// Issue 3 §8 and §3 on the page: account search on the server (pinyin initials, a department administrator's scope,
/// picking an administrator by name) and the visibility rules of accounts and departments, round-tripped through the API.
/// </summary>
[Collection(AdminWebCollection.Name)]
public sealed class SearchAndVisibilityPageTests(AdminWebFixture fixture)
{
    private const string Rules = "/api/v1/admin/directory/visibility";

    [Fact]
    public async Task Pinyin_initials_find_a_chinese_name_which_opens_and_can_be_made_an_administrator()
    {
        long dept = await fixture.Admin.DepartmentAsync("SvSearch");
        long wang = await fixture.Admin.CreateAccountAsync("svwang", "svwang-password-1");
        await fixture.Admin.MemberOfAsync(wang, dept);
        await PatchAsync($"/api/v1/admin/directory/accounts/{wang}", new JsonObject { ["displayName"] = "王小明", ["title"] = "Engineer" });

        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.GetByTestId("account-search").FillAsync("wxm");
        ILocator hit = page.GetByTestId("account-search-results").Locator("[data-hit=svwang]");
        await Expect(hit).ToContainTextAsync("王小明");
        await Expect(hit).ToContainTextAsync("SvSearch · Engineer");
        await AdminWebFixture.ScreenshotAsync(page, "search-initials");
        await hit.ClickAsync();
        await Expect(page.GetByTestId("profile-account")).ToHaveTextAsync("svwang");
        Assert.EndsWith($"#/account/{wang}", page.Url, StringComparison.Ordinal);

        // Nothing found says so.
        await page.GotoAsync("/admin/#/accounts");
        await page.GetByTestId("account-search").FillAsync("qqqqzzzz");
        await Expect(page.GetByTestId("account-search-status")).ToHaveTextAsync("No matching accounts.");

        // The administrators form picks the account by name: its id goes into the form.
        await page.GotoAsync("/admin/#/administrators");
        ILocator form = page.GetByTestId("admin-form");
        await form.GetByTestId("admin-account-search").FillAsync("王小");
        await form.GetByTestId("admin-account-search-results").Locator("[data-hit=svwang]").ClickAsync();
        await Expect(form.Locator("input[name=accountId]")).ToHaveValueAsync(wang.ToString(CultureInfo.InvariantCulture));
        await Expect(form.GetByTestId("admin-chosen")).ToHaveTextAsync("Chosen: 王小明 (svwang)");
        await form.Locator("select[name=role]").SelectOptionAsync("enterprise");
        await page.GetByTestId("save-admin").ClickAsync();
        await Expect(page.Locator("tr[data-admin=svwang]")).ToContainTextAsync("Enterprise administrator");
        await AdminWebFixture.ScreenshotAsync(page, "search-pick-administrator");
        JsonObject list = (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>("/api/v1/admin/administrators"))!;
        Assert.Equal("enterprise", list["administrators"]!.AsArray().Single(a => a!["accountId"]!.GetValue<long>() == wang)!["role"]!.GetValue<string>());
        using (HttpResponseMessage revoked = await fixture.Admin.Http.DeleteAsync($"/api/v1/admin/administrators/{wang}"))
        {
            Assert.True(revoked.IsSuccessStatusCode);
        }

        Assert.Empty(fixture.CspViolations);
        Assert.Empty(fixture.PageErrors);
    }

    [Fact]
    public async Task A_department_administrator_finds_only_accounts_in_its_departments()
    {
        long inside = await fixture.Admin.DepartmentAsync("SvInside");
        long outside = await fixture.Admin.DepartmentAsync("SvOutside");
        long manager = await fixture.Admin.CreateAccountAsync("svmgr", "svmgr-password-1");
        long li = await fixture.Admin.CreateAccountAsync("svli", "svli-password-1");
        long lu = await fixture.Admin.CreateAccountAsync("svlu", "svlu-password-1");
        long frozen = await fixture.Admin.CreateAccountAsync("svlf", "svlf-password-1");
        await fixture.Admin.MemberOfAsync(manager, inside);
        await fixture.Admin.MemberOfAsync(li, inside);
        await fixture.Admin.MemberOfAsync(frozen, inside);
        await fixture.Admin.MemberOfAsync(lu, outside);
        await PatchAsync($"/api/v1/admin/directory/accounts/{li}", new JsonObject { ["displayName"] = "李四海" });
        await PatchAsync($"/api/v1/admin/directory/accounts/{frozen}", new JsonObject { ["displayName"] = "李思海" });
        await PatchAsync($"/api/v1/admin/directory/accounts/{lu}", new JsonObject { ["displayName"] = "陆世豪" });
        using (HttpResponseMessage frozeIt = await fixture.Admin.Http.PostAsync($"/api/v1/admin/directory/accounts/{frozen}/freeze", null))
        {
            Assert.True(frozeIt.IsSuccessStatusCode);
        }

        using (HttpResponseMessage granted = await fixture.Admin.Http.PostAsync("/api/v1/admin/administrators", AdminApi.Json(new JsonObject
        {
            ["accountId"] = manager,
            ["role"] = "department",
            ["departmentIds"] = new JsonArray(inside),
            ["permissions"] = new JsonArray("manageAccounts"),
        })))
        {
            Assert.True(granted.IsSuccessStatusCode, await granted.Content.ReadAsStringAsync());
        }

        // "lsh" matches all three; the super administrator sees them all.
        IPage admin = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(admin, "admin", fixture.Server.AdminPassword);
        await admin.GetByTestId("account-search").FillAsync("lsh");
        ILocator all = admin.GetByTestId("account-search-results");
        await Expect(all.Locator("[data-hit]")).ToHaveCountAsync(3);

        // The department administrator: only SvInside's two, the frozen one flagged so it can be restored.
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "svmgr", "svmgr-password-1");
        await page.GetByTestId("account-search").FillAsync("lsh");
        ILocator results = page.GetByTestId("account-search-results");
        await Expect(results.Locator("[data-hit]")).ToHaveCountAsync(2);
        await Expect(results.Locator("[data-hit=svli]")).ToContainTextAsync("李四海");
        await Expect(results.Locator("[data-hit=svlf]")).ToContainTextAsync("Frozen");
        await Expect(results.Locator("[data-hit=svlu]")).ToHaveCountAsync(0);
        await AdminWebFixture.ScreenshotAsync(page, "search-department-administrator");

        // Searching the outside account by its own account name finds nothing either.
        await page.GetByTestId("account-search").FillAsync("svlu");
        await Expect(page.GetByTestId("account-search-status")).ToHaveTextAsync("No matching accounts.");
        await Expect(results.Locator("[data-hit]")).ToHaveCountAsync(0);
        Assert.Empty(fixture.PageErrors);
    }

    [Fact]
    public async Task Visibility_of_an_account_and_a_department_round_trips_through_the_api()
    {
        long visA = await fixture.Admin.DepartmentAsync("SvVisA");
        long visB = await fixture.Admin.DepartmentAsync("SvVisB");
        long visC = await fixture.Admin.DepartmentAsync("SvVisC");
        long boss = await fixture.Admin.CreateAccountAsync("svboss", "svboss-password-1");
        await fixture.Admin.MemberOfAsync(boss, visA);

        // The account: hidden, contact fields hidden.
        IPage page = await fixture.NewPageAsync();
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await page.GotoAsync($"/admin/#/account/{boss}");
        ILocator account = page.GetByTestId("account-visibility");
        await Expect(account.Locator("input[name=hidden]")).Not.ToBeCheckedAsync();
        await account.Locator("input[name=hidden]").CheckAsync();
        await account.Locator("input[name=contactsHidden]").CheckAsync();
        await page.GetByTestId("save-account-visibility").ClickAsync();
        await Expect(account.GetByTestId("visibility-notice")).ToHaveTextAsync("Visibility of svboss saved.");
        await AdminWebFixture.ScreenshotAsync(page, "visibility-account");
        JsonObject accountRule = await GetAsync($"{Rules}/accounts/{boss}");
        Assert.Equal((true, false, true), (accountRule["hidden"]!.GetValue<bool>(), accountRule["noDirectory"]!.GetValue<bool>(), accountRule["contactsHidden"]!.GetValue<bool>()));
        await page.ReloadAsync();
        await Expect(page.GetByTestId("account-visibility").Locator("input[name=hidden]")).ToBeCheckedAsync();
        await Expect(page.GetByTestId("account-visibility").Locator("input[name=noDirectory]")).Not.ToBeCheckedAsync();

        // The department: members may see only chosen departments, picked from the tree.
        await page.GotoAsync("/admin/#/directory");
        await page.Locator(".tree-panel li[data-department=SvVisA] > .node").ClickAsync();
        await Expect(page.GetByTestId("department-name")).ToHaveTextAsync("SvVisA");
        ILocator department = page.GetByTestId("department-visibility");
        await Expect(department.GetByTestId("visible-departments")).ToBeHiddenAsync();
        await department.GetByTestId("visibility-restrict").CheckAsync();
        await Expect(department.GetByTestId("visible-departments")).ToContainTextAsync("None chosen");
        await department.GetByTestId("add-visible-department").ClickAsync();
        ILocator picker = department.GetByTestId("add-visible-department-tree");
        await picker.Locator("li[data-department=SvVisB] > .node .node-name").ClickAsync();
        await picker.Locator("li[data-department=SvVisC] > .node .node-name").ClickAsync();
        await Expect(department.GetByTestId("visible-departments")).ToContainTextAsync("SvVisB");
        await Expect(department.GetByTestId("visible-departments")).ToContainTextAsync("SvVisC");
        await department.Locator("input[name=noDirectory]").CheckAsync();

        // SvVisC disappears meanwhile: the server names the bad entry, shown under the list; nothing was written.
        using (HttpResponseMessage deleted = await fixture.Admin.Http.DeleteAsync($"/api/v1/admin/directory/departments/{visC}"))
        {
            Assert.True(deleted.IsSuccessStatusCode);
        }

        await page.GetByTestId("save-department-visibility").ClickAsync();
        ILocator listError = department.Locator("[data-error-for=visibleDepartments]");
        await Expect(listError).ToContainTextAsync("visibleDepartments[1]: no department");
        await AdminWebFixture.ScreenshotAsync(page, "visibility-department-error");
        Assert.Null((await GetAsync($"{Rules}/departments/{visA}"))["visibleDepartments"]);

        await department.Locator(".chip[data-department=SvVisC] .chip-remove").ClickAsync();
        await page.GetByTestId("save-department-visibility").ClickAsync();
        await Expect(department.GetByTestId("visibility-notice")).ToHaveTextAsync("Visibility of SvVisA saved.");
        await Expect(listError).ToBeHiddenAsync();
        JsonObject rule = await GetAsync($"{Rules}/departments/{visA}");
        Assert.Equal([visB], rule["visibleDepartments"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal((false, true, false), (rule["hidden"]!.GetValue<bool>(), rule["noDirectory"]!.GetValue<bool>(), rule["contactsHidden"]!.GetValue<bool>()));

        // Read back by the page: the chosen department by name.
        await page.ReloadAsync();
        await page.Locator(".tree-panel li[data-department=SvVisA] > .node").ClickAsync();
        await Expect(department.GetByTestId("visibility-restrict")).ToBeCheckedAsync();
        await Expect(department.GetByTestId("visible-departments").Locator(".chip")).ToHaveTextAsync("SvVisB×");
        await AdminWebFixture.ScreenshotAsync(page, "visibility-department");

        // Lifting the restriction sends null.
        await department.GetByTestId("visibility-restrict").UncheckAsync();
        await page.GetByTestId("save-department-visibility").ClickAsync();
        await Expect(department.GetByTestId("visibility-notice")).ToHaveTextAsync("Visibility of SvVisA saved.");
        Assert.Null((await GetAsync($"{Rules}/departments/{visA}"))["visibleDepartments"]);
        Assert.Empty(fixture.CspViolations);
        Assert.Empty(fixture.PageErrors);
    }

    [Fact]
    public async Task Search_and_visibility_render_in_chinese()
    {
        long dept = await fixture.Admin.DepartmentAsync("SvZh");
        long zhao = await fixture.Admin.CreateAccountAsync("svzhao", "svzhao-password-1");
        await fixture.Admin.MemberOfAsync(zhao, dept);
        await PatchAsync($"/api/v1/admin/directory/accounts/{zhao}", new JsonObject { ["displayName"] = "赵六一" });

        IPage page = await fixture.NewPageAsync(locale: "zh-CN");
        await AdminPage.LoginAsync(page, "admin", fixture.Server.AdminPassword);
        await Expect(page.Locator("#search-title")).ToHaveTextAsync("查找账号");
        await page.GetByTestId("account-search").FillAsync("zly");
        await Expect(page.GetByTestId("account-search-results").Locator("[data-hit=svzhao]")).ToContainTextAsync("赵六一");
        await AdminWebFixture.ScreenshotAsync(page, "search-zh");
        await page.GetByTestId("account-search-results").Locator("[data-hit=svzhao]").ClickAsync();

        ILocator account = page.GetByTestId("account-visibility");
        await Expect(account.Locator("h2")).ToHaveTextAsync("可见性");
        await Expect(account.Locator("label[for=visibility-hidden]")).ToHaveTextAsync("隐藏");
        await Expect(account.Locator("label[for=visibility-noDirectory]")).ToHaveTextAsync("禁止查看通讯录");
        await Expect(page.GetByTestId("save-account-visibility")).ToHaveTextAsync("保存");
        await AdminWebFixture.ScreenshotAsync(page, "visibility-account-zh");

        await page.Locator("[data-nav=directory]").ClickAsync();
        await page.Locator(".tree-panel li[data-department=SvZh] > .node").ClickAsync();
        ILocator department = page.GetByTestId("department-visibility");
        await Expect(department.Locator("label[for=visibility-restrict]")).ToHaveTextAsync("成员只能查看指定部门");
        await Expect(department.Locator("label[for=visibility-contactsHidden]")).ToHaveTextAsync("隐藏联系方式");
        await AdminWebFixture.ScreenshotAsync(page, "visibility-department-zh");

        await page.Locator("[data-nav=administrators]").ClickAsync();
        await Expect(page.GetByTestId("admin-account-search")).ToHaveAttributeAsync("aria-label", "按姓名查找账号");
        Assert.Empty(fixture.PageErrors);
    }

    private async Task PatchAsync(string path, JsonObject body)
    {
        using HttpResponseMessage response = await fixture.Admin.Http.PatchAsync(path, AdminApi.Json(body));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject> GetAsync(string path) => (await fixture.Admin.Http.GetFromJsonAsync<JsonObject>(path))!;
}
