using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Search;
using Ferry.Appliance.Directory.Visibility;

namespace Ferry.Directory.Tests;

/// <summary>
/// The one visibility filter of directory sync (<see cref="DirectoryChangeFilter"/>) and the search read model, with a
/// hand-written view that hides things: clients receive only what they may see.
/// </summary>
public sealed class VisibilityFilterTests : IDisposable
{
    private readonly DirectoryStack _stack = new();

    public void Dispose() => _stack.Dispose();

    [Fact]
    public void A_first_sync_leaves_out_what_the_viewer_may_not_see_and_blanks_hidden_contact_fields()
    {
        Department open = _stack.Department("Open");
        Department secret = _stack.Department("Secret");
        long visible = Member("visible", open);
        long hidden = Member("hidden", secret);
        long leader = Member("leader", open, secret);
        _stack.Directory.UpdateProfile(_stack.Admin, leader, new ProfilePatch(Mobile: "+86 138 0000 0000", Email: "leader@example.com", Signature: "lead"));
        long viewer = _stack.NewAccount("viewer");
        var view = new HidingView(viewer) { HiddenDepartments = { secret.Id }, HiddenContacts = { leader } };

        DirectoryChanges page = Filter(view).Read(viewer, 0, 0, 1000, int.MaxValue);

        Assert.Equal(["Open"], page.Departments.Select(d => d.Name));
        Assert.Equal(new[] { "admin", "leader", "viewer", "visible" }, page.Accounts.Select(a => a.Name).Order());
        Assert.DoesNotContain(page.Accounts, a => a.Id == hidden);
        Assert.Empty(page.Tombstones);   // it never held them: nothing to remove
        DirectoryAccount shown = page.Accounts.Single(a => a.Id == leader);
        Assert.Equal(("", "", "lead"), (shown.Profile.Mobile, shown.Profile.Email, shown.Profile.Signature));
        Assert.Equal([open.Id], shown.Memberships.Select(m => m.DepartmentId));
        Assert.Equal(view.Fingerprint, page.ViewFingerprint);
        _ = visible;
    }

    [Fact]
    public void What_changes_after_the_clients_version_and_is_hidden_goes_out_as_an_id_only_removal()
    {
        Department open = _stack.Department("Open");
        Department secret = _stack.Department("Secret");
        long moved = Member("moved", open);
        long viewer = _stack.NewAccount("viewer");
        var view = new HidingView(viewer) { HiddenDepartments = { secret.Id } };
        long held = Filter(view).Read(viewer, 0, view.Fingerprint, 1000, int.MaxValue).NextVersion;

        // The account moves into a department the viewer may not see; the hidden department is renamed.
        _stack.Directory.SetMemberships(_stack.Admin, moved, [new MembershipInput(secret.Id, true, "", null)]);
        _stack.Directory.RenameDepartment(_stack.Admin, secret.Id, "Very secret");

        DirectoryChanges delta = Filter(view).Read(viewer, held, view.Fingerprint, 1000, int.MaxValue);
        Assert.False(delta.Reset);
        Assert.Empty(delta.Accounts);
        Assert.Empty(delta.Departments);
        Assert.Equal(
            [(ChangeKind.Account, moved, (string?)null, (string?)null, true), (ChangeKind.Department, secret.Id, null, null, true)],
            delta.Tombstones.Select(t => (t.Kind, t.Id, t.Name, t.DisplayName, t.Hidden)));
    }

    [Fact]
    public void A_deleted_account_keeps_its_names_only_for_viewers_who_could_see_it()
    {
        long gone = _stack.NewAccount("gone");
        long viewer = _stack.NewAccount("viewer");
        var sees = new HidingView(viewer);
        var blind = new HidingView(viewer) { HiddenAccounts = { gone } };
        long held = _stack.Directory.CurrentVersion();
        _stack.Directory.Delete(_stack.Admin, gone);

        Tombstone named = Filter(sees).Read(viewer, held, sees.Fingerprint, 100, int.MaxValue).Tombstones.Single();
        Assert.Equal((gone, "gone", false), (named.Id, named.Name, named.Hidden));
        Tombstone bare = Filter(blind).Read(viewer, held, blind.Fingerprint, 100, int.MaxValue).Tombstones.Single();
        Assert.Equal((gone, (string?)null, true), (bare.Id, bare.Name, bare.Hidden));
    }

    [Fact]
    public void A_viewer_who_may_not_see_the_directory_gets_only_itself()
    {
        Department open = _stack.Department("Open");
        Member("colleague", open);
        long viewer = _stack.NewAccount("viewer");
        var view = new HidingView(viewer, seesDirectory: false);

        DirectoryChanges page = Filter(view).Read(viewer, 0, 0, 1000, int.MaxValue);

        Assert.Equal([viewer], page.Accounts.Select(a => a.Id));
        Assert.Empty(page.Departments);
        Assert.NotNull(page.Settings);
    }

    [Fact]
    public void A_fingerprint_other_than_the_views_resets_to_a_full_filtered_sync()
    {
        Department secret = _stack.Department("Secret");
        long viewer = _stack.NewAccount("viewer");
        var before = new HidingView(viewer, fingerprint: 1);
        long held = Filter(before).Read(viewer, 0, 0, 1000, int.MaxValue).NextVersion;
        Assert.False(Filter(before).Read(viewer, held, 1, 1000, int.MaxValue).Reset);

        // The rules changed (the fingerprint moved) without any entity's version moving.
        var after = new HidingView(viewer, fingerprint: 2) { HiddenDepartments = { secret.Id } };
        DirectoryChanges page = Filter(after).Read(viewer, held, 1, 1000, int.MaxValue);

        Assert.True(page.Reset);
        Assert.Equal(2UL, page.ViewFingerprint);
        Assert.DoesNotContain(page.Departments, d => d.Id == secret.Id);
        Assert.Empty(page.Tombstones);
        Assert.Contains(page.Accounts, a => a.Id == viewer);

        // A REST client that sends no fingerprint is not checked: it gets the changes after its version.
        Assert.False(Filter(after).Read(viewer, held, null, 1000, int.MaxValue).Reset);
    }

    [Fact]
    public void Pages_are_bounded_by_bytes_and_cut_between_versions()
    {
        for (int i = 0; i < 30; i++)
        {
            long id = _stack.NewAccount("person" + i);
            _stack.Directory.UpdateProfile(_stack.Admin, id, new ProfilePatch(Signature: new string('s', 150)));
        }

        long viewer = _stack.NewAccount("viewer");
        var view = new HidingView(viewer);
        DirectoryChanges everything = Filter(view).Read(viewer, 0, 0, 1000, int.MaxValue);

        var seen = new List<long>();
        long since = 0;
        int pages = 0;
        while (true)
        {
            DirectoryChanges page = Filter(view).Read(viewer, since, view.Fingerprint, 1000, 1024);
            pages++;
            Assert.True(page.NextVersion > since);
            Assert.True(page.Accounts.Count is >= 0 and <= 4);
            Assert.All(page.Accounts, a => Assert.True(a.Version <= page.NextVersion && a.Version > since));
            seen.AddRange(page.Accounts.Select(a => a.Id));
            since = page.NextVersion;
            if (!page.More)
            {
                break;
            }
        }

        Assert.True(pages > 5);
        Assert.Equal(everything.Accounts.Select(a => a.Id).Order(), seen.Order());
        Assert.Equal(everything.NextVersion, since);
    }

    [Fact]
    public void The_rest_sync_of_the_directory_service_applies_the_callers_view()
    {
        long hidden = _stack.NewAccount("hidden");
        Caller viewer = _stack.User("viewer");
        var directory = new DirectoryService(_stack.Store, _stack.Accounts, _stack.Sessions, new Appliance.Identity.IdGenerator(_stack.Clock), _stack.Clock,
            _stack.Access, new FixedVisibility(new HidingView(viewer.AccountId) { HiddenAccounts = { hidden } }));

        DirectoryChanges page = directory.Changes(viewer, 0, 1000);

        Assert.DoesNotContain(page.Accounts, a => a.Id == hidden);
        Assert.Contains(page.Accounts, a => a.Id == viewer.AccountId);
    }

    [Fact]
    public void Search_finds_only_visible_active_accounts_and_follows_changes()
    {
        Department open = _stack.Department("Open");
        Department secret = _stack.Department("Secret");
        long zhang = Member("zhangsan", open);
        long hiddenZhang = Member("zhangsi", secret);
        _stack.Directory.UpdateProfile(_stack.Admin, zhang, new ProfilePatch(DisplayName: "张三"));
        _stack.Directory.UpdateProfile(_stack.Admin, hiddenZhang, new ProfilePatch(DisplayName: "张四"));
        long viewer = _stack.NewAccount("viewer");
        var view = new HidingView(viewer) { HiddenDepartments = { secret.Id } };
        var search = new DirectorySearch(_stack.Store);

        Assert.Equal([zhang], search.Search("zs", 50, view, viewer).Select(h => h.Card.Id));
        Assert.Equal([zhang, hiddenZhang], search.Search("zs", 50, new HidingView(viewer), viewer).Select(h => h.Card.Id).Order());
        SearchResult hit = search.Search("张三", 50, view, viewer).Single();
        Assert.Equal((open.Id, "Open"), (hit.PrimaryDepartmentId, hit.PrimaryDepartment));

        _stack.Directory.Freeze(_stack.Admin, zhang);
        Assert.Empty(search.Search("zhangsan", 50, view, viewer));
        _stack.Directory.SetMemberships(_stack.Admin, hiddenZhang, [new MembershipInput(open.Id, true, "Lead", null)]);
        SearchResult moved = search.Search("zhangsi", 50, view, viewer).Single();
        Assert.Equal((hiddenZhang, "Lead"), (moved.Card.Id, moved.Card.Title));
    }

    private DirectoryChangeFilter Filter(DirectoryView view) => new(_stack.Store, new FixedVisibility(view));

    private long Member(string name, params Department[] departments)
    {
        long id = _stack.NewAccount(name);
        _stack.Directory.SetMemberships(_stack.Admin, id, departments.Select((d, i) => new MembershipInput(d.Id, i == 0, "", null)).ToList());
        return id;
    }

    private sealed class FixedVisibility(DirectoryView view) : IDirectoryVisibility
    {
        public DirectoryView ViewOf(long viewerAccountId) => view;
    }

    /// <summary>A view that hides the departments, accounts (and accounts in hidden departments) and contact fields it is told to.</summary>
    private sealed class HidingView(long viewer, ulong fingerprint = 7, bool seesDirectory = true) : DirectoryView
    {
        public HashSet<long> HiddenDepartments { get; } = [];

        public HashSet<long> HiddenAccounts { get; } = [];

        public HashSet<long> HiddenContacts { get; } = [];

        public override long ViewerAccountId => viewer;

        public override ulong Fingerprint => fingerprint;

        public override bool SeesDirectory => seesDirectory;

        public override bool CanSeeDepartment(long departmentId) => !HiddenDepartments.Contains(departmentId);

        /// <summary>Visible when not hidden and in at least one visible department (or in none).</summary>
        public override bool CanSeeAccount(long accountId, IEnumerable<long> departmentIds)
        {
            if (accountId == viewer)
            {
                return true;
            }

            List<long> departments = departmentIds.ToList();
            return !HiddenAccounts.Contains(accountId) && (departments.Count == 0 || departments.Any(CanSeeDepartment));
        }

        public override bool CanSeeContactFields(long accountId) => !HiddenContacts.Contains(accountId);
    }
}
