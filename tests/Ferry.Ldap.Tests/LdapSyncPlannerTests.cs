using Ferry.Appliance.Accounts;

namespace Ferry.Ldap.Tests;

/// <summary>The planner is pure: most cases use small hand-made snapshots; one runs on the real server's snapshot.</summary>
public sealed class LdapSyncPlannerTests
{
    private const string Base = "dc=ferry,dc=test";
    private const string Sales = "ou=Sales," + Base;
    private static readonly LdapSettings Settings = new() { Host = "ldap.example", BaseDn = Base, MaxFreezeShare = 0.10 };

    private static UpstreamUser User(string account, string? department = Sales, string title = "", string? dn = null) =>
        new(dn ?? $"uid={account},{department ?? Base}", department, account, account.ToUpperInvariant(), $"{account}@ferry.test", string.Empty, string.Empty, title, string.Empty, new Dictionary<string, string>());

    private static ExistingAccount Account(long id, string name, AccountState state = AccountState.Active, bool managed = true, bool frozenBySync = false, string title = "", long department = 1) =>
        new(id, name, managed, managed ? $"uid={name},{Sales}" : null, state, frozenBySync, name.ToUpperInvariant(), $"{name}@ferry.test", string.Empty, string.Empty, title, string.Empty, department, new Dictionary<string, string>());

    private static readonly ExistingDepartment SalesDepartment = new(1, Sales, "uuid-sales", 0, "Sales");
    private static readonly UpstreamDepartment SalesUpstream = new(Sales, null, "Sales", 0, "uuid-sales");

    private static SyncPlan Plan(IReadOnlyList<UpstreamUser> users, IReadOnlyList<ExistingAccount> accounts, IReadOnlyList<LdapEntryError>? errors = null) =>
        LdapSyncPlanner.Plan(Settings, new UpstreamSnapshot([SalesUpstream], users, errors ?? []), new DirectorySnapshot([SalesDepartment], accounts));

    private static IEnumerable<UpstreamUser> Users(int count) => Enumerable.Range(1, count).Select(n => User($"u{n:00}"));

    private static List<ExistingAccount> Accounts(int count) => Enumerable.Range(1, count).Select(n => Account(n, $"u{n:00}")).ToList();

    [Fact]
    public void Nothing_changed_plans_nothing()
    {
        SyncPlan plan = Plan([.. Users(10)], Accounts(10));
        Assert.False(plan.HasChanges);
        Assert.False(plan.RequiresConfirmation);
        Assert.Empty(plan.Errors);
    }

    [Fact]
    public void New_upstream_users_are_created_in_their_department()
    {
        SyncPlan plan = Plan([.. Users(3)], Accounts(2));
        AccountCreate create = Assert.Single(plan.CreateAccounts);
        Assert.Equal("u03", create.User.Account);
        Assert.Equal(new DepartmentRef(1, Sales), create.Department);
    }

    [Fact]
    public void Changed_fields_are_updated_and_listed()
    {
        List<ExistingAccount> accounts = Accounts(3);
        accounts[1] = Account(2, "u02", title: "Clerk");
        SyncPlan plan = Plan([User("u01"), User("u02", title: "Manager"), User("U03", dn: $"uid=U03,ou=Moved,{Base}")], accounts);

        Assert.Equal(2, plan.UpdateAccounts.Count);
        AccountUpdate title = plan.UpdateAccounts.Single(u => u.Id == 2);
        Assert.Equal(new FieldChange("title", "Clerk", "Manager"), Assert.Single(title.Changes));

        // Account names match case-insensitively; a DN change is recorded.
        AccountUpdate moved = plan.UpdateAccounts.Single(u => u.Id == 3);
        Assert.Contains(moved.Changes, c => c.Field == "dn");
        Assert.Empty(plan.CreateAccounts);
    }

    [Fact]
    public void Users_removed_upstream_are_frozen_not_deleted()
    {
        SyncPlan plan = Plan([.. Users(19)], Accounts(20));
        AccountFreeze freeze = Assert.Single(plan.FreezeAccounts);
        Assert.Equal("u20", freeze.Account);
        Assert.Equal(20, freeze.Id);
        Assert.False(plan.RequiresConfirmation); // 1 of 20 = 5%
    }

    [Fact]
    public void Returning_users_frozen_by_the_sync_are_unfrozen_but_an_administrators_freeze_stays()
    {
        List<ExistingAccount> accounts = Accounts(3);
        accounts[0] = Account(1, "u01", AccountState.Frozen, frozenBySync: true);
        accounts[1] = Account(2, "u02", AccountState.Frozen, frozenBySync: false);
        SyncPlan plan = Plan([.. Users(3)], accounts);
        Assert.Equal(new AccountUnfreeze(1, "u01"), Assert.Single(plan.UnfreezeAccounts));
        Assert.Empty(plan.FreezeAccounts);
    }

    [Fact]
    public void Already_frozen_and_local_accounts_are_not_frozen()
    {
        var accounts = new List<ExistingAccount>
        {
            Account(1, "u01"),
            Account(2, "gone", AccountState.Frozen, frozenBySync: true),
            Account(3, "admin", managed: false),
            Account(4, "deleted", AccountState.Deleted),
        };
        SyncPlan plan = Plan([User("u01")], accounts);
        Assert.Empty(plan.FreezeAccounts);
        Assert.False(plan.HasChanges);
    }

    [Fact]
    public void Freezing_more_than_the_share_requires_confirmation()
    {
        SyncPlan atLimit = Plan([.. Users(9)], Accounts(10)); // 1 of 10 = 10%: allowed
        Assert.Single(atLimit.FreezeAccounts);
        Assert.False(atLimit.RequiresConfirmation);

        SyncPlan over = Plan([.. Users(8)], Accounts(10)); // 2 of 10 = 20%
        Assert.Equal(2, over.FreezeAccounts.Count);
        Assert.True(over.RequiresConfirmation);
        Assert.Equal(new FreezeGuard(2, 10, 0.10), over.Guard);
        Assert.Equal(0.2, over.Guard.Share, 6);

        // A wrong filter that returns nobody must not freeze the company unasked.
        Assert.True(Plan([], Accounts(10)).RequiresConfirmation);
    }

    [Fact]
    public void Accounts_whose_entry_is_in_error_are_neither_updated_nor_frozen()
    {
        LdapEntryError[] errors =
        [
            new($"uid=u02,{Sales}", "u02", "'mail' has 2 values; one is expected"),
            new($"uid=u03,{Sales}", null, "has no account name ('uid' is missing)"),
        ];
        SyncPlan plan = Plan([User("u01")], Accounts(3), errors);
        Assert.Empty(plan.FreezeAccounts);
        Assert.Equal(errors, plan.Errors);
    }

    [Fact]
    public void A_local_account_with_the_same_name_is_not_taken_over()
    {
        SyncPlan plan = Plan([User("admin", title: "Hacker")], [Account(1, "admin", managed: false)]);
        Assert.Empty(plan.UpdateAccounts);
        Assert.Empty(plan.CreateAccounts);
        Assert.Contains("not managed by LDAP", Assert.Single(plan.Errors).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Departments_are_created_parent_first_renamed_moved_and_relinked_by_stable_id()
    {
        string engineering = "ou=Engineering," + Base;
        string platform = "ou=Platform," + engineering;
        string renamedSales = "ou=Sales and Marketing," + Base;
        string east = "ou=East," + renamedSales;
        var upstream = new UpstreamSnapshot(
            [
                new(engineering, null, "Engineering", 0, "uuid-eng"),
                new(renamedSales, null, "Sales and Marketing", 1, "uuid-sales"),
                new(platform, engineering, "Platform", 0, "uuid-platform"),
                new(east, renamedSales, "East", 0, "uuid-east"),
            ],
            [],
            []);
        var current = new DirectorySnapshot(
            [
                new(1, Sales, "uuid-sales", 0, "Sales"),
                new(2, "ou=East," + Sales, "uuid-east", 1, "East"),
                new(3, "ou=Platform," + Sales, "uuid-platform", 1, "Platform"),
                new(4, "ou=Closed," + Base, "uuid-closed", 0, "Closed"),
            ],
            []);

        SyncPlan plan = LdapSyncPlanner.Plan(Settings, upstream, current);

        DepartmentCreate create = Assert.Single(plan.CreateDepartments);
        Assert.Equal(engineering, create.Dn);
        Assert.Null(create.Parent);
        Assert.Equal(new DepartmentRename(1, renamedSales, "Sales", "Sales and Marketing"), Assert.Single(plan.RenameDepartments));

        // Platform moves under Engineering, which this plan creates: referenced by DN, not id.
        DepartmentMove move = Assert.Single(plan.MoveDepartments);
        Assert.Equal(3, move.Id);
        Assert.Equal(new DepartmentRef(null, engineering), move.NewParent);

        // Sales' rename changed the DNs below it: East keeps its place, only its source DN is relinked.
        Assert.Equal([1L, 2L, 3L], plan.RelinkDepartments.Select(r => r.Id).Order());
        Assert.Equal(4, Assert.Single(plan.RemovedDepartments).Id);
    }

    [Fact]
    public void Without_stable_ids_departments_match_by_dn_ignoring_case_and_spaces()
    {
        var upstream = new UpstreamSnapshot([new("OU=Sales, DC=ferry, DC=test", null, "Sales", 0, null)], [], []);
        var current = new DirectorySnapshot([new(1, Sales, null, 0, "Sales")], []);
        SyncPlan plan = LdapSyncPlanner.Plan(Settings, upstream, current);
        Assert.False(plan.HasChanges);
        Assert.Empty(plan.RemovedDepartments);
    }
}

/// <summary>The planner on what the real server returns.</summary>
[Collection(SlapdCollection.Name)]
public sealed class LdapSyncPlannerOnServerTests(SlapdFixture slapd)
{
    [Fact]
    public void First_sync_into_an_empty_directory_creates_everything_parent_first()
    {
        LdapSettings settings = slapd.Settings();
        UpstreamSnapshot snapshot = new LdapDirectoryReader(settings, new CapturingLogger<LdapDirectoryReader>()).Read(CancellationToken.None);
        SyncPlan plan = LdapSyncPlanner.Plan(settings, snapshot, new DirectorySnapshot([], []));

        Assert.Equal(TestData.Departments, plan.CreateDepartments.Count);
        Assert.Equal(TestData.GoodUsers, plan.CreateAccounts.Count);
        Assert.Equal(TestData.OddEntries, plan.Errors.Count);
        Assert.Empty(plan.FreezeAccounts);
        Assert.False(plan.RequiresConfirmation);

        var created = new HashSet<string>(LdapDn.Comparer);
        foreach (DepartmentCreate department in plan.CreateDepartments)
        {
            Assert.True(department.Parent is null || created.Contains(department.Parent.Dn));
            created.Add(department.Dn);
        }

        Assert.All(plan.CreateAccounts, a => Assert.True(a.Department is null || created.Contains(a.Department.Dn)));
    }

    [Fact]
    public void Second_sync_after_upstream_removals_freezes_and_guards()
    {
        LdapSettings settings = slapd.Settings();
        UpstreamSnapshot snapshot = new LdapDirectoryReader(settings, new CapturingLogger<LdapDirectoryReader>()).Read(CancellationToken.None);

        // The directory as the first sync would have left it, plus 300 LDAP accounts that are gone upstream.
        var departments = snapshot.Departments.Select((d, i) => (d, id: i + 1L)).ToList();
        var ids = departments.ToDictionary(x => x.d.Dn, x => x.id, LdapDn.Comparer);
        var existingDepartments = departments.Select(x => new ExistingDepartment(x.id, x.d.Dn, x.d.UniqueId, x.d.ParentDn is null ? 0 : ids[x.d.ParentDn], x.d.Name)).ToList();
        var accounts = snapshot.Users.Select((u, i) => new ExistingAccount(i + 1, u.Account, true, u.Dn, AccountState.Active, false, u.DisplayName, u.Mail, u.Mobile, u.Phone, u.Title, u.EmployeeNumber, u.DepartmentDn is null ? 0 : ids[u.DepartmentDn], u.Attributes)).ToList();
        Assert.False(LdapSyncPlanner.Plan(settings, snapshot, new DirectorySnapshot(existingDepartments, accounts)).HasChanges);

        SyncPlan Without(int goneCount)
        {
            var gone = Enumerable.Range(1, goneCount).Select(n => new ExistingAccount(100_000 + n, $"left{n}", true, $"uid=left{n},{TestData.Staff}", AccountState.Active, false, "Left", string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, 0, new Dictionary<string, string>()));
            return LdapSyncPlanner.Plan(settings, snapshot, new DirectorySnapshot(existingDepartments, [.. accounts, .. gone]));
        }

        SyncPlan few = Without(200); // 200 of 2,704 ≈ 7.4%
        Assert.Equal(200, few.FreezeAccounts.Count);
        Assert.False(few.RequiresConfirmation);
        Assert.Empty(few.UpdateAccounts);

        SyncPlan many = Without(400); // 400 of 2,904 ≈ 13.8%
        Assert.Equal(400, many.FreezeAccounts.Count);
        Assert.True(many.RequiresConfirmation);
    }
}
