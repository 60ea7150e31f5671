using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Visibility;
using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Directory.Tests.Visibility;

/// <summary>
/// The fingerprint moves exactly when what a viewer sees could change without the changed entities' own versions
/// moving, and account rules move the account's version instead.
/// </summary>
public sealed class FingerprintTests : IDisposable
{
    private readonly VisibilityWorld _w = new();

    public FingerprintTests()
    {
        // Some rule elsewhere, so that views are scoped rather than Everything.
        _w.Hide(_w.Board, hidden: false, noDirectory: true);
    }

    public void Dispose() => _w.Dispose();

    private ulong Of(long viewer) => _w.View(viewer).Fingerprint;

    [Fact]
    public void A_viewer_nothing_restricts_has_the_fingerprint_of_everything()
    {
        Assert.Equal(0UL, Of(_w.Erin));
        Assert.NotSame(DirectoryView.Everything, _w.View(_w.Erin));
    }

    [Fact]
    public void It_stays_for_profile_edits_renames_new_departments_and_rules_that_do_not_concern_the_viewer()
    {
        _w.Hide(_w.Sales, hidden: true);
        ulong before = Of(_w.Erin);

        _w.Dir.UpdateProfile(_w.Stack.Admin, _w.Alice, new ProfilePatch(Title: "Lead"));
        _w.Dir.RenameDepartment(_w.Stack.Admin, _w.Core, "Core team");
        _w.Dir.CreateDepartment(_w.Stack.Admin, "Platform", _w.Eng, null);
        _w.Hide(_w.West, hidden: false, noDirectory: true); // Erin is not in West
        _w.Restrict(_w.Board, _w.East);                     // nor in Board
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, hidden: true, noDirectory: true, contactsHidden: true);

        Assert.Equal(before, Of(_w.Erin));
    }

    [Fact]
    public void It_changes_when_a_department_rule_changes_what_the_viewer_sees()
    {
        ulong open = Of(_w.Erin);

        _w.Hide(_w.Sales);
        ulong hidden = Of(_w.Erin);
        Assert.NotEqual(open, hidden);

        _w.Hide(_w.Sales, hidden: false, contactsHidden: true);
        ulong contacts = Of(_w.Erin);
        Assert.NotEqual(hidden, contacts);
        Assert.NotEqual(open, contacts);

        _w.Hide(_w.Sales, hidden: false);
        Assert.Equal(open, Of(_w.Erin)); // back to the same rules, back to the same fingerprint
    }

    [Fact]
    public void It_changes_when_a_rule_restricts_the_viewers_own_department_or_takes_its_directory()
    {
        ulong open = Of(_w.Erin);
        _w.Restrict(_w.Eng, _w.Sales);
        ulong restricted = Of(_w.Erin);
        Assert.NotEqual(open, restricted);

        _w.Restrict(_w.Eng, _w.Sales, _w.Board);
        Assert.NotEqual(restricted, Of(_w.Erin));

        _w.Hide(_w.Core, hidden: false, noDirectory: true);
        ulong none = Of(_w.Erin);
        Assert.False(_w.View(_w.Erin).SeesDirectory);
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Erin, false, true, false);
        Assert.Equal(none, Of(_w.Erin)); // already without the directory: the same view
    }

    [Fact]
    public void It_changes_when_a_department_moves_under_a_hidden_one()
    {
        _w.Hide(_w.Sales);
        ulong before = Of(_w.Erin);

        _w.Dir.MoveDepartment(_w.Stack.Admin, _w.Board, _w.Sales, null);

        Assert.NotEqual(before, Of(_w.Erin));
        Assert.False(_w.View(_w.Erin).CanSeeDepartment(_w.Board));
        Assert.DoesNotContain(_w.Boss, _w.SeenAccounts(_w.Erin));
    }

    [Fact]
    public void It_changes_when_the_viewer_joins_a_restricted_department()
    {
        _w.Restrict(_w.West, _w.Board);
        ulong before = Of(_w.Erin);

        _w.Dir.SetMemberships(_w.Stack.Admin, _w.Erin, [new MembershipInput(_w.Core, true, string.Empty, null), new MembershipInput(_w.West, false, string.Empty, null)]);

        Assert.NotEqual(before, Of(_w.Erin));
        Assert.Equal(new HashSet<long> { _w.Board, _w.Core, _w.West }, _w.FullDepartments(_w.Erin));
    }

    [Fact]
    public void An_account_rule_moves_the_accounts_directory_version_and_an_unchanged_one_does_not()
    {
        long held = _w.Stack.Store.CurrentVersion();

        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, hidden: false, noDirectory: false, contactsHidden: true);
        DirectoryChanges changed = _w.Stack.Store.ChangesSince(held, 100);
        Assert.Equal(["boss"], changed.Accounts.Select(a => a.Name));

        long after = _w.Stack.Store.CurrentVersion();
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, hidden: false, noDirectory: false, contactsHidden: true);
        Assert.Equal(after, _w.Stack.Store.CurrentVersion());

        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, hidden: false, noDirectory: false, contactsHidden: false);
        Assert.Equal(["boss"], _w.Stack.Store.ChangesSince(after, 100).Accounts.Select(a => a.Name));
    }

    [Fact]
    public void The_snapshot_is_rebuilt_only_when_departments_memberships_or_rules_change()
    {
        VisibilitySnapshot first = Snapshot();
        _w.Dir.UpdateProfile(_w.Stack.Admin, _w.Alice, new ProfilePatch(Title: "Lead"));
        _w.Dir.RenameDepartment(_w.Stack.Admin, _w.East, "Eastern");
        Assert.Same(first, Snapshot());

        _w.Dir.CreateDepartment(_w.Stack.Admin, "North", _w.Sales, null);
        VisibilitySnapshot second = Snapshot();
        Assert.NotSame(first, second);

        _w.Dir.SetMemberships(_w.Stack.Admin, _w.Loner, [new MembershipInput(_w.Board, true, string.Empty, null)]);
        VisibilitySnapshot third = Snapshot();
        Assert.NotSame(second, third);

        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Loner, true, false, false);
        Assert.NotSame(third, Snapshot());
    }

    [Fact]
    public void Viewers_with_the_same_departments_share_one_scope()
    {
        _w.Hide(_w.Sales);
        VisibilitySnapshot snapshot = Snapshot();
        ViewScope alice = snapshot.ScopeOf(_w.Alice, [_w.East]);
        ViewScope bob = snapshot.ScopeOf(_w.Bob, [_w.East]);
        Assert.Same(alice, bob);
        Assert.Equal(_w.View(_w.Alice).Fingerprint, _w.View(_w.Bob).Fingerprint);
        Assert.NotSame(alice, snapshot.ScopeOf(_w.Dave, [_w.Core, _w.East]));
    }

    private VisibilitySnapshot Snapshot()
    {
        using SqliteConnection connection = _w.Stack.Database.Open();
        using SqliteCommand query = connection.Command("SELECT generation FROM visibility_stamp");
        return _w.Stack.Visibility.Current(Convert.ToInt64(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
