using System.Net;
using System.Text.Json.Nodes;
using Ferry.Client;
using Ferry.Testing;
using Ferry.Transport.Contracts;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>Administrator changes pushed to online clients (issue 3 §5): a DirectoryNotice, and the SDK syncing by itself.</summary>
public sealed class DirectoryPushTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Admin = "/api/v1/admin/directory";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private AdminApi Api => shared.Users.Admin;

    private FerrydProcess Server => shared.Users.Server;

    [Fact]
    public async Task An_administrators_change_reaches_a_connected_sdk_client_without_it_asking()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        long colleague = await Api.CreateAccountAsync("pushed" + tag, "password-pushed" + tag);
        await using var devices = new Devices(Server);
        FerryClient alice = await devices.ConnectAsync("alice", "push-" + tag, receive: false);
        await alice.SyncDirectoryAsync();
        Assert.Equal("", alice.Directory.FindAccount((ulong)colleague)!.Title);
        await using RawFramedClient bob = (await shared.Users.ConnectAsync("bob", "push-raw-" + tag)).Client;

        var updated = new TaskCompletionSource<ulong>(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.DirectoryUpdated += version =>
        {
            if (alice.Directory.FindAccount((ulong)colleague)?.Title == "Director " + tag)
            {
                updated.TrySetResult(version);
            }
        };
        await SendAsync(HttpMethod.Patch, $"{Admin}/accounts/{colleague}", new JsonObject { ["title"] = "Director " + tag });

        // The SDK applied the change on its own; the test never called SyncDirectoryAsync after the PATCH.
        ulong version = await updated.Task.WaitAsync(Wait);
        Assert.Equal(version, alice.Directory.Version);
        Assert.Equal("Director " + tag, alice.Directory.FindAccount((ulong)colleague)!.Title);

        // On the wire: a push (request id 0; RawFramedClient sorts it into DirectoryBroadcasts) to every signed-in connection, naming the version the SDK reached
        // (an earlier notice, for the account's creation, may come first).
        DirectoryNotice notice = await NextDirectoryVersionNoticeAsync(bob, version);
        Assert.Equal(version, notice.DirectoryVersion);
        Assert.Equal((0UL, false), (notice.PersonalVersion, notice.OwnProfile));
    }

    [Fact]
    public async Task A_department_rule_that_hides_a_colleague_reaches_a_connected_sdk_client_as_a_view_change()
    {
        string tag = Guid.NewGuid().ToString("N")[..8];
        JsonObject department = await SendAsync(HttpMethod.Post, $"{Admin}/departments", new JsonObject { ["name"] = "Hidden " + tag, ["parentId"] = 0 }, HttpStatusCode.Created);
        long hiddenDepartment = department["id"]!.GetValue<long>();
        long colleague = await Api.CreateAccountAsync("veiled" + tag, "password-veiled" + tag);
        await SendAsync(HttpMethod.Put, $"{Admin}/accounts/{colleague}/memberships", new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = hiddenDepartment }) });
        await using var devices = new Devices(Server);
        FerryClient alice = await devices.ConnectAsync("alice", "view-" + tag, receive: false);
        await alice.SyncDirectoryAsync();
        Assert.NotNull(alice.Directory.FindAccount((ulong)colleague));

        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.DirectoryUpdated += _ =>
        {
            if (alice.Directory.FindAccount((ulong)colleague) is null)
            {
                dropped.TrySetResult();
            }
        };

        // A department rule moves no directory version: the broadcast says view_changed, the SDK syncs once and gets its reset.
        await SendAsync(HttpMethod.Put, $"/api/v1/admin/directory/visibility/departments/{hiddenDepartment}", new JsonObject { ["hidden"] = true });
        await dropped.Task.WaitAsync(Wait);
        Assert.Null(alice.Directory.FindAccount((ulong)colleague));
        Assert.DoesNotContain(alice.Directory.Departments, d => d.Id == (ulong)hiddenDepartment);
    }

    private static async Task<DirectoryNotice> NextDirectoryVersionNoticeAsync(RawFramedClient client, ulong atLeast)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            DirectoryNotice notice = await client.DirectoryBroadcasts.ReadAsync(timeout.Token);
            if (notice.DirectoryVersion >= atLeast)
            {
                return notice;
            }
        }
    }

    private Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject body, HttpStatusCode expected = HttpStatusCode.OK) =>
        Rest.SendAsync(Api.Http, method, path, body, expected);
}
