using System.Net;
using System.Text.Json.Nodes;
using Ferry.Client;
using Ferry.Testing;
using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>
/// Visibility end to end (issue 3 §3): an administrator sets rules over REST, and plain users' SDK clients see the
/// directory through them over the framed protocol — sync, search and lookup alike. Each test builds its own
/// departments and accounts, so the rules of one do not concern the viewers of another.
/// </summary>
public sealed class VisibilityEndToEndTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private const string Admin = "/api/v1/admin/directory";
    private const string Rules = Admin + "/visibility";

    private AdminApi Api => shared.Users.Admin;

    private FerrydProcess Server => shared.Users.Server;

    [Fact]
    public async Task Hidden_accounts_are_missing_everywhere_and_a_leaders_contacts_are_blank_to_plain_users_only()
    {
        string tag = Tag();
        long team = await CreateDepartmentAsync("Team " + tag, 0);
        (long viewer, string viewerName) = await CreateMemberAsync("view" + tag, "Viewer " + tag, team);
        (long hidden, string hiddenName) = await CreateMemberAsync("ghost" + tag, "Ghost " + tag, team);
        (long leader, string leaderName) = await CreateMemberAsync("boss" + tag, "Boss " + tag, team);
        await SendAsync(HttpMethod.Patch, $"{Admin}/accounts/{leader}",
            new JsonObject { ["mobile"] = "+86 138 0000 0002", ["phone"] = "010-8888", ["email"] = "boss@example.com", ["title"] = "CEO" }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"{Rules}/accounts/{hidden}", new JsonObject { ["hidden"] = true }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"{Rules}/accounts/{leader}", new JsonObject { ["contactsHidden"] = true }, HttpStatusCode.OK);

        await using var devices = new Devices(Server);
        FerryClient user = await devices.ConnectAsync(viewerName, "pc-" + tag, receive: false, password: Password(viewerName));
        await user.SyncDirectoryAsync();

        // Sync: the hidden account is not there; the leader is, with mobile, phone and e-mail blank, the title kept.
        Assert.NotNull(user.Directory.FindAccount((ulong)viewer));
        Assert.Null(user.Directory.FindAccount((ulong)hidden));
        Assert.Null(user.Directory.FindAccount(hiddenName));
        DirectoryAccount seen = Assert.IsType<DirectoryAccount>(user.Directory.FindAccount((ulong)leader));
        Assert.Equal(("", "", "", "CEO"), (seen.Mobile, seen.Phone, seen.Email, seen.Title));

        // Search: the hidden account is not found, not even by its exact account name; its visible colleagues are.
        Assert.DoesNotContain(await user.SearchDirectoryAsync(hiddenName), h => h.Id == (ulong)hidden);
        Assert.DoesNotContain(await user.SearchDirectoryAsync("Ghost " + tag), h => h.Id == (ulong)hidden);
        Assert.Contains(await user.SearchDirectoryAsync(leaderName), h => h.Id == (ulong)leader);

        // Lookup: the hidden account is answered as missing, by id and by name, like one that does not exist.
        ProfileLookupResponse lookup = await user.LookupProfilesAsync([(ulong)hidden, (ulong)leader], [hiddenName]);
        Assert.Equal([(ulong)hidden], lookup.MissingIds);
        Assert.Equal([hiddenName], lookup.MissingAccounts);
        DirectoryAccount looked = Assert.Single(lookup.Accounts);
        Assert.Equal(((ulong)leader, "", "", ""), (looked.Id, looked.Mobile, looked.Phone, looked.Email));

        // The leader sees its own contacts; the hidden account sees itself.
        FerryClient boss = await devices.ConnectAsync(leaderName, "pc-" + tag, receive: false, password: Password(leaderName));
        DirectoryAccount self = Assert.Single((await boss.LookupProfilesAsync([(ulong)leader])).Accounts);
        Assert.Equal(("+86 138 0000 0002", "010-8888", "boss@example.com"), (self.Mobile, self.Phone, self.Email));
        FerryClient ghost = await devices.ConnectAsync(hiddenName, "pc-" + tag, receive: false, password: Password(hiddenName));
        await ghost.SyncDirectoryAsync();
        Assert.NotNull(ghost.Directory.FindAccount((ulong)hidden));

        // An administrator sees everything: the hidden account and the leader's contacts.
        FerryClient admin = await devices.ConnectAsync("admin", "pc-" + tag, receive: false, password: Server.AdminPassword);
        await admin.SyncDirectoryAsync();
        Assert.NotNull(admin.Directory.FindAccount((ulong)hidden));
        DirectoryAccount adminSees = Assert.IsType<DirectoryAccount>(admin.Directory.FindAccount((ulong)leader));
        Assert.Equal(("+86 138 0000 0002", "010-8888", "boss@example.com"), (adminSees.Mobile, adminSees.Phone, adminSees.Email));
        Assert.Single((await admin.LookupProfilesAsync([(ulong)hidden])).Accounts);
        Assert.Contains(await admin.SearchDirectoryAsync(hiddenName), h => h.Id == (ulong)hidden);
    }

    [Fact]
    public async Task A_user_without_the_directory_sees_only_itself()
    {
        string tag = Tag();
        long team = await CreateDepartmentAsync("Lonely " + tag, 0);
        (long loner, string lonerName) = await CreateMemberAsync("loner" + tag, "Loner " + tag, team);
        (long colleague, string colleagueName) = await CreateMemberAsync("mate" + tag, "Mate " + tag, team);
        await SendAsync(HttpMethod.Put, $"{Rules}/accounts/{loner}", new JsonObject { ["noDirectory"] = true }, HttpStatusCode.OK);

        await using var devices = new Devices(Server);
        FerryClient user = await devices.ConnectAsync(lonerName, "pc-" + tag, receive: false, password: Password(lonerName));
        await user.SyncDirectoryAsync();
        Assert.Equal([(ulong)loner], user.Directory.Accounts.Select(a => a.Id));
        Assert.Null(user.Directory.FindAccount("alice"));
        Assert.Empty(await user.SearchDirectoryAsync(colleagueName));
        Assert.Empty(await user.SearchDirectoryAsync("alice"));
        Assert.Equal([(ulong)colleague], (await user.LookupProfilesAsync([(ulong)colleague, (ulong)loner])).MissingIds);

        // Its colleague, under no rule, still sees it.
        FerryClient mate = await devices.ConnectAsync(colleagueName, "pc-" + tag, receive: false, password: Password(colleagueName));
        await mate.SyncDirectoryAsync();
        Assert.NotNull(mate.Directory.FindAccount((ulong)loner));
    }

    [Fact]
    public async Task A_department_list_limits_the_view_and_changing_it_resets_only_the_viewers_it_concerns()
    {
        // Company ─┬─ Research ── Lab        the viewer is in Sales, whose rule lists Lab:
        //          ├─ Finance                it sees Lab and Sales fully, Company and Research path-only,
        //          └─ Sales                  Finance not at all.
        string tag = Tag();
        long company = await CreateDepartmentAsync("Company " + tag, 0);
        long research = await CreateDepartmentAsync("Research", company);
        long lab = await CreateDepartmentAsync("Lab", research);
        long finance = await CreateDepartmentAsync("Finance", company);
        long sales = await CreateDepartmentAsync("Sales", company);
        (long chief, _) = await CreateMemberAsync("chief" + tag, "Chief " + tag, company);
        (long researcher, _) = await CreateMemberAsync("res" + tag, "Researcher " + tag, research);
        (long chemist, string chemistName) = await CreateMemberAsync("chem" + tag, "Chemist " + tag, lab);
        (long accountant, string accountantName) = await CreateMemberAsync("acct" + tag, "Accountant " + tag, finance);
        (long seller, string sellerName) = await CreateMemberAsync("sell" + tag, "Seller " + tag, sales);
        (long other, string otherName) = await CreateMemberAsync("other" + tag, "Other " + tag, finance);
        await SendAsync(HttpMethod.Put, $"{Rules}/departments/{sales}", new JsonObject { ["visibleDepartments"] = new JsonArray(lab) }, HttpStatusCode.OK);

        await using var devices = new Devices(Server);
        FerryClient user = await devices.ConnectAsync(sellerName, "pc-" + tag, receive: false, password: Password(sellerName));
        await user.SyncDirectoryAsync();
        Assert.Equal(new[] { company, research, lab, sales }.Select(d => (ulong)d).Order(), user.Directory.Departments.Select(d => d.Id).Order());
        Assert.Equal(new[] { chemist, seller }.Select(a => (ulong)a).Order(), user.Directory.Accounts.Select(a => a.Id).Order());
        Assert.Empty(await user.SearchDirectoryAsync(accountantName));
        Assert.Contains(await user.SearchDirectoryAsync(chemistName), h => h.Id == (ulong)chemist);
        ProfileLookupResponse lookup = await user.LookupProfilesAsync([(ulong)chief, (ulong)researcher, (ulong)accountant, (ulong)chemist]);
        Assert.Equal(new[] { chief, researcher, accountant }.Select(a => (ulong)a).Order(), lookup.MissingIds.Order());

        // The raw protocol shows the reset flag: hold the same view as the SDK client.
        await using RawFramedClient raw = (await RawFramedClient.ConnectAndLoginAsync("127.0.0.1", Server.FramedPort, Server.Fingerprint, sellerName, Password(sellerName), "raw-" + tag)).Client;
        (ulong held, ulong fingerprint, bool firstReset) = await SyncToEndAsync(raw, 0, 0);
        Assert.False(firstReset);
        Assert.Equal(user.Directory.ViewFingerprint, fingerprint);

        // A rule that does not concern the viewer (another department's list): its next sync is incremental.
        await SendAsync(HttpMethod.Put, $"{Rules}/departments/{finance}", new JsonObject { ["visibleDepartments"] = new JsonArray(finance) }, HttpStatusCode.OK);
        (held, ulong same, bool reset) = await SyncToEndAsync(raw, held, fingerprint);
        Assert.False(reset);
        Assert.Equal(fingerprint, same);
        ulong sdkFingerprint = user.Directory.ViewFingerprint;
        await user.SyncDirectoryAsync();
        Assert.Equal(sdkFingerprint, user.Directory.ViewFingerprint);
        Assert.Equal(2, user.Directory.Accounts.Count);

        // Its own department's list changes to Finance: the next sync is a reset that drops Lab and its chemist.
        await SendAsync(HttpMethod.Put, $"{Rules}/departments/{sales}", new JsonObject { ["visibleDepartments"] = new JsonArray(finance) }, HttpStatusCode.OK);
        (_, ulong moved, reset) = await SyncToEndAsync(raw, held, fingerprint);
        Assert.True(reset);
        Assert.NotEqual(fingerprint, moved);
        await user.SyncDirectoryAsync();
        Assert.Equal(moved, user.Directory.ViewFingerprint);
        Assert.Equal(new[] { company, finance, sales }.Select(d => (ulong)d).Order(), user.Directory.Departments.Select(d => d.Id).Order());
        Assert.Equal(new[] { accountant, other, seller }.Select(a => (ulong)a).Order(), user.Directory.Accounts.Select(a => a.Id).Order());
        Assert.Null(user.Directory.FindAccount((ulong)chemist));
        Assert.Contains(await user.SearchDirectoryAsync(otherName), h => h.Id == (ulong)other);
        Assert.Empty(await user.SearchDirectoryAsync(chemistName));
    }

    /// <summary>Syncs page by page to the end; the new version and fingerprint, and whether the first page was a reset.</summary>
    private static async Task<(ulong Version, ulong Fingerprint, bool Reset)> SyncToEndAsync(RawFramedClient client, ulong since, ulong fingerprint)
    {
        bool? reset = null;
        while (true)
        {
            DirectorySyncResponse page = await client.RequestAsync(
                FrameType.DirectorySyncRequest, new DirectorySyncRequest { SinceVersion = since, ViewFingerprint = fingerprint, Limit = 1000 }, DirectorySyncResponse.Parser);
            reset ??= page.Reset;
            (since, fingerprint) = (page.NextVersion, page.ViewFingerprint);
            if (!page.More)
            {
                return (since, fingerprint, reset.Value);
            }
        }
    }

    private async Task<(long Id, string Name)> CreateMemberAsync(string name, string displayName, long department)
    {
        long id = await Api.CreateAccountAsync(name, Password(name));
        await SendAsync(HttpMethod.Patch, $"{Admin}/accounts/{id}", new JsonObject { ["displayName"] = displayName }, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Put, $"{Admin}/accounts/{id}/memberships",
            new JsonObject { ["memberships"] = new JsonArray(new JsonObject { ["departmentId"] = department, ["primary"] = true }) }, HttpStatusCode.OK);
        return (id, name);
    }

    private Task<long> CreateDepartmentAsync(string name, long parent) => Api.CreateDepartmentAsync(name, parent);

    private Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body, HttpStatusCode expected) =>
        Rest.SendAsync(Api.Http, method, path, body, expected);

    private static string Password(string account) => "password-" + account;

    private static string Tag() => Guid.NewGuid().ToString("N")[..8];
}
