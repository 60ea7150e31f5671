using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Ferry.Transport.Contracts;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>Issue 3 §7 on a real ferryd: the enterprise name and logo, for administrators and for clients.</summary>
public sealed class EnterpriseApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Admin = "/api/v1/admin/enterprise";
    private const string Public = "/api/v1/enterprise";

    /// <summary>Writes CJK as themselves, so expected bodies can be compared as text.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Settings_round_trip_and_survive_a_restart()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        HttpClient api = users.Admin.Http;

        JsonObject initial = await Rest.SendAsync(api, HttpMethod.Get, Admin, null, HttpStatusCode.OK);
        Assert.Equal("""{"name":"Ferry","logo":null,"version":0}""", initial.ToJsonString());

        JsonObject renamed = await Rest.SendAsync(api, HttpMethod.Patch, Admin, new JsonObject { ["name"] = "  渡口 Ferry Co.  " }, HttpStatusCode.OK);
        Assert.Equal("""{"name":"渡口 Ferry Co.","logo":null,"version":1}""", renamed.ToJsonString(Readable));

        string sha = Convert.ToHexStringLower(SHA256.HashData(TestImages.Png));
        JsonObject withLogo = await Rest.SendRawAsync(api, HttpMethod.Put, Admin + "/logo", Rest.Image(TestImages.Png, "image/png"), HttpStatusCode.OK);
        Assert.Equal(2, withLogo["version"]!.GetValue<long>());
        Assert.Equal(("image/png", sha, TestImages.Png.Length), Logo(withLogo));

        await users.Server.StopAsync(TimeSpan.FromSeconds(30));
        await users.Server.StartAsync();
        await users.Admin.LoginAsAdminAsync();

        JsonObject reread = await Rest.SendAsync(api, HttpMethod.Get, Admin, null, HttpStatusCode.OK);
        Assert.Equal(withLogo.ToJsonString(), reread.ToJsonString());

        using HttpClient anonymous = Rest.Anonymous(users.Server);
        JsonObject shown = await Rest.SendAsync(anonymous, HttpMethod.Get, Public, null, HttpStatusCode.OK);
        Assert.Equal("渡口 Ferry Co.", shown["name"]!.GetValue<string>());
        Assert.Equal($"/api/v1/enterprise/logo?v={sha}", shown["logoUrl"]!.GetValue<string>());
        Assert.Equal(TestImages.Png, await anonymous.GetByteArrayAsync(shown["logoUrl"]!.GetValue<string>()));

        // Clients learn both at the handshake, and discovery carries the name.
        HelloAck ack = await HelloAsync(users.Server);
        Assert.Equal(("渡口 Ferry Co.", sha), (ack.ServerName, ack.LogoSha256));
        using var discovery = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{users.Server.DiscoveryPort}") };
        JsonObject document = JsonNode.Parse(await discovery.GetStringAsync("/api/v1/discovery"))!.AsObject();
        Assert.Equal("渡口 Ferry Co.", document["name"]!.GetValue<string>());

        JsonObject removed = await Rest.SendAsync(api, HttpMethod.Delete, Admin + "/logo", null, HttpStatusCode.OK);
        Assert.Equal("""{"name":"渡口 Ferry Co.","logo":null,"version":3}""", removed.ToJsonString(Readable));
        Assert.Equal("""{"name":"渡口 Ferry Co.","logoUrl":null}""", (await Rest.SendAsync(anonymous, HttpMethod.Get, Public, null, HttpStatusCode.OK)).ToJsonString(Readable));
        await Rest.SendAsync(anonymous, HttpMethod.Get, Public + "/logo", null, HttpStatusCode.NotFound);
        Assert.Equal(string.Empty, (await HelloAsync(users.Server)).LogoSha256);
    }

    [Fact]
    public async Task Bad_names_are_refused_per_field_and_change_nothing()
    {
        HttpClient api = shared.Users.Admin.Http;
        JsonObject before = await Rest.SendAsync(api, HttpMethod.Get, Admin, null, HttpStatusCode.OK);
        (JsonNode? Value, string Problem)[] cases =
        [
            ("", "name: is required"),
            ("   ", "name: is required"),
            (new string('n', 65), "name: must be 1 to 64 characters (got 65)"),
            ("two\nlines", "name: must not contain control characters"),
            ("tab\tbed", "name: must not contain control characters"),
            (42, "name: must be a string"),
            (null, "name: must not be null"),
        ];
        foreach ((JsonNode? value, string problem) in cases)
        {
            JsonObject error = await Rest.SendAsync(api, HttpMethod.Patch, Admin, new JsonObject { ["name"] = value?.DeepClone() }, HttpStatusCode.BadRequest);
            Assert.Contains(problem, Rest.Message(error), StringComparison.Ordinal);
        }

        JsonObject both = await Rest.SendAsync(api, HttpMethod.Patch, Admin, new JsonObject { ["name"] = "", ["theme"] = "dark" }, HttpStatusCode.BadRequest);
        Assert.Contains("name: is required", Rest.Message(both), StringComparison.Ordinal);
        Assert.Contains("theme: is not an enterprise setting", Rest.Message(both), StringComparison.Ordinal);
        await Rest.SendRawAsync(api, HttpMethod.Patch, Admin, new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"), HttpStatusCode.BadRequest);
        await Rest.SendRawAsync(api, HttpMethod.Patch, Admin, new StringContent("name=x", System.Text.Encoding.UTF8, "text/plain"), HttpStatusCode.BadRequest);

        Assert.Equal(before.ToJsonString(), (await Rest.SendAsync(api, HttpMethod.Get, Admin, null, HttpStatusCode.OK)).ToJsonString());
    }

    [Fact]
    public async Task Bad_logos_are_refused_and_change_nothing()
    {
        HttpClient api = shared.Users.Admin.Http;
        await Rest.SendRawAsync(api, HttpMethod.Put, Admin + "/logo", Rest.Image(TestImages.Jpeg, "image/jpeg"), HttpStatusCode.OK);
        JsonObject before = await Rest.SendAsync(api, HttpMethod.Get, Admin, null, HttpStatusCode.OK);

        (byte[] Data, string? Type, string Problem)[] cases =
        [
            (TestImages.Gif, "image/png", "the bytes are not a PNG or JPEG image"),
            ("<svg/>"u8.ToArray(), "image/png", "the bytes are not a PNG or JPEG image"),
            (TestImages.Png, "image/jpeg", "declared image/jpeg but the bytes are a PNG image"),
            (TestImages.Png, "image/gif", "Content-Type image/png or image/jpeg"),
            (TestImages.Png, null, "Content-Type image/png or image/jpeg"),
            ([], "image/png", "the image is empty"),
            (TestImages.PngOfSize(256 * 1024 + 1), "image/png", "at most 262144 bytes"),
        ];
        foreach ((byte[] data, string? type, string problem) in cases)
        {
            JsonObject error = await Rest.SendRawAsync(api, HttpMethod.Put, Admin + "/logo", Rest.Image(data, type), HttpStatusCode.BadRequest);
            Assert.Contains(problem, Rest.Message(error), StringComparison.Ordinal);
        }

        Assert.Equal(before.ToJsonString(), (await Rest.SendAsync(api, HttpMethod.Get, Admin, null, HttpStatusCode.OK)).ToJsonString());
        using HttpClient anonymous = Rest.Anonymous(shared.Users.Server);
        Assert.Equal(TestImages.Jpeg, await anonymous.GetByteArrayAsync(Public + "/logo"));
    }

    [Fact]
    public async Task The_public_endpoints_need_no_login_and_the_logo_revalidates_by_etag()
    {
        HttpClient api = shared.Users.Admin.Http;
        JsonObject set = await Rest.SendRawAsync(api, HttpMethod.Put, Admin + "/logo", Rest.Image(TestImages.Png, "image/png"), HttpStatusCode.OK);
        string sha = Logo(set).Sha256;

        using HttpClient anonymous = Rest.Anonymous(shared.Users.Server);
        JsonObject shown = await Rest.SendAsync(anonymous, HttpMethod.Get, Public, null, HttpStatusCode.OK);
        Assert.Equal(set["name"]!.GetValue<string>(), shown["name"]!.GetValue<string>());

        using HttpResponseMessage plain = await anonymous.GetAsync(Public + "/logo");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal("image/png", plain.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"\"{sha}\"", plain.Headers.ETag!.Tag);
        Assert.True(plain.Headers.CacheControl!.NoCache);
        Assert.Equal(TestImages.Png, await plain.Content.ReadAsByteArrayAsync());

        using HttpResponseMessage versioned = await anonymous.GetAsync($"{Public}/logo?v={sha}");
        Assert.Equal(TimeSpan.FromDays(365), versioned.Headers.CacheControl!.MaxAge);

        foreach (string ifNoneMatch in new[] { $"\"{sha}\"", $"W/\"{sha}\"", $"\"other\", \"{sha}\"", "*" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Public + "/logo");
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            using HttpResponseMessage cached = await anonymous.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotModified, cached.StatusCode);
            Assert.Empty(await cached.Content.ReadAsByteArrayAsync());
        }

        using var stale = new HttpRequestMessage(HttpMethod.Get, Public + "/logo");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        using HttpResponseMessage changed = await anonymous.SendAsync(stale);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);

        // Without a login the administrator endpoints stay closed.
        await Rest.SendAsync(anonymous, HttpMethod.Get, Admin, null, HttpStatusCode.Unauthorized);
        await Rest.SendAsync(anonymous, HttpMethod.Delete, Admin + "/logo", null, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_handshake_carries_the_current_name_and_logo_hash()
    {
        HttpClient api = shared.Users.Admin.Http;
        string name = "Harbour " + Guid.NewGuid().ToString("N")[..6];
        await Rest.SendAsync(api, HttpMethod.Patch, Admin, new JsonObject { ["name"] = name }, HttpStatusCode.OK);
        JsonObject set = await Rest.SendRawAsync(api, HttpMethod.Put, Admin + "/logo", Rest.Image(TestImages.Jpeg, "image/jpeg"), HttpStatusCode.OK);

        HelloAck ack = await HelloAsync(shared.Users.Server);
        Assert.Equal((name, Logo(set).Sha256), (ack.ServerName, ack.LogoSha256));
    }

    [Fact]
    public async Task Plain_users_and_department_administrators_are_refused()
    {
        TwoUsers users = shared.Users;
        string tag = Guid.NewGuid().ToString("N")[..8];
        long department = (await Rest.SendAsync(users.Admin.Http, HttpMethod.Post, "/api/v1/admin/directory/departments", new JsonObject { ["name"] = "Dept " + tag }, HttpStatusCode.Created))["id"]!.GetValue<long>();
        long manager = await users.Admin.CreateAccountAsync("ent-mgr" + tag, "manager-password-1");
        await Rest.SendAsync(users.Admin.Http, HttpMethod.Post, "/api/v1/admin/administrators", new JsonObject
        {
            ["accountId"] = manager, ["role"] = "department", ["departmentIds"] = new JsonArray(department),
            ["permissions"] = new JsonArray("manageAccounts", "manageDepartments", "manageGroups", "sendNotices", "viewLogs"),
        }, HttpStatusCode.Created);
        JsonObject before = await Rest.SendAsync(users.Admin.Http, HttpMethod.Get, Admin, null, HttpStatusCode.OK);

        using HttpClient mgr = await Rest.LoginAsync(users.Server, "ent-mgr" + tag, "manager-password-1");
        using HttpClient alice = await Rest.LoginAsync(users.Server, "alice", TwoUsers.AlicePassword);
        foreach (HttpClient caller in new[] { mgr, alice })
        {
            await Rest.SendAsync(caller, HttpMethod.Get, Admin, null, HttpStatusCode.Forbidden);
            await Rest.SendAsync(caller, HttpMethod.Patch, Admin, new JsonObject { ["name"] = "Taken over" }, HttpStatusCode.Forbidden);
            await Rest.SendRawAsync(caller, HttpMethod.Put, Admin + "/logo", Rest.Image(TestImages.Png, "image/png"), HttpStatusCode.Forbidden);
            await Rest.SendAsync(caller, HttpMethod.Delete, Admin + "/logo", null, HttpStatusCode.Forbidden);
            await Rest.SendAsync(caller, HttpMethod.Get, Public, null, HttpStatusCode.OK);
        }

        Assert.Equal(before.ToJsonString(), (await Rest.SendAsync(users.Admin.Http, HttpMethod.Get, Admin, null, HttpStatusCode.OK)).ToJsonString());
    }

    private static (string ContentType, string Sha256, int Bytes) Logo(JsonObject body)
    {
        JsonNode logo = body["logo"]!;
        return (logo["contentType"]!.GetValue<string>(), logo["sha256"]!.GetValue<string>(), logo["bytes"]!.GetValue<int>());
    }

    private static async Task<HelloAck> HelloAsync(FerrydProcess server)
    {
        await using RawFramedClient client = await RawFramedClient.ConnectAsync("127.0.0.1", server.FramedPort, server.Fingerprint);
        return await client.HelloAsync();
    }
}
