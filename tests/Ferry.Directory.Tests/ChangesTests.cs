using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;

namespace Ferry.Directory.Tests;

/// <summary>Incremental sync: a client holding the directory at version V fetches only what changed after V.</summary>
public sealed class ChangesTests : IDisposable
{
    private readonly DirectoryStack _stack = new();

    public void Dispose() => _stack.Dispose();

    private Caller Reader => _stack.User("reader");

    [Fact]
    public void A_first_sync_returns_everything_once_with_settings()
    {
        Department company = _stack.Department("Company");
        _stack.Department("Sales", company);
        long alice = _stack.NewAccount("alice");
        _stack.Directory.SetMemberships(_stack.Admin, alice, [new MembershipInput(company.Id, true, "CEO", null)]);
        Caller reader = Reader;

        DirectoryChanges all = _stack.Directory.Changes(reader, 0, 1000);

        Assert.Equal(["Company", "Sales"], all.Departments.Select(d => d.Name).Order());
        Assert.Equal(["admin", "alice", "reader"], all.Accounts.Select(a => a.Name).Order());
        Assert.Equal("CEO", all.Accounts.Single(a => a.Name == "alice").Memberships.Single().Title);
        Assert.NotNull(all.Settings);
        Assert.True(all.Settings!.EditableFields["mobile"]);
        Assert.False(all.Settings.EditableFields["displayName"]);
        Assert.Equal(_stack.Directory.CurrentVersion(), all.NextVersion);
        Assert.False(all.More);
        Assert.Empty(all.Tombstones);
    }

    [Fact]
    public void After_a_sync_only_changed_entities_come_back_and_an_idle_directory_returns_nothing()
    {
        Department sales = _stack.Department("Sales");
        Department support = _stack.Department("Support");
        long alice = _stack.NewAccount("alice");
        _stack.NewAccount("bob");
        Caller reader = Reader;
        long held = _stack.Directory.Changes(reader, 0, 1000).NextVersion;

        DirectoryChanges idle = _stack.Directory.Changes(reader, held, 1000);
        Assert.Equal((held, false), (idle.NextVersion, idle.More));
        Assert.Empty(idle.Departments);
        Assert.Empty(idle.Accounts);
        Assert.Null(idle.Settings);

        _stack.Directory.RenameDepartment(_stack.Admin, support.Id, "Customer Support");
        _stack.Directory.UpdateProfile(_stack.Admin, alice, new ProfilePatch(Title: "Engineer"));

        DirectoryChanges delta = _stack.Directory.Changes(reader, held, 1000);
        Assert.Equal(["Customer Support"], delta.Departments.Select(d => d.Name));
        Assert.Equal(["alice"], delta.Accounts.Select(a => a.Name));
        Assert.Equal("Engineer", delta.Accounts[0].Profile.Title);
        Assert.True(delta.NextVersion > held);
        Assert.Null(delta.Settings);
        _ = sales;
    }

    [Fact]
    public void Memberships_display_names_and_states_version_the_account()
    {
        Department sales = _stack.Department("Sales");
        long alice = _stack.NewAccount("alice");
        Caller reader = Reader;

        long v = _stack.Directory.CurrentVersion();
        _stack.Directory.SetMemberships(_stack.Admin, alice, [new MembershipInput(sales.Id, true, "", null)]);
        Assert.Equal(["alice"], _stack.Directory.Changes(reader, v, 100).Accounts.Select(a => a.Name));

        v = _stack.Directory.CurrentVersion();
        _stack.Directory.UpdateProfile(_stack.Admin, alice, new ProfilePatch(DisplayName: "Alice Liddell"));
        Assert.Equal("Alice Liddell", _stack.Directory.Changes(reader, v, 100).Accounts.Single().DisplayName);

        v = _stack.Directory.CurrentVersion();
        _stack.Directory.Freeze(_stack.Admin, alice);
        Assert.Equal(AccountState.Frozen, _stack.Directory.Changes(reader, v, 100).Accounts.Single().State);

        v = _stack.Directory.CurrentVersion();
        long bob = _stack.NewAccount("bob");
        Assert.Equal([bob], _stack.Directory.Changes(reader, v, 100).Accounts.Select(a => a.Id));
    }

    [Fact]
    public void Deleted_departments_and_accounts_arrive_as_tombstones()
    {
        Department sales = _stack.Department("Sales");
        long alice = _stack.NewAccount("alice");
        _stack.Directory.UpdateProfile(_stack.Admin, alice, new ProfilePatch(DisplayName: "Alice"));
        Caller reader = Reader;
        long held = _stack.Directory.Changes(reader, 0, 1000).NextVersion;

        _stack.Directory.DeleteDepartment(_stack.Admin, sales.Id);
        _stack.Directory.Delete(_stack.Admin, alice);

        DirectoryChanges delta = _stack.Directory.Changes(reader, held, 1000);
        Assert.Empty(delta.Departments);
        Assert.Empty(delta.Accounts);
        Assert.Equal(
            [(ChangeKind.Department, sales.Id, (string?)null, (string?)null), (ChangeKind.Account, alice, "alice", "Alice")],
            delta.Tombstones.Select(t => (t.Kind, t.Id, t.Name, t.DisplayName)));

        // A client starting from scratch sees the tombstones too, and never the deleted things as live.
        DirectoryChanges fresh = _stack.Directory.Changes(reader, 0, 1000);
        Assert.DoesNotContain(fresh.Departments, d => d.Id == sales.Id);
        Assert.DoesNotContain(fresh.Accounts, a => a.Id == alice);
        Assert.Equal(2, fresh.Tombstones.Count);
    }

    [Fact]
    public void Pages_follow_each_other_without_gaps_or_repeats()
    {
        for (int i = 0; i < 25; i++)
        {
            _stack.Department($"D{i:00}");
        }

        for (int i = 0; i < 20; i++)
        {
            _stack.NewAccount($"user{i:00}");
        }

        Caller reader = Reader;
        var departments = new List<string>();
        var accounts = new List<string>();
        long since = 0;
        int pages = 0;
        DirectoryChanges page;
        do
        {
            page = _stack.Directory.Changes(reader, since, 7);
            Assert.True(page.Departments.Count + page.Accounts.Count + page.Tombstones.Count + (page.Settings is null ? 0 : 1) <= 7);
            Assert.True(page.NextVersion > since);
            departments.AddRange(page.Departments.Select(d => d.Name));
            accounts.AddRange(page.Accounts.Select(a => a.Name));
            since = page.NextVersion;
            pages++;
        }
        while (page.More);

        Assert.Equal(25, departments.Distinct().Count());
        Assert.Equal(25, departments.Count);
        Assert.Equal(22, accounts.Count);
        Assert.Equal(22, accounts.Distinct().Count());
        Assert.Equal(7, pages);
        Assert.Equal(_stack.Directory.CurrentVersion(), since);
    }

    [Fact]
    public void A_change_during_paging_moves_the_entity_to_a_later_page_not_lost()
    {
        Department a = _stack.Department("A");
        _stack.Department("B");
        _stack.Department("C");
        Caller reader = Reader;

        DirectoryChanges first = _stack.Directory.Changes(reader, 0, 2);
        _stack.Directory.RenameDepartment(_stack.Admin, a.Id, "A2");
        var seen = new List<string>(first.Departments.Select(d => d.Name));
        long since = first.NextVersion;
        while (true)
        {
            DirectoryChanges page = _stack.Directory.Changes(reader, since, 2);
            seen.AddRange(page.Departments.Select(d => d.Name));
            since = page.NextVersion;
            if (!page.More)
            {
                break;
            }
        }

        Assert.Contains("A2", seen);
        Assert.Contains("B", seen);
        Assert.Contains("C", seen);
    }

    [Fact]
    public void Reordering_versions_only_the_departments_whose_place_changed()
    {
        Department a = _stack.Department("A"), b = _stack.Department("B"), c = _stack.Department("C"), d = _stack.Department("D");
        Caller reader = Reader;
        long held = _stack.Directory.CurrentVersion();

        _stack.Directory.ReorderChildren(_stack.Admin, 0, [a.Id, c.Id, b.Id, d.Id]);

        Assert.Equal(["C", "B"], _stack.Directory.Changes(reader, held, 100).Departments.Select(x => x.Name).Order().Reverse());
    }

    [Fact]
    public void Settings_changes_are_versioned()
    {
        Caller reader = Reader;
        long held = _stack.Directory.CurrentVersion();

        _stack.Directory.DefineAttribute(_stack.Admin, "office", "Office", userEditable: true);

        DirectorySettings settings = _stack.Directory.Changes(reader, held, 100).Settings!;
        Assert.Equal([("office", "Office", true)], settings.Attributes.Select(x => (x.Key, x.Label, x.UserEditable)));
    }

    [Fact]
    public void A_version_from_another_history_resets_the_client()
    {
        _stack.Department("Sales");
        long current = _stack.Directory.CurrentVersion();

        DirectoryChanges page = _stack.Directory.Changes(Reader, current + 1000, 1000);

        Assert.True(page.Reset);
        Assert.Equal(["Sales"], page.Departments.Select(d => d.Name));
        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.Changes(Reader, -1, 10));
    }

    [Fact]
    public void Versions_survive_a_restart_and_never_repeat()
    {
        Department sales = _stack.Department("Sales");
        long before = _stack.Directory.CurrentVersion();
        _stack.Directory.DeleteDepartment(_stack.Admin, sales.Id);
        long afterDelete = _stack.Directory.CurrentVersion();

        var reopened = new SqliteDirectoryStore(new Ferry.Appliance.Storage.SqliteDatabase(_stack.Database.Path));
        Department again = reopened.CreateDepartment(99, 0, "Sales", null, 0);

        Assert.True(afterDelete > before);
        Assert.True(again.Version > afterDelete);
    }
}

public sealed class DirectoryMigrationTests
{
    [Fact]
    public void Accounts_made_before_the_directory_existed_are_in_its_first_version()
    {
        using var temp = new Ferry.Testing.TempDirectory("ferry-directory-tests-");
        var database = new Ferry.Appliance.Storage.SqliteDatabase(Path.Combine(temp.Path, "ferry.db"));
        database.Initialise();
        Ferry.Appliance.Storage.SchemaMigrator.Apply(database, [new AccountSchema()], TimeProvider.System);
        var accounts = new AccountService(new SqliteAccountStore(database), new Ferry.Appliance.Configuration.FerryOptions { DataDirectory = temp.Path, Sessions = new() { PasswordIterations = 1000 } }, TimeProvider.System);
        Account early = accounts.Create("early", "Early Bird", "early-password", false);

        Ferry.Appliance.Storage.SchemaMigrator.Apply(database, Ferry.Appliance.Hosting.DataDirectory.SchemaOwners, TimeProvider.System);
        DirectoryChanges first = new SqliteDirectoryStore(database).ChangesSince(0, 100);

        Assert.Equal(("early", "Early Bird"), (first.Accounts.Single().Name, first.Accounts.Single().DisplayName));
        Assert.Equal(Profile.Empty, first.Accounts.Single().Profile);
        Assert.NotNull(first.Settings);
        Assert.Equal(early.Id, first.Accounts.Single().Id);
        using (var connection = database.Open())
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearPool(connection);
        }
    }
}
