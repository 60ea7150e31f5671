using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>Issue 3 §2 over REST on a real ferryd: a department administrator logs in, acts inside its subtree, is refused outside it.</summary>
public sealed class AdminScopeApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Directory = "/api/v1/admin/directory";
    private const string Administrators = "/api/v1/admin/administrators";

    private AdminApi Api => shared.Users.Admin;

    [Fact]
    public async Task A_department_administrator_acts_inside_its_subtree_only()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        long company = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "Co " + tag }, HttpStatusCode.Created));
        long sales = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "Sales", ["parentId"] = company }, HttpStatusCode.Created));
        long eng = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "Eng", ["parentId"] = company }, HttpStatusCode.Created));
        long manager = await Api.CreateAccountAsync("mgr" + tag, "manager-password-1");
        long rep = await Api.CreateAccountAsync("rep" + tag, "rep-password-1");
        long dev = await Api.CreateAccountAsync("dev" + tag, "dev-password-1");
        await PlaceAsync(manager, sales);
        await PlaceAsync(rep, sales);
        await PlaceAsync(dev, eng);

        JsonObject grant = await SendAsync(Api.Http, HttpMethod.Post, Administrators, new JsonObject
        {
            ["accountId"] = manager,
            ["role"] = "department",
            ["departmentIds"] = new JsonArray(sales),
            ["permissions"] = new JsonArray("manageAccounts"),
        }, HttpStatusCode.Created);
        Assert.Equal("department", grant["role"]!.GetValue<string>());

        using HttpClient mgr = await LoginAsync("mgr" + tag, "manager-password-1");
        JsonObject me = await SendAsync(mgr, HttpMethod.Get, Administrators + "/me", null, HttpStatusCode.OK);
        Assert.Equal([sales], me["departments"]!.AsArray().Select(d => d!["id"]!.GetValue<long>()));

        // Inside: read the department, edit a member. Outside or without permission: 403.
        await SendAsync(mgr, HttpMethod.Get, $"{Directory}/departments/{sales}/members", null, HttpStatusCode.OK);
        await SendAsync(mgr, HttpMethod.Patch, $"{Directory}/accounts/{rep}", new JsonObject { ["title"] = "Rep" }, HttpStatusCode.OK);
        await SendAsync(mgr, HttpMethod.Get, $"{Directory}/accounts/{dev}", null, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Get, $"{Directory}/departments/{eng}/members", null, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "Sub", ["parentId"] = sales }, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Put, $"{Directory}/accounts/{rep}/memberships", new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = eng }) }, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Get, Directory + "/settings", null, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Post, "/api/v1/admin/accounts", new JsonObject { ["account"] = "x" + tag, ["password"] = "x-password-12" }, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Post, "/api/v1/admin/accounts", new JsonObject { ["account"] = "x" + tag, ["password"] = "x-password-12", ["departmentId"] = eng }, HttpStatusCode.Forbidden);

        // A department administrator creates accounts inside its scope: they start as members of that department.
        JsonObject hired = await SendAsync(mgr, HttpMethod.Post, "/api/v1/admin/accounts", new JsonObject { ["account"] = "hire" + tag, ["password"] = "hire-password-1", ["departmentId"] = sales }, HttpStatusCode.Created);
        long hire = hired["id"]!.GetValue<long>();
        JsonObject hireProfile = await SendAsync(mgr, HttpMethod.Get, $"{Directory}/accounts/{hire}", null, HttpStatusCode.OK);
        Assert.Equal(sales, hireProfile["memberships"]!.AsArray().Single()!["departmentId"]!.GetValue<long>());
        await SendAsync(mgr, HttpMethod.Get, "/api/v1/admin/enterprise", null, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Patch, "/api/v1/admin/enterprise", new JsonObject { ["name"] = "Sales Inc" }, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Delete, "/api/v1/admin/enterprise/logo", null, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Post, $"/api/v1/admin/online/{dev}/disconnect", null, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Get, "/api/v1/admin/online", null, HttpStatusCode.OK);

        // The account list shows only accounts in Sales.
        JsonObject accounts = await SendAsync(mgr, HttpMethod.Get, "/api/v1/admin/accounts?limit=1000", null, HttpStatusCode.OK);
        long[] listed = accounts["accounts"]!.AsArray().Select(a => a!["id"]!.GetValue<long>()).ToArray();
        Assert.Contains(rep, listed);
        Assert.DoesNotContain(dev, listed);

        // No self-grant, no more than it holds.
        await SendAsync(mgr, HttpMethod.Post, Administrators, new JsonObject { ["accountId"] = manager, ["role"] = "department", ["departmentIds"] = new JsonArray(sales), ["permissions"] = new JsonArray("manageAccounts") }, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Post, Administrators, new JsonObject { ["accountId"] = rep, ["role"] = "department", ["departmentIds"] = new JsonArray(sales), ["permissions"] = new JsonArray("manageDepartments") }, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Post, Administrators, new JsonObject { ["accountId"] = rep, ["role"] = "enterprise" }, HttpStatusCode.Forbidden);

        // Revoked: the next request is refused.
        await SendAsync(Api.Http, HttpMethod.Delete, $"{Administrators}/{manager}", null, HttpStatusCode.NoContent);
        await SendAsync(mgr, HttpMethod.Get, $"{Directory}/departments/{sales}/members", null, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Bad_grant_bodies_get_per_field_errors_and_change_nothing()
    {
        JsonObject before = await SendAsync(Api.Http, HttpMethod.Get, Administrators, null, HttpStatusCode.OK);
        JsonObject error = await SendAsync(Api.Http, HttpMethod.Post, Administrators, new JsonObject
        {
            ["role"] = "department",
            ["departmentIds"] = new JsonArray(-1, 424242424242),
            ["permissions"] = new JsonArray("manageAccounts", "fly", "manageAccounts"),
        }, HttpStatusCode.BadRequest);
        string message = error["error"]!["message"]!.GetValue<string>();
        Assert.Contains("accountId: is required", message, StringComparison.Ordinal);
        Assert.Contains("departmentIds[0]", message, StringComparison.Ordinal);
        Assert.Contains("departmentIds[1]: no department", message, StringComparison.Ordinal);
        Assert.Contains("permissions[1]", message, StringComparison.Ordinal);
        Assert.Contains("permissions[2]", message, StringComparison.Ordinal);

        string role = (await SendAsync(Api.Http, HttpMethod.Post, Administrators, new JsonObject { ["accountId"] = 1, ["role"] = "owner" }, HttpStatusCode.BadRequest))["error"]!["message"]!.GetValue<string>();
        Assert.Contains("role: must be enterprise or department", role, StringComparison.Ordinal);
        await SendAsync(Api.Http, HttpMethod.Post, Administrators, new JsonObject { ["accountId"] = 1, ["role"] = "department", ["scope"] = "all" }, HttpStatusCode.BadRequest);

        JsonObject after = await SendAsync(Api.Http, HttpMethod.Get, Administrators, null, HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
    }

    [Fact]
    public async Task A_plain_user_cannot_reach_the_administrator_api()
    {
        using HttpClient alice = await LoginAsync("alice", TwoUsers.AlicePassword);
        await SendAsync(alice, HttpMethod.Get, Administrators, null, HttpStatusCode.Forbidden);
        await SendAsync(alice, HttpMethod.Get, Directory + "/departments", null, HttpStatusCode.Forbidden);
        await SendAsync(alice, HttpMethod.Get, "/api/v1/admin/accounts", null, HttpStatusCode.Forbidden);
        await SendAsync(alice, HttpMethod.Get, "/api/v1/admin/enterprise", null, HttpStatusCode.Forbidden);
        await SendAsync(alice, HttpMethod.Get, "/api/v1/admin/online", null, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Visibility_rules_a_department_administrator_reads_and_sets_only_inside_its_subtree()
    {
        const string Rules = Directory + "/visibility";
        string tag = Guid.NewGuid().ToString("N")[..8];
        long company = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "VisCo " + tag }, HttpStatusCode.Created));
        long sales = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "Sales", ["parentId"] = company }, HttpStatusCode.Created));
        long eng = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "Eng", ["parentId"] = company }, HttpStatusCode.Created));
        long manager = await Api.CreateAccountAsync("vmgr" + tag, "manager-password-1");
        long accountsOnly = await Api.CreateAccountAsync("vacc" + tag, "accounts-password-1");
        long rep = await Api.CreateAccountAsync("vrep" + tag, "rep-password-1");
        long dev = await Api.CreateAccountAsync("vdev" + tag, "dev-password-1");
        await PlaceAsync(manager, sales);
        await PlaceAsync(accountsOnly, sales);
        await PlaceAsync(rep, sales);
        await PlaceAsync(dev, eng);
        await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/accounts/{dev}", new JsonObject { ["hidden"] = true }, HttpStatusCode.OK);
        await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/departments/{eng}", new JsonObject { ["contactsHidden"] = true }, HttpStatusCode.OK);
        foreach ((long account, JsonArray permissions) in new[] { (manager, new JsonArray("manageAccounts", "manageDepartments")), (accountsOnly, new JsonArray("manageAccounts")) })
        {
            await SendAsync(Api.Http, HttpMethod.Post, Administrators, new JsonObject
            {
                ["accountId"] = account,
                ["role"] = "department",
                ["departmentIds"] = new JsonArray(sales),
                ["permissions"] = permissions,
            }, HttpStatusCode.Created);
        }

        using HttpClient mgr = await LoginAsync("vmgr" + tag, "manager-password-1");
        using HttpClient acc = await LoginAsync("vacc" + tag, "accounts-password-1");

        // Inside its subtree: every endpoint answers.
        foreach ((HttpMethod method, string path, JsonObject? body) in VisibilityApiTests.Endpoints(rep, sales))
        {
            await SendAsync(mgr, method, path, body, HttpStatusCode.OK);
        }

        await SendAsync(mgr, HttpMethod.Put, $"{Rules}/departments/{sales}", new JsonObject { ["visibleDepartments"] = new JsonArray(sales) }, HttpStatusCode.OK);

        // Outside, or naming a department outside in a list, or a missing one: 403, and nothing changed.
        string before = (await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments?limit=500", null, HttpStatusCode.OK)).ToJsonString()
            + (await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/accounts?limit=500", null, HttpStatusCode.OK)).ToJsonString();
        await SendAsync(mgr, HttpMethod.Get, $"{Rules}/accounts/{dev}", null, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Put, $"{Rules}/accounts/{dev}", new JsonObject(), HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Get, $"{Rules}/departments/{eng}", null, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Put, $"{Rules}/departments/{eng}", new JsonObject(), HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Put, $"{Rules}/departments/{sales}", new JsonObject { ["visibleDepartments"] = new JsonArray(sales, eng) }, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Put, $"{Rules}/departments/{sales}", new JsonObject { ["visibleDepartments"] = new JsonArray(424242424242) }, HttpStatusCode.Forbidden);
        await SendAsync(mgr, HttpMethod.Put, $"{Rules}/departments/{company}", new JsonObject { ["hidden"] = true }, HttpStatusCode.Forbidden);

        // Without manage departments: the department half is refused, the account half answers.
        await SendAsync(acc, HttpMethod.Get, $"{Rules}/departments", null, HttpStatusCode.Forbidden);
        await SendAsync(acc, HttpMethod.Get, $"{Rules}/departments/{sales}", null, HttpStatusCode.Forbidden);
        await SendAsync(acc, HttpMethod.Put, $"{Rules}/departments/{sales}", new JsonObject(), HttpStatusCode.Forbidden);
        await SendAsync(acc, HttpMethod.Get, $"{Rules}/accounts/{rep}", null, HttpStatusCode.OK);
        string after = (await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments?limit=500", null, HttpStatusCode.OK)).ToJsonString()
            + (await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/accounts?limit=500", null, HttpStatusCode.OK)).ToJsonString();
        Assert.Equal(before, after);

        // The lists show only rules inside the subtree.
        JsonObject accounts = await SendAsync(mgr, HttpMethod.Get, $"{Rules}/accounts?limit=500", null, HttpStatusCode.OK);
        Assert.Contains(accounts["rules"]!.AsArray(), r => r!["accountId"]!.GetValue<long>() == rep);
        Assert.DoesNotContain(accounts["rules"]!.AsArray(), r => r!["accountId"]!.GetValue<long>() == dev);
        JsonObject departments = await SendAsync(mgr, HttpMethod.Get, $"{Rules}/departments?limit=500", null, HttpStatusCode.OK);
        Assert.Equal([sales], departments["rules"]!.AsArray().Select(r => r!["departmentId"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Account_search_finds_by_initials_and_a_department_administrator_only_inside_its_subtree()
    {
        const string Search = Directory + "/search";
        string tag = Guid.NewGuid().ToString("N")[..8];
        long company = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "SearchCo " + tag }, HttpStatusCode.Created));
        long sales = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "Sales", ["parentId"] = company }, HttpStatusCode.Created));
        long east = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "East", ["parentId"] = sales }, HttpStatusCode.Created));
        long eng = Id(await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", new JsonObject { ["name"] = "Eng", ["parentId"] = company }, HttpStatusCode.Created));
        long manager = await Api.CreateAccountAsync("smgr" + tag, "manager-password-1");
        long seller = await Api.CreateAccountAsync("ssel" + tag, "seller-password-1");
        long frozen = await Api.CreateAccountAsync("sfro" + tag, "frozen-password-1");
        long dev = await Api.CreateAccountAsync("sdev" + tag, "dev-password-1");
        await PlaceAsync(manager, sales);
        await PlaceAsync(seller, east);
        await PlaceAsync(frozen, sales);
        await PlaceAsync(dev, eng);
        await SendAsync(Api.Http, HttpMethod.Patch, $"{Directory}/accounts/{seller}", new JsonObject { ["displayName"] = "诸葛孔明" + tag, ["title"] = "Rep" }, HttpStatusCode.OK);
        await SendAsync(Api.Http, HttpMethod.Patch, $"{Directory}/accounts/{frozen}", new JsonObject { ["displayName"] = "诸葛瑾" + tag }, HttpStatusCode.OK);
        await SendAsync(Api.Http, HttpMethod.Patch, $"{Directory}/accounts/{dev}", new JsonObject { ["displayName"] = "诸葛亮" + tag }, HttpStatusCode.OK);
        await SendAsync(Api.Http, HttpMethod.Post, $"{Directory}/accounts/{frozen}/freeze", null, HttpStatusCode.OK);
        await SendAsync(Api.Http, HttpMethod.Post, Administrators, new JsonObject
        {
            ["accountId"] = manager,
            ["role"] = "department",
            ["departmentIds"] = new JsonArray(sales),
            ["permissions"] = new JsonArray("manageDepartments"),
        }, HttpStatusCode.Created);

        // The super administrator: initials find all three, the frozen one flagged; the body's shape.
        JsonObject all = await SendAsync(Api.Http, HttpMethod.Get, $"{Search}?q=zg&limit=50", null, HttpStatusCode.OK);
        Dictionary<long, JsonNode> hits = all["accounts"]!.AsArray().ToDictionary(a => a!["id"]!.GetValue<long>(), a => a!);
        Assert.Contains(dev, hits.Keys);
        Assert.Equal("frozen", hits[frozen]["state"]!.GetValue<string>());
        JsonNode hit = hits[seller];
        Assert.Equal(("ssel" + tag, "诸葛孔明" + tag, "active", east, "East", "Rep"), (hit["account"]!.GetValue<string>(), hit["displayName"]!.GetValue<string>(),
            hit["state"]!.GetValue<string>(), hit["primaryDepartmentId"]!.GetValue<long>(), hit["primaryDepartment"]!.GetValue<string>(), hit["title"]!.GetValue<string>()));
        JsonObject one = await SendAsync(Api.Http, HttpMethod.Get, $"{Search}?q=zgkm{tag}", null, HttpStatusCode.OK);
        Assert.Equal([seller], one["accounts"]!.AsArray().Select(a => a!["id"]!.GetValue<long>()));

        // The department administrator (manage departments is enough to read): only accounts inside Sales.
        using HttpClient mgr = await LoginAsync("smgr" + tag, "manager-password-1");
        JsonObject scoped = await SendAsync(mgr, HttpMethod.Get, $"{Search}?q=zg&limit=50", null, HttpStatusCode.OK);
        long[] found = scoped["accounts"]!.AsArray().Select(a => a!["id"]!.GetValue<long>()).ToArray();
        Assert.Contains(seller, found);
        Assert.Contains(frozen, found);
        Assert.DoesNotContain(dev, found);
        JsonObject outside = await SendAsync(mgr, HttpMethod.Get, $"{Search}?q=sdev{tag}", null, HttpStatusCode.OK);
        Assert.Empty(outside["accounts"]!.AsArray());

        // Bad input: a clear 400. A plain user: 403.
        foreach (string query in new[] { "", "?q=", "?q=%20%20", "?q=" + new string('a', 65), "?q=zg&limit=0", "?q=zg&limit=51", "?q=zg&limit=ten" })
        {
            JsonObject error = await SendAsync(Api.Http, HttpMethod.Get, Search + query, null, HttpStatusCode.BadRequest);
            Assert.Matches("^(q: must be 1 to 64 characters|limit: must be a whole number from 1 to 50)", error["error"]!["message"]!.GetValue<string>());
        }

        using HttpClient alice = await LoginAsync("alice", TwoUsers.AlicePassword);
        await SendAsync(alice, HttpMethod.Get, $"{Search}?q=zg", null, HttpStatusCode.Forbidden);
    }

    private Task PlaceAsync(long account, long department) =>
        SendAsync(Api.Http, HttpMethod.Put, $"{Directory}/accounts/{account}/memberships", new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = department }) }, HttpStatusCode.OK);

    private static long Id(JsonObject body) => body["id"]!.GetValue<long>();

    private static Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body, HttpStatusCode expected) =>
        Rest.SendAsync(client, method, path, body, expected);

    private Task<HttpClient> LoginAsync(string account, string password) => Rest.LoginAsync(Api.Server, account, password, "scope-tests");
}
