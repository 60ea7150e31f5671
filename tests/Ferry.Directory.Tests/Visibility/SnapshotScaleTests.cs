using Ferry.Appliance.Directory.Visibility;

namespace Ferry.Directory.Tests.Visibility;

/// <summary>
/// The snapshot at the size (2,000 departments, 100,000 accounts) built from data, without a database:
/// scopes are shared per department set and account checks need nothing but the memberships.
/// </summary>
public sealed class SnapshotScaleTests
{
    private const int Departments = 2_000;
    private const int Accounts = 100_000;

    [Fact]
    public void Two_thousand_departments_and_a_hundred_thousand_accounts_answer_from_shared_scopes()
    {
        // 20 top-level departments, each with 99 children: ids 1..2000; parent of d (d > 20) is (d - 21) / 99 + 1.
        var tree = new List<(long, long)>();
        for (long d = 1; d <= Departments; d++)
        {
            tree.Add((d, d <= 20 ? 0 : ((d - 21) / 99) + 1));
        }

        var rules = new List<DepartmentRule>
        {
            new(2, Hidden: true, NoDirectory: false, ContactsHidden: false, VisibleDepartments: null),
            new(3, Hidden: false, NoDirectory: false, ContactsHidden: false, VisibleDepartments: [4, 5]),
            new(6, Hidden: false, NoDirectory: true, ContactsHidden: false, VisibleDepartments: null),
        };
        var snapshot = new VisibilitySnapshot(new VisibilityData(1, tree, [new AccountRule(7, true, false, false)], rules, []));
        long DepartmentOf(long account) => (account % Departments) + 1;

        int seen = 0;
        var scopes = new HashSet<ViewScope>(ReferenceEqualityComparer.Instance);
        for (long viewer = 1; viewer <= 1_000; viewer++)
        {
            ViewScope scope = snapshot.ScopeOf(viewer, [DepartmentOf(viewer)]);
            scopes.Add(scope);
            var view = new ScopedView(viewer, snapshot, scope);
            for (long account = viewer; account <= Accounts; account += 997)
            {
                if (view.CanSeeAccount(account, [DepartmentOf(account)]))
                {
                    seen++;
                }
            }
        }

        Assert.Equal(1_000, scopes.Count); // 1,000 viewers in 1,000 distinct departments
        Assert.Same(snapshot.ScopeOf(1, [DepartmentOf(1)]), snapshot.ScopeOf(1 + Departments, [DepartmentOf(1 + Departments)]));
        Assert.True(seen > 0);

        // Department 2's subtree (2 and its 99 children) is hidden from a viewer in department 1; department 3's members see 4 and 5 only.
        var outsider = new ScopedView(1, snapshot, snapshot.ScopeOf(1, [1]));
        Assert.False(outsider.CanSeeDepartment(2));
        Assert.False(outsider.CanSeeDepartment(21 + 99));
        Assert.True(outsider.CanSeeDepartment(21));
        var restricted = new ScopedView(2, snapshot, snapshot.ScopeOf(2, [3]));
        Assert.True(restricted.CanSeeMembersOf(4));
        Assert.True(restricted.CanSeeMembersOf(3));
        Assert.False(restricted.CanSeeDepartment(1));
        Assert.False(restricted.CanSeeAccount(99, [1]));
        Assert.False(new ScopedView(3, snapshot, snapshot.ScopeOf(3, [6])).SeesDirectory);
        Assert.False(outsider.CanSeeAccount(7, [1])); // hidden account
    }
}
