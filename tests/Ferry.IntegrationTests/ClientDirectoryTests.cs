using System.Net;
using System.Text.Json.Nodes;
using Ferry.Testing;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>The client directory API (frame types 40-59) on a real ferryd, through real TLS sockets.</summary>
public sealed class ClientDirectoryTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Admin = "/api/v1/admin/directory";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private AdminApi Api => shared.Users.Admin;

    private FerrydProcess Server => shared.Users.Server;

    [Fact]
    public async Task Incremental_sync_fetches_only_changes_and_removals_keep_deleted_names()
    {
        string tag = Tag();
        long company = await CreateDepartmentAsync("Sync " + tag, 0);
        long sales = await CreateDepartmentAsync("Sales", company);
        long support = await CreateDepartmentAsync("Support", company);
        (long leaver, _) = await CreateUserAsync("leaver" + tag, "Leaver " + tag);
        await using RawFramedClient alice = await ConnectAsync("alice", TwoUsers.AlicePassword, "sync-1");

        SyncResult first = await SyncAllAsync(alice, 0, 0);
        Assert.False(first.Reset);
        Assert.Contains(first.Departments, d => d.Id == (ulong)sales && d.ParentId == (ulong)company);
        Assert.Contains(first.Accounts, a => a.Id == (ulong)leaver && a.DisplayName == "Leaver " + tag);
        Assert.Contains(first.Accounts, a => a.Account == "alice");
        Assert.NotNull(first.Settings);
        Assert.True(first.Settings!.EditableFields["signature"]);

        // Nothing changed: an empty page at the same version.
        SyncResult idle = await SyncAllAsync(alice, first.NextVersion, first.Fingerprint);
        Assert.Equal((first.NextVersion, 0, 0, 0), (idle.NextVersion, idle.Departments.Count, idle.Accounts.Count, idle.Removals.Count));

        await SendAsync(HttpMethod.Patch, $"{Admin}/departments/{support}", new JsonObject { ["name"] = "Customer Care" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Delete, $"{Admin}/departments/{sales}", null, HttpStatusCode.NoContent);
        await SendAsync(HttpMethod.Delete, $"{Admin}/accounts/{leaver}", null, HttpStatusCode.OK);

        SyncResult delta = await SyncAllAsync(alice, first.NextVersion, first.Fingerprint);
        Assert.False(delta.Reset);
        Assert.Equal([(ulong)support], delta.Departments.Select(d => d.Id));
        Assert.Equal("Customer Care", delta.Departments[0].Name);
        Assert.Empty(delta.Accounts);
        Assert.Equal(2, delta.Removals.Count);
        DirectoryRemoval department = delta.Removals.Single(r => r.Kind == DirectoryEntityKind.DirectoryEntityDepartment);
        Assert.Equal(((ulong)sales, true), (department.Id, department.Deleted));
        DirectoryRemoval account = delta.Removals.Single(r => r.Kind == DirectoryEntityKind.DirectoryEntityAccount);
        Assert.Equal(((ulong)leaver, true, "leaver" + tag, "Leaver " + tag), (account.Id, account.Deleted, account.Account, account.DisplayName));
        Assert.True(delta.NextVersion > first.NextVersion);
    }

    [Fact]
    public async Task A_version_from_another_history_or_another_view_resets_to_a_full_sync()
    {
        await using RawFramedClient alice = await ConnectAsync("alice", TwoUsers.AlicePassword, "reset-1");
        SyncResult current = await SyncAllAsync(alice, 0, 0);

        SyncResult future = await SyncAllAsync(alice, current.NextVersion + 1000, current.Fingerprint);
        Assert.True(future.Reset);
        Assert.Contains(future.Accounts, a => a.Account == "alice");
        Assert.Equal(current.NextVersion, future.NextVersion);

        SyncResult otherView = await SyncAllAsync(alice, current.NextVersion, current.Fingerprint ^ 0x5A5A);
        Assert.True(otherView.Reset);
        Assert.Equal(current.Accounts.Count, otherView.Accounts.Count);

        FerryException bad = await Assert.ThrowsAsync<FerryException>(() =>
            alice.RequestAsync(FrameType.DirectorySyncRequest, new DirectorySyncRequest { Limit = 5000 }, DirectorySyncResponse.Parser));
        Assert.Equal(ErrorCode.BadRequest, bad.Code);
        Assert.Contains("limit", bad.Message, StringComparison.Ordinal);
        bad = await Assert.ThrowsAsync<FerryException>(() =>
            alice.RequestAsync(FrameType.DirectorySyncRequest, new DirectorySyncRequest { SinceVersion = ulong.MaxValue }, DirectorySyncResponse.Parser));
        Assert.Equal(ErrorCode.BadRequest, bad.Code);

        // The REST sync follows the same rules: a foreign fingerprint (view=) resets.
        JsonObject rest = await SendAsync(HttpMethod.Get, $"/api/v1/directory/changes?since={current.NextVersion}&view={current.Fingerprint ^ 0x5A5A}", null, HttpStatusCode.OK);
        Assert.True(rest["reset"]!.GetValue<bool>());
        Assert.Equal(current.Fingerprint, rest["viewFingerprint"]!.GetValue<ulong>());
        JsonObject same = await SendAsync(HttpMethod.Get, $"/api/v1/directory/changes?since={current.NextVersion}&view={current.Fingerprint}", null, HttpStatusCode.OK);
        Assert.False(same["reset"]!.GetValue<bool>());
        await SendAsync(HttpMethod.Get, "/api/v1/directory/changes?view=abc", null, HttpStatusCode.BadRequest);

        // A bad request costs only that request: the connection still answers.
        Assert.True((await SyncAllAsync(alice, current.NextVersion, current.Fingerprint)).NextVersion >= current.NextVersion);
    }

    [Fact]
    public async Task Search_finds_people_by_name_account_full_pinyin_initials_polyphones_and_mixed_names()
    {
        string tag = Tag();
        (long zhang, _) = await CreateUserAsync("zsan" + tag, "张三");
        (long shan, _) = await CreateUserAsync("sxx" + tag, "单雄信");
        (long tom, _) = await CreateUserAsync("tom" + tag, "张Tom");
        await using RawFramedClient bob = await ConnectAsync("bob", TwoUsers.BobPassword, "search-1");

        Assert.Contains(zhang, await SearchAsync(bob, "zs"));
        Assert.Contains(zhang, await SearchAsync(bob, "zhangsan"));
        Assert.Contains(zhang, await SearchAsync(bob, "张三"));
        Assert.Contains(zhang, await SearchAsync(bob, "zsan" + tag));

        // 单 reads dan (customary) and shan (as a surname): both find 单雄信.
        Assert.Contains(shan, await SearchAsync(bob, "shanxiongxin"));
        Assert.Contains(shan, await SearchAsync(bob, "danxiongxin"));
        Assert.Contains(shan, await SearchAsync(bob, "sxx"));

        // Mixed Chinese/Latin: full pinyin + word, and initials.
        Assert.Contains(tom, await SearchAsync(bob, "zhangtom"));
        Assert.Contains(tom, await SearchAsync(bob, "ztom"));

        DirectorySearchResponse hits = await bob.RequestAsync(FrameType.DirectorySearchRequest, new DirectorySearchRequest { Query = "单雄信" }, DirectorySearchResponse.Parser);
        DirectorySearchHit hit = hits.Hits.First(h => h.Id == (ulong)shan);
        Assert.Equal(("sxx" + tag, "单雄信"), (hit.Account, hit.DisplayName));

        // A frozen account disappears from search; a renamed one is found by its new name.
        await SendAsync(HttpMethod.Post, $"{Admin}/accounts/{tom}/freeze", null, HttpStatusCode.OK);
        Assert.DoesNotContain(tom, await SearchAsync(bob, "tom" + tag));
        await SendAsync(HttpMethod.Patch, $"{Admin}/accounts/{zhang}", new JsonObject { ["displayName"] = "李四" + tag }, HttpStatusCode.OK);
        Assert.Contains(zhang, await SearchAsync(bob, "lisi" + tag));

        foreach (DirectorySearchRequest wrong in new[] { new DirectorySearchRequest { Query = "  " }, new DirectorySearchRequest { Query = new string('a', 65) }, new DirectorySearchRequest { Query = "zs", Limit = 51 } })
        {
            FerryException error = await Assert.ThrowsAsync<FerryException>(() => bob.RequestAsync(FrameType.DirectorySearchRequest, wrong, DirectorySearchResponse.Parser));
            Assert.Equal(ErrorCode.BadRequest, error.Code);
        }
    }

    [Fact]
    public async Task Profiles_are_looked_up_by_id_and_account_and_unknown_ones_are_missing()
    {
        await using RawFramedClient bob = await ConnectAsync("bob", TwoUsers.BobPassword, "lookup-1");
        long aliceId = (await SyncAllAsync(bob, 0, 0)).Accounts.Single(a => a.Account == "alice").Id is var id ? (long)id : 0;

        var request = new ProfileLookupRequest();
        request.Ids.Add([(ulong)aliceId, 987654321UL]);
        request.Accounts.Add(["bob", "nobody-" + Tag()]);
        ProfileLookupResponse answer = await bob.RequestAsync(FrameType.ProfileLookupRequest, request, ProfileLookupResponse.Parser);
        Assert.Equal(["alice", "bob"], answer.Accounts.Select(a => a.Account).Order());
        Assert.Equal([987654321UL], answer.MissingIds);
        Assert.Single(answer.MissingAccounts);

        var tooMany = new ProfileLookupRequest();
        tooMany.Ids.Add(Enumerable.Range(1, 101).Select(i => (ulong)i));
        var zero = new ProfileLookupRequest();
        zero.Ids.Add(0UL);
        foreach (ProfileLookupRequest wrong in new[] { new ProfileLookupRequest(), tooMany, zero })
        {
            FerryException error = await Assert.ThrowsAsync<FerryException>(() => bob.RequestAsync(FrameType.ProfileLookupRequest, wrong, ProfileLookupResponse.Parser));
            Assert.Equal(ErrorCode.BadRequest, error.Code);
        }
    }

    [Fact]
    public async Task Own_profile_edits_allowed_fields_only_and_the_other_device_is_told()
    {
        (_, string name) = await CreateUserAsync("own" + Tag(), "Own User");
        await using RawFramedClient phone = await ConnectAsync(name, Password(name), "phone");
        await using RawFramedClient desk = await ConnectAsync(name, Password(name), "desk");

        OwnProfileResponse own = await phone.RequestAsync(FrameType.OwnProfileRequest, new OwnProfileRequest(), OwnProfileResponse.Parser);
        Assert.Equal(name, own.Account.Account);
        Assert.False(own.Settings.EditableFields["title"]);

        OwnProfileResponse updated = await phone.RequestAsync(FrameType.UpdateOwnProfileRequest, new UpdateOwnProfileRequest { Signature = "Gone fishing", Mobile = "+86 138 0000 0001" }, OwnProfileResponse.Parser);
        Assert.Equal(("Gone fishing", "+86 138 0000 0001"), (updated.Account.Signature, updated.Account.Mobile));
        DirectoryNotice notice = await NextNoticeAsync(desk);
        Assert.True(notice.OwnProfile);

        FerryException refused = await Assert.ThrowsAsync<FerryException>(() =>
            phone.RequestAsync(FrameType.UpdateOwnProfileRequest, new UpdateOwnProfileRequest { Signature = "changed", Title = "CEO" }, OwnProfileResponse.Parser));
        Assert.Equal(ErrorCode.BadRequest, refused.Code);
        Assert.Contains("title", refused.Message, StringComparison.Ordinal);
        FerryException empty = await Assert.ThrowsAsync<FerryException>(() =>
            phone.RequestAsync(FrameType.UpdateOwnProfileRequest, new UpdateOwnProfileRequest(), OwnProfileResponse.Parser));
        Assert.Equal(ErrorCode.BadRequest, empty.Code);

        OwnProfileResponse after = await desk.RequestAsync(FrameType.OwnProfileRequest, new OwnProfileRequest(), OwnProfileResponse.Parser);
        Assert.Equal(("Gone fishing", ""), (after.Account.Signature, after.Account.Title));
    }

    [Fact]
    public async Task Contact_groups_and_frequent_departments_are_kept_bounded_validated_and_announced()
    {
        string tag = Tag();
        (_, string name) = await CreateUserAsync("groups" + tag, "Groups User");
        (long friend, _) = await CreateUserAsync("friend" + tag, "Friend");
        long department = await CreateDepartmentAsync("Frequent " + tag, 0);
        await using RawFramedClient phone = await ConnectAsync(name, Password(name), "phone");
        await using RawFramedClient desk = await ConnectAsync(name, Password(name), "desk");

        PersonalData empty = (await PersonalAsync(phone, FrameType.PersonalDataRequest, new PersonalDataRequest())).Data;
        Assert.Equal((0UL, 0, 0), (empty.Version, empty.Groups.Count, empty.FrequentDepartmentIds.Count));

        PersonalDataResponse created = await PersonalAsync(phone, FrameType.ContactGroupRequest, new ContactGroupRequest { Create = "Team" });
        ulong team = created.CreatedGroupId;
        Assert.Equal(team, Assert.Single(created.Data.Groups).Id);
        Assert.Equal(created.Data.Version, (await NextNoticeAsync(desk)).PersonalVersion);

        var members = new SetContactGroupMembers { GroupId = team };
        members.MemberIds.Add((ulong)friend);
        PersonalData withMember = (await PersonalAsync(phone, FrameType.ContactGroupRequest, new ContactGroupRequest { SetMembers = members })).Data;
        Assert.Equal([(ulong)friend], withMember.Groups.Single().MemberIds);

        ulong family = (await PersonalAsync(phone, FrameType.ContactGroupRequest, new ContactGroupRequest { Create = "Family" })).CreatedGroupId;
        await PersonalAsync(phone, FrameType.ContactGroupRequest, new ContactGroupRequest { Rename = new RenameContactGroup { GroupId = team, Name = "Core team" } });
        var reorder = new ReorderContactGroups();
        reorder.GroupIds.Add([family, team]);
        PersonalData reordered = (await PersonalAsync(phone, FrameType.ContactGroupRequest, new ContactGroupRequest { Reorder = reorder })).Data;
        Assert.Equal(["Family", "Core team"], reordered.Groups.Select(g => g.Name));

        var frequent = new SetFrequentDepartmentsRequest();
        frequent.DepartmentIds.Add((ulong)department);
        Assert.Equal([(ulong)department], (await PersonalAsync(phone, FrameType.SetFrequentDepartmentsRequest, frequent)).Data.FrequentDepartmentIds);

        // Bad input: refused with a clear message, nothing changed.
        var unknownMember = new SetContactGroupMembers { GroupId = team };
        unknownMember.MemberIds.Add(424242UL);
        var twice = new SetContactGroupMembers { GroupId = team };
        twice.MemberIds.Add([(ulong)friend, (ulong)friend]);
        var badOrder = new ReorderContactGroups();
        badOrder.GroupIds.Add(team);
        var unknownDepartment = new SetFrequentDepartmentsRequest();
        unknownDepartment.DepartmentIds.Add(424242UL);
        var tooManyDepartments = new SetFrequentDepartmentsRequest();
        tooManyDepartments.DepartmentIds.Add(Enumerable.Range(1, 51).Select(i => (ulong)i));
        (FrameType, Google.Protobuf.IMessage, ErrorCode, string)[] wrong =
        [
            (FrameType.ContactGroupRequest, new ContactGroupRequest { Create = "core TEAM" }, ErrorCode.Conflict, "already"),
            (FrameType.ContactGroupRequest, new ContactGroupRequest { Create = " " }, ErrorCode.BadRequest, "name"),
            (FrameType.ContactGroupRequest, new ContactGroupRequest { SetMembers = unknownMember }, ErrorCode.BadRequest, "no account 424242"),
            (FrameType.ContactGroupRequest, new ContactGroupRequest { SetMembers = twice }, ErrorCode.BadRequest, "twice"),
            (FrameType.ContactGroupRequest, new ContactGroupRequest { Reorder = badOrder }, ErrorCode.BadRequest, "exactly once"),
            (FrameType.ContactGroupRequest, new ContactGroupRequest { Delete = 424242 }, ErrorCode.NotFound, "no group"),
            (FrameType.ContactGroupRequest, new ContactGroupRequest(), ErrorCode.BadRequest, "change"),
            (FrameType.SetFrequentDepartmentsRequest, unknownDepartment, ErrorCode.BadRequest, "no department 424242"),
            (FrameType.SetFrequentDepartmentsRequest, tooManyDepartments, ErrorCode.BadRequest, "at most 50"),
        ];
        PersonalData before = (await PersonalAsync(desk, FrameType.PersonalDataRequest, new PersonalDataRequest())).Data;
        foreach ((FrameType type, Google.Protobuf.IMessage request, ErrorCode code, string message) in wrong)
        {
            FerryException error = await Assert.ThrowsAsync<FerryException>(() => PersonalAsync(phone, type, request));
            Assert.Equal(code, error.Code);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await PersonalAsync(desk, FrameType.PersonalDataRequest, new PersonalDataRequest())).Data);

        // At most 100 groups.
        for (int i = before.Groups.Count; i < 100; i++)
        {
            await PersonalAsync(phone, FrameType.ContactGroupRequest, new ContactGroupRequest { Create = "Group " + i });
        }

        FerryException full = await Assert.ThrowsAsync<FerryException>(() => PersonalAsync(phone, FrameType.ContactGroupRequest, new ContactGroupRequest { Create = "One more" }));
        Assert.Contains("at most 100", full.Message, StringComparison.Ordinal);

        // A deleted group is gone on every device; a deleted member drops out of its groups.
        await PersonalAsync(phone, FrameType.ContactGroupRequest, new ContactGroupRequest { Delete = family });
        await SendAsync(HttpMethod.Delete, $"{Admin}/accounts/{friend}", null, HttpStatusCode.OK);
        PersonalData after = (await PersonalAsync(desk, FrameType.PersonalDataRequest, new PersonalDataRequest())).Data;
        Assert.Equal(100 - 1, after.Groups.Count);
        Assert.DoesNotContain(after.Groups, g => g.Id == family);
        Assert.Empty(after.Groups.Single(g => g.Id == team).MemberIds);
    }

    [Fact]
    public async Task Recent_contacts_are_the_direct_conversation_peers_most_recent_first()
    {
        string tag = Tag();
        (_, string name) = await CreateUserAsync("recent" + tag, "Recent User");
        await using RawFramedClient me = await ConnectAsync(name, Password(name), "recent-1");
        Assert.Empty((await me.RequestAsync(FrameType.RecentContactsRequest, new RecentContactsRequest(), RecentContactsResponse.Parser)).Contacts);

        await SendTextAsync(me, "bob");
        await SendTextAsync(me, "alice");
        RecentContactsResponse recent = await me.RequestAsync(FrameType.RecentContactsRequest, new RecentContactsRequest(), RecentContactsResponse.Parser);
        Assert.Equal(["alice", "bob"], recent.Contacts.Select(c => c.Account));
        Assert.True(recent.Contacts[0].LastActiveMs >= recent.Contacts[1].LastActiveMs);

        await SendTextAsync(me, "bob");
        recent = await me.RequestAsync(FrameType.RecentContactsRequest, new RecentContactsRequest { Limit = 1 }, RecentContactsResponse.Parser);
        Assert.Equal(["bob"], recent.Contacts.Select(c => c.Account));

        FerryException error = await Assert.ThrowsAsync<FerryException>(() => me.RequestAsync(FrameType.RecentContactsRequest, new RecentContactsRequest { Limit = 51 }, RecentContactsResponse.Parser));
        Assert.Equal(ErrorCode.BadRequest, error.Code);
    }

    [Fact]
    public async Task The_sdk_keeps_a_versioned_copy_and_hears_about_changes_made_on_another_device()
    {
        string tag = Tag();
        await using var devices = new Devices(Server);
        Ferry.Client.FerryClient laptop = await devices.ConnectAsync("alice", "laptop-" + tag, receive: false);
        Ferry.Client.FerryClient phone = await devices.ConnectAsync("alice", "phone-" + tag, receive: false);

        await laptop.SyncDirectoryAsync();
        Assert.NotNull(laptop.Directory.FindAccount("bob"));
        ulong held = laptop.Directory.Version;
        int accounts = laptop.Directory.Accounts.Count;

        long department = await CreateDepartmentAsync("SDK " + tag, 0);
        Assert.Equal(1, await laptop.SyncDirectoryAsync());
        Assert.Contains(laptop.Directory.Departments, d => d.Id == (ulong)department);
        Assert.Equal(accounts, laptop.Directory.Accounts.Count);
        Assert.True(laptop.Directory.Version > held);

        var heard = new TaskCompletionSource<DirectoryNotice>(TaskCreationOptions.RunContinuationsAsynchronously);
        laptop.DirectoryNoticeReceived += notice =>
        {
            // Directory-wide change broadcasts (directory_version) may arrive too; this waits for the personal one.
            if (notice.PersonalVersion > 0)
            {
                heard.TrySetResult(notice);
            }
        };
        (ulong group, PersonalData data) = await phone.CreateContactGroupAsync("SDK " + tag);
        Assert.Equal(data.Version, (await heard.Task.WaitAsync(Wait)).PersonalVersion);
        Assert.Contains((await laptop.GetPersonalDataAsync()).Groups, g => g.Id == group);

        // Restarted, the device keeps its copy and fetches only what changed while it was away.
        ulong before = laptop.Directory.Version;
        await devices.DisconnectAsync(laptop);
        laptop = await devices.ConnectAsync("alice", "laptop-" + tag, receive: false);
        Assert.Equal((before, accounts), (laptop.Directory.Version, laptop.Directory.Accounts.Count));
        await CreateDepartmentAsync("After restart " + tag, department);
        Assert.Equal(1, await laptop.SyncDirectoryAsync());
        Assert.Contains(laptop.Directory.Departments, d => d.Name == "After restart " + tag);

        Assert.Contains(await laptop.SearchDirectoryAsync("bob"), h => h.Account == "bob");
        Assert.Equal("Signed by SDK", (await phone.SetSignatureAsync("Signed by SDK")).Account.Signature);
        Assert.Equal("Signed by SDK", (await laptop.GetOwnProfileAsync()).Account.Signature);
    }

    [Fact]
    public async Task Directory_requests_need_a_session()
    {
        await using RawFramedClient anonymous = await RawFramedClient.ConnectAsync("127.0.0.1", Server.FramedPort, Server.Fingerprint);
        await anonymous.HelloAsync();
        FerryException error = await Assert.ThrowsAsync<FerryException>(() =>
            anonymous.RequestAsync(FrameType.DirectorySearchRequest, new DirectorySearchRequest { Query = "alice" }, DirectorySearchResponse.Parser));
        Assert.Equal(ErrorCode.Unauthenticated, error.Code);
    }

    private static async Task SendTextAsync(RawFramedClient client, string peer) =>
        await client.RequestAsync(FrameType.SendRequest, new SendRequest { ClientMessageId = Guid.CreateVersion7().ToString(), PeerAccount = peer, Kind = MessageKind.MessageText, Text = "hi" }, SendAck.Parser);

    private static Task<PersonalDataResponse> PersonalAsync(RawFramedClient client, FrameType type, Google.Protobuf.IMessage request) =>
        client.RequestAsync(type, request, PersonalDataResponse.Parser);

    private static async Task<List<long>> SearchAsync(RawFramedClient client, string query)
    {
        DirectorySearchResponse answer = await client.RequestAsync(FrameType.DirectorySearchRequest, new DirectorySearchRequest { Query = query, Limit = 50 }, DirectorySearchResponse.Parser);
        Assert.True(answer.Hits.Count <= 50);
        return answer.Hits.Select(h => (long)h.Id).ToList();
    }

    /// <summary>The next DirectoryNotice pushed to the client (other pushes skipped), bounded by a timeout.</summary>
    private static async Task<DirectoryNotice> NextNoticeAsync(RawFramedClient client)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            ReceivedFrame push = await client.Pushes.ReadAsync(timeout.Token);
            if (push.Type == FrameType.DirectoryNotice)
            {
                Assert.Equal(0u, push.RequestId);
                return push.As(DirectoryNotice.Parser);
            }
        }
    }

    private sealed record SyncResult(
        List<DirectoryDepartment> Departments, List<DirectoryAccount> Accounts, List<DirectoryRemoval> Removals, DirectorySettings? Settings,
        ulong NextVersion, ulong Fingerprint, bool Reset);

    /// <summary>Pages of 50 until <c>more</c> is false, merged; the first page's reset flag.</summary>
    private static async Task<SyncResult> SyncAllAsync(RawFramedClient client, ulong since, ulong fingerprint)
    {
        var result = new SyncResult([], [], [], null, since, fingerprint, false);
        bool first = true;
        while (true)
        {
            DirectorySyncResponse page = await client.RequestAsync(
                FrameType.DirectorySyncRequest, new DirectorySyncRequest { SinceVersion = since, Limit = 50, ViewFingerprint = fingerprint }, DirectorySyncResponse.Parser);
            if (first)
            {
                result = result with { Reset = page.Reset };
                first = false;
            }
            else
            {
                Assert.False(page.Reset);
            }

            result.Departments.AddRange(page.Departments);
            result.Accounts.AddRange(page.Accounts);
            result.Removals.AddRange(page.Removals);
            result = result with { Settings = page.Settings ?? result.Settings, NextVersion = page.NextVersion, Fingerprint = page.ViewFingerprint };
            since = page.NextVersion;
            fingerprint = page.ViewFingerprint;
            if (!page.More)
            {
                return result;
            }
        }
    }

    private async Task<RawFramedClient> ConnectAsync(string account, string password, string device) =>
        (await RawFramedClient.ConnectAndLoginAsync("127.0.0.1", Server.FramedPort, Server.Fingerprint, account, password, device)).Client;

    private async Task<(long Id, string Name)> CreateUserAsync(string name, string displayName)
    {
        long id = await Api.CreateAccountAsync(name, Password(name));
        await SendAsync(HttpMethod.Patch, $"{Admin}/accounts/{id}", new JsonObject { ["displayName"] = displayName }, HttpStatusCode.OK);
        return (id, name);
    }

    private Task<long> CreateDepartmentAsync(string name, long parent) => Api.CreateDepartmentAsync(name, parent);

    private Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, HttpStatusCode expected) =>
        Rest.SendAsync(Api.Http, method, path, body, expected);

    private static string Password(string account) => "password-" + account;

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];
}
