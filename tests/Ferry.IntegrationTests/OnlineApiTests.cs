using System.Net;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>The administrators' list of online devices and disconnect, on a real ferryd with real framed clients.</summary>
public sealed class OnlineApiTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Online = "/api/v1/admin/online";

    private TwoUsers Users => shared.Users;

    [Fact]
    public async Task Two_devices_of_one_account_are_listed_with_their_details_filtered_and_paged()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        long id = await CreateAsync("on" + tag, "Online 在线 " + tag);
        await using RawFramedClient pc = await ConnectAsync("on" + tag, "desk-1", DeviceType.DevicePc);
        await using RawFramedClient phone = await ConnectAsync("on" + tag, "phone-1", DeviceType.DeviceMobile);

        JsonObject list = await Rest.SendAsync(Users.Admin.Http, HttpMethod.Get, $"{Online}?q={tag}", null, HttpStatusCode.OK);
        Assert.Equal(2, list["total"]!.GetValue<int>());
        JsonArray devices = list["devices"]!.AsArray();
        Assert.Equal(["desk-1", "phone-1"], devices.Select(d => d!["deviceId"]!.GetValue<string>()));
        Assert.Equal(["pc", "mobile"], devices.Select(d => d!["deviceType"]!.GetValue<string>()));
        foreach (JsonNode? device in devices)
        {
            Assert.Equal(id, device!["accountId"]!.GetValue<long>());
            Assert.Equal("on" + tag, device["account"]!.GetValue<string>());
            Assert.Equal("Online 在线 " + tag, device["displayName"]!.GetValue<string>());
            Assert.Equal("ferry-raw-test", device["clientName"]!.GetValue<string>());
            Assert.StartsWith("127.0.0.1:", device["remoteAddress"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(device["connectedAtMs"]!.GetValue<long>() > DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds());
            Assert.True(device["loggedInAtMs"]!.GetValue<long>() >= device["connectedAtMs"]!.GetValue<long>());
        }

        Assert.True(devices[0]!["connectedAtMs"]!.GetValue<long>() <= devices[1]!["connectedAtMs"]!.GetValue<long>());

        // The display name filters too (case-insensitive), and paging keeps the total.
        JsonObject byDisplay = await Rest.SendAsync(Users.Admin.Http, HttpMethod.Get, $"{Online}?q={Uri.EscapeDataString("ONLINE 在线 " + tag)}", null, HttpStatusCode.OK);
        Assert.Equal(2, byDisplay["total"]!.GetValue<int>());
        JsonObject second = await Rest.SendAsync(Users.Admin.Http, HttpMethod.Get, $"{Online}?q={tag}&offset=1&limit=1", null, HttpStatusCode.OK);
        Assert.Equal(2, second["total"]!.GetValue<int>());
        Assert.Equal("phone-1", Assert.Single(second["devices"]!.AsArray())!["deviceId"]!.GetValue<string>());
        JsonObject none = await Rest.SendAsync(Users.Admin.Http, HttpMethod.Get, $"{Online}?q=nobody-{tag}", null, HttpStatusCode.OK);
        Assert.Equal("""{"total":0,"devices":[]}""", none.ToJsonString());

        // Without a filter: sorted by account name, then connected time.
        JsonObject all = await Rest.SendAsync(Users.Admin.Http, HttpMethod.Get, $"{Online}?limit=200", null, HttpStatusCode.OK);
        string[] names = all["devices"]!.AsArray().Select(d => d!["account"]!.GetValue<string>()).ToArray();
        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), names);
        Assert.Contains("on" + tag, names);

        foreach (string bad in new[] { "limit=0", "limit=201", "offset=-1", "limit=x" })
        {
            JsonObject error = await Rest.SendAsync(Users.Admin.Http, HttpMethod.Get, $"{Online}?{bad}", null, HttpStatusCode.BadRequest);
            Assert.Contains(bad.Split('=')[0] + ":", Rest.Message(error), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Disconnect_closes_the_accounts_connections_and_ends_their_sessions()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        long id = await CreateAsync("kick" + tag, null);
        (RawFramedClient pc, LoginResponse session) = await RawFramedClient.ConnectAndLoginAsync(
            "127.0.0.1", Users.Server.FramedPort, Users.Server.Fingerprint, "kick" + tag, Password, "desk");
        await using RawFramedClient phone = await ConnectAsync("kick" + tag, "phone", DeviceType.DeviceMobile);
        (RawFramedClient bob, _) = await Users.ConnectAsync("bob", "stays-" + tag);
        await using (pc)
        await using (bob)
        {
            await Rest.SendAsync(Users.Admin.Http, HttpMethod.Post, $"{Online}/{id}/disconnect", null, HttpStatusCode.NoContent);

            foreach (RawFramedClient client in new[] { pc, phone })
            {
                Error error = await ProtocolAbuseTests.FinalError(client);
                Assert.Equal((uint)ErrorCode.DisconnectedByAdmin, error.Code);
                Assert.Contains("administrator", error.Message, StringComparison.Ordinal);
            }

            Assert.Equal(FrameType.Pong, (await bob.SendRequestAsync(FrameType.Ping, null)).Type);
            JsonObject list = await Rest.SendAsync(Users.Admin.Http, HttpMethod.Get, $"{Online}?q=kick{tag}", null, HttpStatusCode.OK);
            Assert.Equal(0, list["total"]!.GetValue<int>());

            // The session is over: resuming fails; a password login works again.
            await using RawFramedClient again = await RawFramedClient.ConnectAsync("127.0.0.1", Users.Server.FramedPort, Users.Server.Fingerprint);
            await again.HelloAsync();
            var resume = await Assert.ThrowsAsync<FerryException>(() => again.RequestAsync(
                FrameType.ResumeRequest, new ResumeRequest { SessionToken = session.SessionToken, DeviceId = "desk" }, LoginResponse.Parser));
            Assert.Equal(ErrorCode.SessionExpired, resume.Code);
            LoginResponse fresh = await again.RequestAsync(FrameType.LoginRequest, new LoginRequest { Account = "kick" + tag, Password = Password, DeviceId = "desk", DeviceType = DeviceType.DevicePc }, LoginResponse.Parser);
            Assert.Equal((ulong)id, fresh.AccountId);
        }

        JsonObject missing = await Rest.SendAsync(Users.Admin.Http, HttpMethod.Post, $"{Online}/424242424242/disconnect", null, HttpStatusCode.NotFound);
        Assert.Contains("no account", Rest.Message(missing), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_department_administrator_sees_and_disconnects_only_its_own_accounts()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        HttpClient api = Users.Admin.Http;
        long sales = (await Rest.SendAsync(api, HttpMethod.Post, "/api/v1/admin/directory/departments", new JsonObject { ["name"] = "Sales " + tag }, HttpStatusCode.Created))["id"]!.GetValue<long>();
        long eng = (await Rest.SendAsync(api, HttpMethod.Post, "/api/v1/admin/directory/departments", new JsonObject { ["name"] = "Eng " + tag }, HttpStatusCode.Created))["id"]!.GetValue<long>();
        long manager = await CreateAsync("mgr" + tag, null, sales);
        long viewer = await CreateAsync("view" + tag, null, sales);
        long rep = await CreateAsync("rep" + tag, null, sales);
        long dev = await CreateAsync("dev" + tag, null, eng);
        await GrantAsync(manager, sales, "manageAccounts");
        await GrantAsync(viewer, sales, "manageDepartments");

        await using RawFramedClient repClient = await ConnectAsync("rep" + tag, "rep-desk", DeviceType.DevicePc);
        await using RawFramedClient devClient = await ConnectAsync("dev" + tag, "dev-desk", DeviceType.DeviceWeb);
        using HttpClient mgr = await Rest.LoginAsync(Users.Server, "mgr" + tag, Password);
        using HttpClient view = await Rest.LoginAsync(Users.Server, "view" + tag, Password);

        // The super administrator sees both; the manager only the account in Sales.
        JsonObject everything = await Rest.SendAsync(api, HttpMethod.Get, $"{Online}?q={tag}", null, HttpStatusCode.OK);
        Assert.Equal(["dev" + tag, "rep" + tag], everything["devices"]!.AsArray().Select(d => d!["account"]!.GetValue<string>()));
        Assert.Equal("web", everything["devices"]![0]!["deviceType"]!.GetValue<string>());
        JsonObject scoped = await Rest.SendAsync(mgr, HttpMethod.Get, $"{Online}?q={tag}", null, HttpStatusCode.OK);
        Assert.Equal(1, scoped["total"]!.GetValue<int>());
        Assert.Equal(rep, scoped["devices"]![0]!["accountId"]!.GetValue<long>());

        // Without manage accounts: refused. Out of scope: refused, and the device stays connected.
        await Rest.SendAsync(view, HttpMethod.Get, Online, null, HttpStatusCode.Forbidden);
        await Rest.SendAsync(view, HttpMethod.Post, $"{Online}/{rep}/disconnect", null, HttpStatusCode.Forbidden);
        await Rest.SendAsync(mgr, HttpMethod.Post, $"{Online}/{dev}/disconnect", null, HttpStatusCode.Forbidden);
        await Rest.SendAsync(mgr, HttpMethod.Post, $"{Online}/424242424242/disconnect", null, HttpStatusCode.Forbidden);
        Assert.Equal(FrameType.Pong, (await devClient.SendRequestAsync(FrameType.Ping, null)).Type);

        await Rest.SendAsync(mgr, HttpMethod.Post, $"{Online}/{rep}/disconnect", null, HttpStatusCode.NoContent);
        Assert.Equal((uint)ErrorCode.DisconnectedByAdmin, (await ProtocolAbuseTests.FinalError(repClient)).Code);
        JsonObject after = await Rest.SendAsync(api, HttpMethod.Get, $"{Online}?q={tag}", null, HttpStatusCode.OK);
        Assert.Equal(["dev" + tag], after["devices"]!.AsArray().Select(d => d!["account"]!.GetValue<string>()));

        // A plain user gets nothing.
        using HttpClient alice = await Rest.LoginAsync(Users.Server, "alice", TwoUsers.AlicePassword);
        await Rest.SendAsync(alice, HttpMethod.Get, Online, null, HttpStatusCode.Forbidden);
        await Rest.SendAsync(alice, HttpMethod.Post, $"{Online}/{dev}/disconnect", null, HttpStatusCode.Forbidden);
    }

    private const string Password = "online-password-1";

    private async Task<long> CreateAsync(string account, string? displayName, long? department = null)
    {
        var body = new JsonObject { ["account"] = account, ["password"] = Password };
        if (displayName is not null)
        {
            body["displayName"] = displayName;
        }

        long id = (await Rest.SendAsync(Users.Admin.Http, HttpMethod.Post, "/api/v1/admin/accounts", body, HttpStatusCode.Created))["id"]!.GetValue<long>();
        if (department is { } d)
        {
            await Rest.SendAsync(Users.Admin.Http, HttpMethod.Put, $"/api/v1/admin/directory/accounts/{id}/memberships",
                new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = d }) }, HttpStatusCode.OK);
        }

        return id;
    }

    private Task GrantAsync(long account, long department, string permission) =>
        Rest.SendAsync(Users.Admin.Http, HttpMethod.Post, "/api/v1/admin/administrators", new JsonObject
        {
            ["accountId"] = account, ["role"] = "department", ["departmentIds"] = new JsonArray(department), ["permissions"] = new JsonArray(permission),
        }, HttpStatusCode.Created);

    private async Task<RawFramedClient> ConnectAsync(string account, string deviceId, DeviceType type)
    {
        RawFramedClient client = await RawFramedClient.ConnectAsync("127.0.0.1", Users.Server.FramedPort, Users.Server.Fingerprint);
        await client.HelloAsync();
        await client.RequestAsync(FrameType.LoginRequest, new LoginRequest { Account = account, Password = Password, DeviceId = deviceId, DeviceType = type }, LoginResponse.Parser);
        return client;
    }
}
