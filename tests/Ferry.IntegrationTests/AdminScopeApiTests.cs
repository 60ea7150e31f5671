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

    private Task PlaceAsync(long account, long department) =>
        SendAsync(Api.Http, HttpMethod.Put, $"{Directory}/accounts/{account}/memberships", new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = department }) }, HttpStatusCode.OK);

    private static long Id(JsonObject body) => body["id"]!.GetValue<long>();

    private static async Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : AdminApi.Json(body) };
        using HttpResponseMessage response = await client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
    }

    private async Task<HttpClient> LoginAsync(string account, string password)
    {
        string fingerprint = Api.Server.Fingerprint;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())) == fingerprint;
        var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = Api.Http.BaseAddress };
        using HttpResponseMessage response = await client.PostAsync("/api/v1/auth/login", AdminApi.Json(new JsonObject { ["account"] = account, ["password"] = password, ["deviceId"] = "scope-tests" }));
        if (!response.IsSuccessStatusCode)
        {
            client.Dispose();
            throw new HttpRequestException($"login {account}: {(int)response.StatusCode}");
        }

        JsonObject body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", body["token"]!.GetValue<string>());
        return client;
    }
}
