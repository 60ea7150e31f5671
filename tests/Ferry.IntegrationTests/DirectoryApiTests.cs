using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>The directory REST API on a real ferryd: administration, validation, lifecycle and incremental sync.</summary>
public sealed class DirectoryApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Admin = "/api/v1/admin/directory";

    private AdminApi Api => shared.Users.Admin;

    [Fact]
    public async Task An_administrator_builds_the_tree_and_a_user_syncs_it_incrementally()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        JsonObject company = await SendAsync(HttpMethod.Post, Admin + "/departments", new JsonObject { ["name"] = "Company " + tag }, HttpStatusCode.Created);
        long companyId = Id(company);
        long sales = Id(await SendAsync(HttpMethod.Post, Admin + "/departments", new JsonObject { ["name"] = "Sales", ["parentId"] = companyId }, HttpStatusCode.Created));
        long support = Id(await SendAsync(HttpMethod.Post, Admin + "/departments", new JsonObject { ["name"] = "Support", ["parentId"] = companyId, ["position"] = 0 }, HttpStatusCode.Created));

        JsonObject children = await SendAsync(HttpMethod.Get, $"{Admin}/departments?parent={companyId}", null, HttpStatusCode.OK);
        Assert.Equal(["Support", "Sales"], children["departments"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));

        string name = "carol" + tag;
        long carol = await Api.CreateAccountAsync(name, "carol-password-1");
        JsonObject profile = await SendAsync(HttpMethod.Patch, $"{Admin}/accounts/{carol}", new JsonObject
        {
            ["displayName"] = "Carol " + tag,
            ["title"] = "Engineer",
            ["mobile"] = "+86 138 0000 0000",
            ["email"] = "carol@example.com",
            ["gender"] = "female",
        }, HttpStatusCode.OK);
        Assert.Equal("female", profile["gender"]!.GetValue<string>());
        await SendAsync(HttpMethod.Put, $"{Admin}/accounts/{carol}/memberships", new JsonObject
        {
            ["memberships"] = new JsonArray(
                new JsonObject { ["departmentId"] = sales, ["title"] = "Rep" },
                new JsonObject { ["departmentId"] = support, ["primary"] = true, ["title"] = "Lead" }),
        }, HttpStatusCode.OK);

        using HttpClient carolClient = await LoginAsync(name, "carol-password-1");
        JsonObject first = await SyncAllAsync(carolClient, 0);
        JsonObject mine = first["accounts"]!.AsArray().Single(a => a!["id"]!.GetValue<long>() == carol)!.AsObject();
        Assert.Equal("Carol " + tag, mine["displayName"]!.GetValue<string>());
        Assert.Null(mine["isAdmin"]);
        Assert.Equal(2, mine["memberships"]!.AsArray().Count);
        Assert.Contains(first["departments"]!.AsArray(), d => d!["id"]!.GetValue<long>() == support);
        long held = first["nextVersion"]!.GetValue<long>();

        // Rename one department, delete another: the next sync carries exactly that.
        await SendAsync(HttpMethod.Patch, $"{Admin}/departments/{support}", new JsonObject { ["name"] = "Customer Care" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"{Admin}/accounts/{carol}/memberships", new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = support }) }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Delete, $"{Admin}/departments/{sales}", null, HttpStatusCode.NoContent);

        JsonObject delta = await SendAsync(carolClient, HttpMethod.Get, $"/api/v1/directory/changes?since={held}", null, HttpStatusCode.OK);
        Assert.Equal(["Customer Care"], delta["departments"]!.AsArray().Select(d => d!["name"]!.GetValue<string>()));
        Assert.Equal([carol], delta["accounts"]!.AsArray().Select(a => a!["id"]!.GetValue<long>()));
        JsonNode tombstone = Assert.Single(delta["tombstones"]!.AsArray())!;
        Assert.Equal(("department", sales), (tombstone["kind"]!.GetValue<string>(), tombstone["id"]!.GetValue<long>()));
        Assert.True(delta["nextVersion"]!.GetValue<long>() > held);
    }

    [Fact]
    public async Task Frozen_accounts_cannot_log_in_until_restored_and_deleted_ones_become_tombstones()
    {
        string name = "dave" + Guid.NewGuid().ToString("N")[..8];
        long dave = await Api.CreateAccountAsync(name, "dave-password-1");
        using HttpClient daveClient = await LoginAsync(name, "dave-password-1");
        using HttpClient watcher = await LoginAsync("alice", TwoUsers.AlicePassword);
        long held = (await SyncAllAsync(watcher, 0))["nextVersion"]!.GetValue<long>();

        Assert.Equal("frozen", (await SendAsync(HttpMethod.Post, $"{Admin}/accounts/{dave}/freeze", null, HttpStatusCode.OK))["state"]!.GetValue<string>());
        await SendAsync(daveClient, HttpMethod.Get, "/api/v1/directory/me", null, HttpStatusCode.Forbidden);
        await Assert.ThrowsAsync<HttpRequestException>(() => LoginAsync(name, "dave-password-1"));

        await SendAsync(HttpMethod.Post, $"{Admin}/accounts/{dave}/restore", null, HttpStatusCode.OK);
        Assert.Equal(name, (await SendAsync(daveClient, HttpMethod.Get, "/api/v1/directory/me", null, HttpStatusCode.OK))["account"]!.GetValue<string>());

        await SendAsync(HttpMethod.Delete, $"{Admin}/accounts/{dave}", null, HttpStatusCode.OK);
        await SendAsync(daveClient, HttpMethod.Get, "/api/v1/directory/me", null, HttpStatusCode.Unauthorized);
        await SendAsync(HttpMethod.Post, $"{Admin}/accounts/{dave}/restore", null, HttpStatusCode.Conflict);

        JsonObject delta = await SyncAllAsync(watcher, held);
        JsonNode tombstone = delta["tombstones"]!.AsArray().Single(t => t!["id"]!.GetValue<long>() == dave)!;
        Assert.Equal(("account", name), (tombstone["kind"]!.GetValue<string>(), tombstone["account"]!.GetValue<string>()));
        Assert.DoesNotContain(delta["accounts"]!.AsArray(), a => a!["id"]!.GetValue<long>() == dave);
    }

    [Fact]
    public async Task Bad_bodies_get_per_field_errors_and_change_nothing()
    {
        long parent = Id(await SendAsync(HttpMethod.Post, Admin + "/departments", new JsonObject { ["name"] = "Validation " + Guid.NewGuid().ToString("N")[..8] }, HttpStatusCode.Created));
        long child = Id(await SendAsync(HttpMethod.Post, Admin + "/departments", new JsonObject { ["name"] = "Child", ["parentId"] = parent }, HttpStatusCode.Created));
        JsonObject before = await SendAsync(HttpMethod.Get, $"{Admin}/departments?parent={parent}", null, HttpStatusCode.OK);

        string missing = await ErrorAsync(HttpMethod.Post, Admin + "/departments", new JsonObject { ["name"] = " ", ["parentId"] = 99999, ["position"] = -2 });
        Assert.Contains("name:", missing, StringComparison.Ordinal);
        Assert.Contains("parentId: no department 99999", missing, StringComparison.Ordinal);
        Assert.Contains("position:", missing, StringComparison.Ordinal);

        Assert.Contains("subtree", await ErrorAsync(HttpMethod.Post, $"{Admin}/departments/{parent}/move", new JsonObject { ["parentId"] = child }), StringComparison.Ordinal);
        Assert.Contains("mobil", await ErrorAsync(HttpMethod.Patch, $"{Admin}/accounts/1", new JsonObject { ["mobil"] = "1" }), StringComparison.Ordinal);
        string profile = await ErrorAsync(HttpMethod.Patch, $"{Admin}/accounts/1", new JsonObject { ["email"] = "nope", ["gender"] = "x" });
        Assert.Contains("email:", profile, StringComparison.Ordinal);
        Assert.Contains("gender:", profile, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", await ErrorAsync(HttpMethod.Post, Admin + "/departments", new JsonObject { ["name"] = 5 }), StringComparison.Ordinal);

        JsonObject after = await SendAsync(HttpMethod.Get, $"{Admin}/departments?parent={parent}", null, HttpStatusCode.OK);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal(Id(await SendAsync(HttpMethod.Get, $"{Admin}/departments/{child}", null, HttpStatusCode.OK)), child);
        await SendAsync(HttpMethod.Get, $"{Admin}/departments/424242", null, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ordinary_users_are_refused_the_admin_api_and_edit_only_allowed_fields_of_their_own_profile()
    {
        using HttpClient bob = await LoginAsync("bob", TwoUsers.BobPassword);

        await SendAsync(bob, HttpMethod.Post, Admin + "/departments", new JsonObject { ["name"] = "Mine" }, HttpStatusCode.Forbidden);
        await SendAsync(bob, HttpMethod.Get, Admin + "/settings", null, HttpStatusCode.Forbidden);

        JsonObject own = await SendAsync(bob, HttpMethod.Patch, "/api/v1/directory/me", new JsonObject { ["signature"] = "Out fishing" }, HttpStatusCode.OK);
        Assert.Equal("Out fishing", own["signature"]!.GetValue<string>());
        await SendAsync(bob, HttpMethod.Patch, "/api/v1/directory/me", new JsonObject { ["title"] = "CEO" }, HttpStatusCode.BadRequest);
    }

    private static long Id(JsonObject body) => body["id"]!.GetValue<long>();

    private Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, HttpStatusCode expected) => SendAsync(Api.Http, method, path, body, expected);

    private static Task<JsonObject> SendAsync(HttpClient client, HttpMethod method, string path, JsonObject? body, HttpStatusCode expected) =>
        Rest.SendAsync(client, method, path, body, expected);

    private async Task<string> ErrorAsync(HttpMethod method, string path, JsonObject body)
    {
        JsonObject error = await SendAsync(method, path, body, HttpStatusCode.BadRequest);
        Assert.Equal("bad_request", error["error"]!["name"]!.GetValue<string>());
        return error["error"]!["message"]!.GetValue<string>();
    }

    private static async Task<JsonObject> SyncAllAsync(HttpClient client, long since)
    {
        var merged = new JsonObject { ["departments"] = new JsonArray(), ["accounts"] = new JsonArray(), ["tombstones"] = new JsonArray() };
        while (true)
        {
            JsonObject page = await SendAsync(client, HttpMethod.Get, $"/api/v1/directory/changes?since={since}&limit=50", null, HttpStatusCode.OK);
            foreach (string list in new[] { "departments", "accounts", "tombstones" })
            {
                foreach (JsonNode? item in page[list]!.AsArray())
                {
                    merged[list]!.AsArray().Add(item!.DeepClone());
                }
            }

            since = page["nextVersion"]!.GetValue<long>();
            if (!page["more"]!.GetValue<bool>())
            {
                merged["nextVersion"] = since;
                return merged;
            }
        }
    }

    private Task<HttpClient> LoginAsync(string account, string password) => Rest.LoginAsync(Api.Server, account, password, "directory-tests");

    private SocketsHttpHandler Handler()
    {
        string fingerprint = Api.Server.Fingerprint;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.GetRawCertData())) == fingerprint;
        return handler;
    }
}
