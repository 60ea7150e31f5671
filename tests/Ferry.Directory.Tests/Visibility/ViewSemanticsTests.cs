using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Visibility;

namespace Ferry.Directory.Tests.Visibility;

/// <summary>Issue 3 §3: what each rule makes each viewer see, judged on accounts and departments as stored.</summary>
public sealed class ViewSemanticsTests : IDisposable
{
    private readonly VisibilityWorld _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public void Without_rules_everyone_sees_everything()
    {
        DirectoryView view = _w.View(_w.Erin);
        Assert.Same(DirectoryView.Everything, view);
        Assert.Equal(0UL, view.Fingerprint);
        Assert.Equal(_w.AllAccounts.ToHashSet(), _w.SeenAccounts(_w.Erin));
    }

    [Fact]
    public void A_hidden_account_is_invisible_to_others_but_sees_itself_and_administrators_see_it()
    {
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Bob, hidden: true, noDirectory: false, contactsHidden: false);

        Assert.DoesNotContain(_w.Bob, _w.SeenAccounts(_w.Alice));
        Assert.DoesNotContain(_w.Bob, _w.SeenAccounts(_w.Erin));
        Assert.Contains(_w.Bob, _w.SeenAccounts(_w.Bob));
        Assert.Contains(_w.Alice, _w.SeenAccounts(_w.Bob));
        Assert.Same(DirectoryView.Everything, _w.View(_w.Stack.Admin.AccountId));
        Assert.Same(DirectoryView.Everything, _w.View(_w.Enterprise));
    }

    [Fact]
    public void An_account_without_the_directory_sees_only_itself_and_the_path_to_its_departments()
    {
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Alice, hidden: false, noDirectory: true, contactsHidden: false);
        DirectoryView view = _w.View(_w.Alice);

        Assert.False(view.SeesDirectory);
        Assert.Equal([_w.Alice], _w.SeenAccounts(_w.Alice));
        Assert.Equal(new HashSet<long> { _w.East, _w.Sales, _w.Company }, _w.SeenDepartments(_w.Alice));
        Assert.Empty(_w.FullDepartments(_w.Alice));
        DirectoryAccount self = _w.Account(_w.Alice);
        Assert.Same(self, view.Present(self));

        // Bob, in the same department, is not affected.
        Assert.True(_w.View(_w.Bob).SeesDirectory);
        Assert.Contains(_w.Alice, _w.SeenAccounts(_w.Bob));
    }

    [Fact]
    public void A_leaders_contact_fields_are_blank_for_others_not_for_itself_or_administrators()
    {
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, hidden: false, noDirectory: false, contactsHidden: true);
        DirectoryAccount boss = _w.Account(_w.Boss);

        DirectoryAccount seen = _w.View(_w.Erin).Present(boss);
        Assert.Equal((string.Empty, string.Empty, string.Empty), (seen.Profile.Mobile, seen.Profile.Phone, seen.Profile.Email));
        Assert.Equal("CEO", seen.Profile.Title);
        Assert.Equal("+1 555 0100", _w.View(_w.Boss).Present(boss).Profile.Mobile);
        Assert.Equal("+1 555 0100", _w.View(_w.Enterprise).Present(boss).Profile.Mobile);
        Assert.True(_w.View(_w.Erin).CanSeeAccount(boss));
    }

    [Fact]
    public void A_hidden_department_hides_its_subtree_and_accounts_seen_only_through_it()
    {
        _w.Hide(_w.Sales);

        // Erin (Eng) sees neither Sales, East nor West, nor alice, bob, wendy; dave is visible through Core, without his East membership.
        Assert.Equal(new HashSet<long> { _w.Company, _w.Eng, _w.Core, _w.Board }, _w.SeenDepartments(_w.Erin));
        HashSet<long> seen = _w.SeenAccounts(_w.Erin);
        Assert.DoesNotContain(_w.Alice, seen);
        Assert.DoesNotContain(_w.Wendy, seen);
        Assert.Contains(_w.Dave, seen);
        Assert.Contains(_w.Loner, seen);
        Assert.Equal([_w.Core], _w.View(_w.Erin).Present(_w.Account(_w.Dave)).Memberships.Select(m => m.DepartmentId));

        // Alice sees her own (hidden) department and its members; Sales only as the path to it; not West.
        Assert.Contains(_w.East, _w.FullDepartments(_w.Alice));
        Assert.True(_w.View(_w.Alice).CanSeeDepartment(_w.Sales));
        Assert.False(_w.View(_w.Alice).CanSeeMembersOf(_w.Sales));
        Assert.False(_w.View(_w.Alice).CanSeeDepartment(_w.West));
        Assert.Contains(_w.Bob, _w.SeenAccounts(_w.Alice));
        Assert.DoesNotContain(_w.Wendy, _w.SeenAccounts(_w.Alice));
    }

    [Fact]
    public void No_directory_on_a_department_applies_to_its_whole_subtree_and_to_any_membership()
    {
        _w.Hide(_w.Sales, hidden: false, noDirectory: true);

        Assert.False(_w.View(_w.Alice).SeesDirectory);
        Assert.False(_w.View(_w.Wendy).SeesDirectory);
        Assert.False(_w.View(_w.Dave).SeesDirectory); // East is one of two memberships: enough.
        Assert.Equal([_w.Dave], _w.SeenAccounts(_w.Dave));
        Assert.True(_w.View(_w.Erin).SeesDirectory);
        Assert.Contains(_w.Alice, _w.SeenAccounts(_w.Erin)); // its members are still seen by others
    }

    [Fact]
    public void Contacts_hidden_on_a_department_covers_every_member_of_its_subtree_whichever_membership_is_seen()
    {
        _w.Hide(_w.Eng, hidden: false, contactsHidden: true);
        DirectoryView alice = _w.View(_w.Alice);

        Assert.False(alice.CanSeeContactFields(_w.Erin));
        Assert.False(alice.CanSeeContactFields(_w.Dave)); // seen through East, but a member of Core too
        Assert.True(alice.CanSeeContactFields(_w.Boss));
        Assert.False(_w.View(_w.Dave).CanSeeContactFields(_w.Erin)); // colleagues too
        Assert.True(_w.View(_w.Dave).CanSeeContactFields(_w.Dave));
    }

    [Fact]
    public void A_restricted_department_sees_only_the_chosen_subtrees_its_own_departments_and_the_paths_to_them()
    {
        _w.Restrict(_w.Eng, _w.Sales);

        // Erin (Core, under Eng): Sales' subtree fully, Core (own) fully, Company and Eng as paths only, not Board.
        Assert.Equal(new HashSet<long> { _w.Sales, _w.East, _w.West, _w.Core }, _w.FullDepartments(_w.Erin));
        Assert.Equal(new HashSet<long> { _w.Sales, _w.East, _w.West, _w.Core, _w.Eng, _w.Company }, _w.SeenDepartments(_w.Erin));
        HashSet<long> seen = _w.SeenAccounts(_w.Erin);
        Assert.Equal(new HashSet<long> { _w.Alice, _w.Bob, _w.Wendy, _w.Dave, _w.Erin }, seen);

        // Outside the restricted subtree nothing changes.
        Assert.Contains(_w.Boss, _w.SeenAccounts(_w.Alice));
        Assert.Contains(_w.Erin, _w.SeenAccounts(_w.Alice));
    }

    [Fact]
    public void Hidden_stays_hidden_inside_a_chosen_subtree()
    {
        _w.Restrict(_w.Eng, _w.Sales);
        _w.Hide(_w.West);

        Assert.DoesNotContain(_w.West, _w.SeenDepartments(_w.Erin));
        Assert.DoesNotContain(_w.Wendy, _w.SeenAccounts(_w.Erin));
        Assert.Contains(_w.East, _w.FullDepartments(_w.Erin));
    }

    [Fact]
    public void Several_memberships_under_restricting_rules_see_the_union_of_the_lists()
    {
        _w.Restrict(_w.Eng, _w.Board);
        _w.Restrict(_w.Sales, _w.West);

        // Dave (East under Sales, Core under Eng): Board and West (the two lists), East and Core (his own). Not Eng, not Sales' members.
        Assert.Equal(new HashSet<long> { _w.Board, _w.West, _w.East, _w.Core }, _w.FullDepartments(_w.Dave));
        Assert.Equal(new HashSet<long> { _w.Alice, _w.Bob, _w.Wendy, _w.Erin, _w.Boss, _w.Dave }, _w.SeenAccounts(_w.Dave));

        // Erin is under Eng's rule only: Board and Core.
        Assert.Equal(new HashSet<long> { _w.Board, _w.Core }, _w.FullDepartments(_w.Erin));
        Assert.DoesNotContain(_w.Loner, _w.SeenAccounts(_w.Erin)); // an account in no department lies in no chosen subtree
    }

    [Fact]
    public void Lists_on_a_department_and_its_ancestor_add_up()
    {
        _w.Restrict(_w.Sales, _w.Board);
        _w.Restrict(_w.East, _w.Core);

        Assert.Equal(new HashSet<long> { _w.Board, _w.Core, _w.East }, _w.FullDepartments(_w.Alice));
        Assert.Equal(new HashSet<long> { _w.Board, _w.West }, _w.FullDepartments(_w.Wendy));
    }

    [Fact]
    public void An_empty_list_restricts_to_the_viewers_own_departments()
    {
        _w.Restrict(_w.East);

        Assert.Equal(new HashSet<long> { _w.East }, _w.FullDepartments(_w.Alice));
        Assert.Equal(new HashSet<long> { _w.East, _w.Sales, _w.Company }, _w.SeenDepartments(_w.Alice));
        Assert.Equal(new HashSet<long> { _w.Alice, _w.Bob, _w.Dave }, _w.SeenAccounts(_w.Alice));
    }

    [Fact]
    public void Administrators_see_everything_whatever_the_rules()
    {
        _w.Hide(_w.Sales, hidden: true, noDirectory: true, contactsHidden: true, visible: [_w.Board]);
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, true, true, true);

        foreach (long administrator in new[] { _w.Stack.Admin.AccountId, _w.Enterprise })
        {
            DirectoryView view = _w.View(administrator);
            Assert.Same(DirectoryView.Everything, view);
            Assert.True(_w.AllAccounts.All(id => view.CanSeeAccount(_w.Account(id))));
        }
    }

    [Fact]
    public void A_department_administrator_is_an_ordinary_viewer()
    {
        _w.Stack.Administrators.Grant(_w.Stack.Admin, new Ferry.Appliance.Directory.Administration.GrantInput(_w.Erin, "department", ["manageAccounts"], [_w.Eng]));
        _w.Hide(_w.Sales);

        Assert.NotSame(DirectoryView.Everything, _w.View(_w.Erin));
        Assert.DoesNotContain(_w.Alice, _w.SeenAccounts(_w.Erin));
    }

    [Fact]
    public void An_unknown_viewer_sees_nothing()
    {
        _w.Hide(_w.Board);
        DirectoryView view = _w.View(987654321);

        Assert.False(view.SeesDirectory);
        Assert.DoesNotContain(_w.AllAccounts, id => view.CanSeeAccount(_w.Account(id)));
        Assert.DoesNotContain(_w.AllDepartments, view.CanSeeDepartment);
    }

    [Fact]
    public void The_view_filters_a_full_sync_read_from_the_store()
    {
        _w.Hide(_w.Sales);
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, hidden: false, noDirectory: false, contactsHidden: true);
        DirectoryView view = _w.View(_w.Erin);

        DirectoryChanges all = _w.Stack.Store.ChangesSince(0, 1000);
        var departments = all.Departments.Where(d => view.CanSeeDepartment(d.Id)).Select(d => d.Name).Order().ToList();
        var accounts = all.Accounts.Where(view.CanSeeAccount).Select(view.Present).ToList();

        Assert.Equal(["Board", "Company", "Core", "Eng"], departments);
        Assert.Equal(["admin", "boss", "dave", "ent", "erin", "loner"], accounts.Select(a => a.Name).Order());
        Assert.Equal(string.Empty, accounts.Single(a => a.Name == "boss").Profile.Email);
        Assert.All(accounts.SelectMany(a => a.Memberships), m => Assert.True(view.CanSeeMembersOf(m.DepartmentId)));
    }
}
