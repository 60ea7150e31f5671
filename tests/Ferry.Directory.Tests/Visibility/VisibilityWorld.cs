using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Visibility;

namespace Ferry.Directory.Tests.Visibility;

/// <summary>
/// A small company on a real SQLite file, for the view semantics:
/// <code>
/// Company ─┬─ Sales ─┬─ East   (alice, bob, dave primary)
///          │         └─ West   (wendy)
///          ├─ Eng ──── Core    (erin; dave also)
///          └─ Board            (boss, with contact fields)
/// loner: in no department; ent: enterprise administrator; admin: super administrator.
/// </code>
/// </summary>
internal sealed class VisibilityWorld : IDisposable
{
    public VisibilityWorld()
    {
        Caller admin = Stack.Admin;
        Company = Stack.Department("Company").Id;
        Sales = Dir.CreateDepartment(admin, "Sales", Company, null).Id;
        Eng = Dir.CreateDepartment(admin, "Eng", Company, null).Id;
        Board = Dir.CreateDepartment(admin, "Board", Company, null).Id;
        East = Dir.CreateDepartment(admin, "East", Sales, null).Id;
        West = Dir.CreateDepartment(admin, "West", Sales, null).Id;
        Core = Dir.CreateDepartment(admin, "Core", Eng, null).Id;

        Alice = Member("alice", East);
        Bob = Member("bob", East);
        Wendy = Member("wendy", West);
        Erin = Member("erin", Core);
        Boss = Member("boss", Board);
        Dir.UpdateProfile(admin, Boss, new ProfilePatch(Mobile: "+1 555 0100", Phone: "+1 555 0101", Email: "boss@example.com", Title: "CEO"));
        Dave = Stack.NewAccount("dave");
        Dir.SetMemberships(admin, Dave, [new MembershipInput(East, true, "Rep", null), new MembershipInput(Core, false, "Dev", null)]);
        Loner = Stack.NewAccount("loner");
        Enterprise = Stack.NewAccount("ent");
        Stack.Administrators.Grant(admin, new Ferry.Appliance.Directory.Administration.GrantInput(Enterprise, "enterprise", null, null));
    }

    public DirectoryStack Stack { get; } = new();

    public DirectoryService Dir => Stack.Directory;

    public VisibilityService Rules => Stack.VisibilityRules;

    public long Company { get; }

    public long Sales { get; }

    public long Eng { get; }

    public long Board { get; }

    public long East { get; }

    public long West { get; }

    public long Core { get; }

    public long Alice { get; }

    public long Bob { get; }

    public long Wendy { get; }

    public long Erin { get; }

    public long Boss { get; }

    public long Dave { get; }

    public long Loner { get; }

    public long Enterprise { get; }

    public IReadOnlyList<long> AllDepartments => [Company, Sales, Eng, Board, East, West, Core];

    public IReadOnlyList<long> AllAccounts => [Stack.Admin.AccountId, Alice, Bob, Wendy, Erin, Boss, Dave, Loner, Enterprise];

    public DirectoryView View(long viewer) => Stack.Visibility.ViewOf(viewer);

    public DirectoryAccount Account(long id) => Stack.Store.FindAccount(id)!;

    /// <summary>The accounts the viewer sees, judged by the view over the accounts as stored.</summary>
    public HashSet<long> SeenAccounts(long viewer)
    {
        DirectoryView view = View(viewer);
        return AllAccounts.Where(id => view.CanSeeAccount(Account(id))).ToHashSet();
    }

    public HashSet<long> SeenDepartments(long viewer)
    {
        DirectoryView view = View(viewer);
        return AllDepartments.Where(view.CanSeeDepartment).ToHashSet();
    }

    public HashSet<long> FullDepartments(long viewer)
    {
        DirectoryView view = View(viewer);
        return AllDepartments.Where(view.CanSeeMembersOf).ToHashSet();
    }

    public void Hide(long department, bool hidden = true, bool noDirectory = false, bool contactsHidden = false, IReadOnlyList<long?>? visible = null) =>
        Rules.SetDepartmentRule(Stack.Admin, department, hidden, noDirectory, contactsHidden, visible);

    public void Restrict(long department, params long[] visible) =>
        Rules.SetDepartmentRule(Stack.Admin, department, false, false, false, visible.Select(v => (long?)v).ToList());

    public void Dispose() => Stack.Dispose();

    private long Member(string name, long department)
    {
        long id = Stack.NewAccount(name);
        Dir.SetMemberships(Stack.Admin, id, [new MembershipInput(department, true, string.Empty, null)]);
        return id;
    }
}
