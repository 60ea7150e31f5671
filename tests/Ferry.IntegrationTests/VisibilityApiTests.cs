using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>Visibility rules over REST on a real ferryd (issue 3 §3): set, read, list, refuse bad bodies, clean up.</summary>
public sealed class VisibilityApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Directory = "/api/v1/admin/directory";
    private const string Rules = Directory + "/visibility";

    private AdminApi Api => shared.Users.Admin;

    [Fact]
    public async Task An_administrator_sets_reads_and_lists_rules_and_an_account_rule_reaches_incremental_sync()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        long company = await DepartmentAsync("Vis " + tag, null);
        long board = await DepartmentAsync("Board", company);
        long staff = await DepartmentAsync("Staff", company);
        long leader = await Api.CreateAccountAsync("lead" + tag, "leader-password-1");
        await SendAsync(Api.Http, HttpMethod.Put, $"{Directory}/accounts/{leader}/memberships", new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = board }) }, HttpStatusCode.OK);

        // Untouched: all false, no list.
        JsonObject none = await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments/{staff}", null, HttpStatusCode.OK);
        Assert.Equal(staff, none["departmentId"]!.GetValue<long>());
        Assert.False(none["hidden"]!.GetValue<bool>());
        Assert.Null(none["visibleDepartments"]);

        JsonObject set = await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/departments/{staff}",
            new JsonObject { ["contactsHidden"] = true, ["visibleDepartments"] = new JsonArray(board, staff) }, HttpStatusCode.OK);
        Assert.True(set["contactsHidden"]!.GetValue<bool>());
        Assert.Equal(new[] { board, staff }.Order(), set["visibleDepartments"]!.AsArray().Select(d => d!.GetValue<long>()));
        JsonObject read = await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments/{staff}", null, HttpStatusCode.OK);
        Assert.Equal(set.ToJsonString(), read.ToJsonString());

        // A user holding the directory receives the leader again after its account rule changes.
        using HttpClient user = await LoginAsync("alice", TwoUsers.AlicePassword);
        long held = 0;
        for (bool more = true; more;)
        {
            JsonObject page = await SendAsync(user, HttpMethod.Get, $"/api/v1/directory/changes?since={held}&limit=1000", null, HttpStatusCode.OK);
            held = page["nextVersion"]!.GetValue<long>();
            more = page["more"]!.GetValue<bool>();
        }

        JsonObject rule = await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/accounts/{leader}", new JsonObject { ["contactsHidden"] = true }, HttpStatusCode.OK);
        Assert.Equal((leader, true, false), (rule["accountId"]!.GetValue<long>(), rule["contactsHidden"]!.GetValue<bool>(), rule["hidden"]!.GetValue<bool>()));
        JsonObject delta = await SendAsync(user, HttpMethod.Get, $"/api/v1/directory/changes?since={held}", null, HttpStatusCode.OK);
        Assert.Equal([leader], delta["accounts"]!.AsArray().Select(a => a!["id"]!.GetValue<long>()));

        JsonObject accounts = await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/accounts?limit=500", null, HttpStatusCode.OK);
        Assert.Contains(accounts["rules"]!.AsArray(), r => r!["accountId"]!.GetValue<long>() == leader && r["contactsHidden"]!.GetValue<bool>());
        JsonObject departments = await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments?limit=500", null, HttpStatusCode.OK);
        Assert.Contains(departments["rules"]!.AsArray(), r => r!["departmentId"]!.GetValue<long>() == staff);
        JsonObject first = await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments?limit=1", null, HttpStatusCode.OK);
        Assert.Single(first["rules"]!.AsArray());
        Assert.Equal(1, first["next"]!.GetValue<int>());

        // Deleting a department takes its rule along, and its place in other lists.
        long temp = await DepartmentAsync("Temp", company);
        await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/departments/{temp}", new JsonObject { ["hidden"] = true }, HttpStatusCode.OK);
        await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/departments/{board}", new JsonObject { ["visibleDepartments"] = new JsonArray(temp) }, HttpStatusCode.OK);
        await SendAsync(Api.Http, HttpMethod.Delete, $"{Directory}/departments/{temp}", null, HttpStatusCode.NoContent);
        JsonObject after = await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments?limit=500", null, HttpStatusCode.OK);
        Assert.DoesNotContain(after["rules"]!.AsArray(), r => r!["departmentId"]!.GetValue<long>() == temp);
        Assert.Empty((await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments/{board}", null, HttpStatusCode.OK))["visibleDepartments"]!.AsArray());

        // All false removes the rule.
        await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/accounts/{leader}", new JsonObject(), HttpStatusCode.OK);
        JsonObject cleared = await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/accounts?limit=500", null, HttpStatusCode.OK);
        Assert.DoesNotContain(cleared["rules"]!.AsArray(), r => r!["accountId"]!.GetValue<long>() == leader);
    }

    [Fact]
    public async Task Bad_bodies_get_per_field_errors_and_change_nothing()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        long company = await DepartmentAsync("Bad " + tag, null);
        long account = await Api.CreateAccountAsync("bad" + tag, "bad-password-123");
        await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/departments/{company}", new JsonObject { ["hidden"] = true }, HttpStatusCode.OK);
        string before = await StateAsync(company, account);

        string listed = await ErrorAsync($"{Rules}/departments/{company}",
            new JsonObject { ["noDirectory"] = true, ["visibleDepartments"] = new JsonArray(company, 424242424242, -1, company) });
        Assert.Contains("visibleDepartments[1]: no department 424242424242", listed, StringComparison.Ordinal);
        Assert.Contains("visibleDepartments[2]: must be a department id", listed, StringComparison.Ordinal);
        Assert.Contains("visibleDepartments[3]: lists the same department twice", listed, StringComparison.Ordinal);

        var tooMany = new JsonArray();
        for (int i = 0; i < 201; i++)
        {
            tooMany.Add(company);
        }

        Assert.Contains("visibleDepartments: at most 200", await ErrorAsync($"{Rules}/departments/{company}", new JsonObject { ["visibleDepartments"] = tooMany }), StringComparison.Ordinal);
        await ErrorAsync($"{Rules}/departments/{company}", new JsonObject { ["hidden"] = false, ["scope"] = "all" });
        await ErrorAsync($"{Rules}/departments/{company}", new JsonObject { ["hidden"] = "no" });
        await ErrorAsync($"{Rules}/accounts/{account}", new JsonObject { ["hidden"] = true, ["invisible"] = true });
        await ErrorAsync($"{Rules}/accounts/{account}", new JsonObject { ["hidden"] = 1 });

        using var notJson = new StringContent("hidden=true", Encoding.UTF8, "text/plain");
        using (HttpResponseMessage response = await Api.Http.PutAsync($"{Rules}/accounts/{account}", notJson))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/accounts/424242424242", new JsonObject { ["hidden"] = true }, HttpStatusCode.NotFound);
        await SendAsync(Api.Http, HttpMethod.Put, $"{Rules}/departments/424242424242", new JsonObject { ["hidden"] = true }, HttpStatusCode.NotFound);
        await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/accounts?limit=100000", null, HttpStatusCode.BadRequest);

        Assert.Equal(before, await StateAsync(company, account));
    }

    [Fact]
    public async Task A_plain_user_is_refused_on_every_visibility_endpoint()
    {
        using HttpClient alice = await LoginAsync("alice", TwoUsers.AlicePassword);
        long bob = await AccountIdAsync("bob");
        long department = await DepartmentAsync("Plain " + Guid.NewGuid().ToString("N")[..8], null);
        foreach ((HttpMethod method, string path, JsonObject? body) in Endpoints(bob, department))
        {
            await SendAsync(alice, method, path, body, HttpStatusCode.Forbidden);
        }

        Assert.False((await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/accounts/{bob}", null, HttpStatusCode.OK))["hidden"]!.GetValue<bool>());
    }

    /// <summary>Every visibility endpoint, as one call each on the given account and department.</summary>
    internal static IEnumerable<(HttpMethod Method, string Path, JsonObject? Body)> Endpoints(long account, long department) =>
    [
        (HttpMethod.Get, $"{Rules}/accounts", null),
        (HttpMethod.Get, $"{Rules}/accounts/{account}", null),
        (HttpMethod.Put, $"{Rules}/accounts/{account}", new JsonObject { ["hidden"] = true }),
        (HttpMethod.Get, $"{Rules}/departments", null),
        (HttpMethod.Get, $"{Rules}/departments/{department}", null),
        (HttpMethod.Put, $"{Rules}/departments/{department}", new JsonObject { ["hidden"] = true }),
    ];

    private async Task<string> StateAsync(long department, long account) =>
        (await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments?limit=500", null, HttpStatusCode.OK)).ToJsonString()
        + (await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/accounts?limit=500", null, HttpStatusCode.OK)).ToJsonString()
        + (await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/departments/{department}", null, HttpStatusCode.OK)).ToJsonString()
        + (await SendAsync(Api.Http, HttpMethod.Get, $"{Rules}/accounts/{account}", null, HttpStatusCode.OK)).ToJsonString()
        + (await SendAsync(Api.Http, HttpMethod.Get, "/api/v1/directory/changes?since=0&limit=1000", null, HttpStatusCode.OK))["nextVersion"]!.ToJsonString();

    private async Task<long> DepartmentAsync(string name, long? parent)
    {
        var body = new JsonObject { ["name"] = name };
        if (parent is { } p)
        {
            body["parentId"] = p;
        }

        return (await SendAsync(Api.Http, HttpMethod.Post, Directory + "/departments", body, HttpStatusCode.Created))["id"]!.GetValue<long>();
    }

    private async Task<long> AccountIdAsync(string name)
    {
        JsonObject list = await SendAsync(Api.Http, HttpMethod.Get, "/api/v1/admin/accounts?limit=1000", null, HttpStatusCode.OK);
        return list["accounts"]!.AsArray().Single(a => a!["account"]!.GetValue<string>() == name)!["id"]!.GetValue<long>();
    }

    private async Task<string> ErrorAsync(string path, JsonObject body)
    {
        JsonObject error = await SendAsync(Api.Http, HttpMethod.Put, path, body, HttpStatusCode.BadRequest);
        Assert.Equal("bad_request", error["error"]!["name"]!.GetValue<string>());
        return error["error"]!["message"]!.GetValue<string>();
    }

    internal static Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body, HttpStatusCode expected) =>
        Rest.SendAsync(client, method, path, body, expected);

    private Task<HttpClient> LoginAsync(string account, string password) => Rest.LoginAsync(Api.Server, account, password, "visibility-tests");
}
