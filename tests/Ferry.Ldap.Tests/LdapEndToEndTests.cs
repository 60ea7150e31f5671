using System.DirectoryServices.Protocols;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Ferry.Transport.Errors;

namespace Ferry.Ldap.Tests;

/// <summary>
/// The whole LDAP path against a real ferryd and a real slapd: settings over REST, preview, sync into the directory
/// (seen by clients as directory changes), login by LDAP bind over the framed protocol, freezing of users removed
/// upstream, the freeze guard, and per-field refusal of bad settings. Its own slapd (a class fixture, not the shared
/// collection's): this test deletes entries upstream.
/// </summary>
public sealed class LdapEndToEndTests(SlapdFixture slapd) : IClassFixture<SlapdFixture>, IAsyncLifetime
{
    private FerrydProcess _server = null!;
    private AdminApi _api = null!;

    public async Task InitializeAsync()
    {
        _server = await FerrydProcess.StartNewAsync();
        _api = new AdminApi(_server);
        await _api.LoginAsAdminAsync();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
    }

    private JsonObject GoodSettings(int? port = null) => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = port ?? slapd.Port,
        ["security"] = "plain",
        ["bindDn"] = SlapdFixture.SyncDn,
        ["bindPassword"] = SlapdFixture.SyncPassword,
        ["baseDn"] = SlapdFixture.Suffix,
        ["pageSize"] = 500,
        ["syncIntervalSeconds"] = 0,
        ["attributes"] = new JsonObject { ["extra"] = new JsonObject { ["departmentNumber"] = "cost_centre" } },
    };

    [Fact]
    public async Task Configure_preview_sync_login_freeze_and_guard_end_to_end()
    {
        // ---- bad settings: every bad field named, nothing stored ----
        (int status, JsonObject? body) = await SendAsync(HttpMethod.Put, "/api/v1/admin/ldap/settings", new JsonObject
        {
            ["host"] = "", ["port"] = 70000, ["security"] = "telnet", ["baseDn"] = "not a dn", ["pageSize"] = 5000, ["syncIntervalSeconds"] = 5,
            ["maxFreezeShare"] = 2, ["userFilter"] = "(objectClass=person",
        });
        Assert.Equal(400, status);
        string message = body!["error"]!["message"]!.GetValue<string>();
        foreach (string field in new[] { "host:", "port:", "security:", "baseDn:", "pageSize:", "syncInterval", "maxFreezeShare:", "userFilter:" })
        {
            Assert.Contains(field, message, StringComparison.Ordinal);
        }

        using (HttpResponseMessage none = await _api.Http.GetAsync("/api/v1/admin/ldap/settings"))
        {
            Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        }

        // ---- good settings: stored, the password write-only and kept out of the database ----
        (status, body) = await SendAsync(HttpMethod.Put, "/api/v1/admin/ldap/settings", GoodSettings());
        Assert.Equal(200, status);
        Assert.True(body!["bindPasswordSet"]!.GetValue<bool>());
        Assert.Null(body["bindPassword"]);
        string read = await _api.Http.GetStringAsync("/api/v1/admin/ldap/settings");
        Assert.DoesNotContain(SlapdFixture.SyncPassword, read, StringComparison.Ordinal);
        string passwordFile = Path.Combine(_server.DataDirectory, "ldap-bind-password");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwordFile));
        }

        foreach (string file in System.IO.Directory.GetFiles(_server.DataDirectory, "ferry.db*"))
        {
            Assert.DoesNotContain(SlapdFixture.SyncPassword, await ReadSharedAsync(file), StringComparison.Ordinal);
        }

        // A bad update after a good one changes nothing either.
        (status, _) = await SendAsync(HttpMethod.Put, "/api/v1/admin/ldap/settings", new JsonObject { ["host"] = "ldap.example.com", ["baseDn"] = "dc=example", ["pageSize"] = 0 });
        Assert.Equal(400, status);
        Assert.Equal("127.0.0.1", JsonNode.Parse(await _api.Http.GetStringAsync("/api/v1/admin/ldap/settings"))!["host"]!.GetValue<string>());

        // ---- preview: the creates, each odd entry as an error, nothing written ----
        long versionBefore = (await ChangesAsync(0)).Version;
        (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/preview", null);
        Assert.Equal(200, status);
        Assert.Equal(TestData.Departments, body!["createDepartments"]!.AsArray().Count);
        Assert.Equal(TestData.GoodUsers, body["createAccounts"]!.AsArray().Count);
        Assert.True(body["errors"]!.AsArray().Count >= TestData.OddEntries);
        Assert.Contains(body["createAccounts"]!.AsArray(), a => a!["account"]!.GetValue<string>() == "zhangsan" && a["departmentDn"] is not null);
        Assert.Equal(versionBefore, (await ChangesAsync(0)).Version);

        // ---- sync: departments and accounts reach clients through directory changes ----
        (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/sync", new JsonObject { ["confirm"] = false });
        Assert.Equal(200, status);
        Assert.True(body!["applied"]!.GetValue<bool>());
        Changes changes = await ChangesAsync(versionBefore);
        Assert.Equal(TestData.Departments, changes.Departments.Count);
        Assert.Contains(changes.Departments, d => d["name"]!.GetValue<string>() == "华东");
        Assert.Equal(TestData.GoodUsers, changes.Accounts.Count);
        JsonNode zhangsan = changes.Accounts.Single(a => a["account"]!.GetValue<string>() == "zhangsan");
        Assert.Equal("张三", zhangsan["displayName"]!.GetValue<string>());
        Assert.Equal("E0001", zhangsan["employeeNumber"]!.GetValue<string>());
        Assert.Equal("CC-100", zhangsan["attributes"]!["cost_centre"]!.GetValue<string>());
        long platform = changes.Departments.Single(d => d["name"]!.GetValue<string>() == "Platform")["id"]!.GetValue<long>();
        Assert.Contains(zhangsan["memberships"]!.AsArray(), m => m!["departmentId"]!.GetValue<long>() == platform);

        // A second run finds nothing to do.
        (_, body) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/preview", null);
        Assert.False(body!["hasChanges"]!.GetValue<bool>());

        // ---- login by LDAP bind over the framed protocol ----
        await LoginAsync("zhangsan", SlapdFixture.UserPassword);
        Assert.Equal(ErrorCode.BadCredentials, (await Assert.ThrowsAsync<FerryException>(() => LoginAsync("zhangsan", "wrong-password"))).Code);

        // LDAP down: the password cannot be checked, which is not a wrong password.
        (status, _) = await SendAsync(HttpMethod.Put, "/api/v1/admin/ldap/settings", GoodSettings(ClosedPort()).Also(s => s.Remove("bindPassword")));
        Assert.Equal(200, status);
        Assert.Equal(ErrorCode.Unavailable, (await Assert.ThrowsAsync<FerryException>(() => LoginAsync("zhangsan", SlapdFixture.UserPassword))).Code);
        (status, _) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/preview", null);
        Assert.Equal(503, status);
        (status, _) = await SendAsync(HttpMethod.Put, "/api/v1/admin/ldap/settings", GoodSettings().Also(s => s.Remove("bindPassword")));
        Assert.Equal(200, status); // the stored password was kept: the next steps bind with it
        await LoginAsync("lisi", SlapdFixture.UserPassword);

        // ---- users removed upstream are frozen (a small share: no confirmation needed) ----
        using (LdapConnection root = slapd.Connect(SlapdFixture.RootDn, SlapdFixture.RootPassword))
        {
            root.SendRequest(new DeleteRequest(TestData.ZhangSan));
            root.SendRequest(new DeleteRequest(TestData.LiSi));
        }

        long beforeFreeze = (await ChangesAsync(0)).Version;
        (_, body) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/preview", null);
        Assert.Equal(["lisi", "zhangsan"], body!["freezeAccounts"]!.AsArray().Select(a => a!["account"]!.GetValue<string>()).Order());
        Assert.False(body["guard"]!["requiresConfirmation"]!.GetValue<bool>());
        (status, _) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/sync", new JsonObject { ["confirm"] = false });
        Assert.Equal(200, status);
        changes = await ChangesAsync(beforeFreeze);
        Assert.Equal(["lisi", "zhangsan"], changes.Accounts.Where(a => a["state"]!.GetValue<string>() == "frozen").Select(a => a["account"]!.GetValue<string>()).Order());
        await Assert.ThrowsAsync<FerryException>(() => LoginAsync("zhangsan", SlapdFixture.UserPassword));

        // ---- the freeze guard: a filter that drops most users must be confirmed ----
        JsonObject narrow = GoodSettings().Also(s => s.Remove("bindPassword"));
        narrow["userFilter"] = "(&(objectClass=inetOrgPerson)(!(uid=user*)))";
        narrow["maxFreezeShare"] = 0.2;
        (status, _) = await SendAsync(HttpMethod.Put, "/api/v1/admin/ldap/settings", narrow);
        Assert.Equal(200, status);
        long beforeGuard = (await ChangesAsync(0)).Version;
        (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/sync", new JsonObject { ["confirm"] = false });
        Assert.Equal(409, status);
        Assert.False(body!["applied"]!.GetValue<bool>());
        Assert.True(body["plan"]!["guard"]!["requiresConfirmation"]!.GetValue<bool>());
        Assert.Equal(SlapdFixture.BulkUsers, body["plan"]!["freezeAccounts"]!.AsArray().Count);
        Assert.Equal(beforeGuard, (await ChangesAsync(0)).Version); // nothing frozen

        (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/sync", new JsonObject { ["confirm"] = true });
        Assert.Equal(200, status);
        Assert.True(body!["applied"]!.GetValue<bool>());
        Assert.Equal(SlapdFixture.BulkUsers, (await ChangesAsync(beforeGuard)).Accounts.Count(a => a["state"]!.GetValue<string>() == "frozen"));
        await Assert.ThrowsAsync<FerryException>(() => LoginAsync("user0001", SlapdFixture.UserPassword));

        // ---- a returning user is unfrozen by the sync ----
        using (LdapConnection root = slapd.Connect(SlapdFixture.RootDn, SlapdFixture.RootPassword))
        {
            root.SendRequest(new AddRequest(TestData.ZhangSan,
                new DirectoryAttribute("objectClass", "inetOrgPerson"), new DirectoryAttribute("cn", "张三"), new DirectoryAttribute("sn", "张三"),
                new DirectoryAttribute("uid", "zhangsan"), new DirectoryAttribute("userPassword", SlapdFixture.UserPassword)));
        }

        (status, body) = await SendAsync(HttpMethod.Post, "/api/v1/admin/ldap/sync", new JsonObject { ["confirm"] = false });
        Assert.Equal(200, status);
        Assert.Equal("zhangsan", body!["plan"]!["unfreezeAccounts"]!.AsArray().Single()!["account"]!.GetValue<string>());
        await LoginAsync("zhangsan", SlapdFixture.UserPassword);

        // The local super administrator still logs in with its local password.
        await LoginAsync("admin", _server.AdminPassword);

        // ---- a department administrator cannot touch LDAP (company-wide settings) ----
        long deptAdmin = await _api.CreateAccountAsync("deptadmin", "dept-admin-password");
        (status, _) = await SendAsync(HttpMethod.Post, "/api/v1/admin/administrators", new JsonObject
        {
            ["accountId"] = deptAdmin, ["role"] = "department", ["departmentIds"] = new JsonArray(platform), ["permissions"] = new JsonArray("manageAccounts"),
        });
        Assert.True(status is 200 or 201, $"grant: {status}");
        using var other = new AdminApi(_server);
        using (HttpResponseMessage login = await other.Http.PostAsync("/api/v1/auth/login", AdminApi.Json(new JsonObject { ["account"] = "deptadmin", ["password"] = "dept-admin-password", ["deviceId"] = "e2e-dept" })))
        {
            login.EnsureSuccessStatusCode();
            string token = JsonNode.Parse(await login.Content.ReadAsStringAsync())!["token"]!.GetValue<string>();
            other.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using (HttpResponseMessage refused = await other.Http.GetAsync("/api/v1/admin/ldap/settings"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (HttpResponseMessage refused = await other.Http.PostAsync("/api/v1/admin/ldap/sync", AdminApi.Json(new JsonObject { ["confirm"] = true })))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }

    private async Task LoginAsync(string account, string password)
    {
        (RawFramedClient client, _) = await RawFramedClient.ConnectAndLoginAsync("127.0.0.1", _server.FramedPort, _server.Fingerprint, account, password, "e2e-" + account);
        await client.DisposeAsync();
    }

    private async Task<(int Status, JsonObject? Body)> SendAsync(HttpMethod method, string path, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : AdminApi.Json(body) };
        using HttpResponseMessage response = await _api.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject());
    }

    private sealed record Changes(long Version, List<JsonNode> Departments, List<JsonNode> Accounts);

    /// <summary>Every page of GET /api/v1/directory/changes after <paramref name="since"/>, as a client syncs.</summary>
    private async Task<Changes> ChangesAsync(long since)
    {
        var departments = new List<JsonNode>();
        var accounts = new List<JsonNode>();
        while (true)
        {
            JsonObject page = (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/v1/directory/changes?since={since}&limit=1000"))!;
            departments.AddRange(page["departments"]!.AsArray().Select(d => d!));
            accounts.AddRange(page["accounts"]!.AsArray().Select(a => a!));
            since = page["nextVersion"]!.GetValue<long>();
            if (!page["more"]!.GetValue<bool>())
            {
                return new Changes(since, departments, accounts);
            }
        }
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
        return await reader.ReadToEndAsync();
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject value, Action<JsonObject> change)
    {
        change(value);
        return value;
    }
}
