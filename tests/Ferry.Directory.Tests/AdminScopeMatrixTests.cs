using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Connections;
using Ferry.Appliance.Directory.Administration;
using Ferry.Appliance.Directory.Search;
using Ferry.Appliance.Enterprise;
using Ferry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Directory.Tests;

/// <summary>
/// Issue 3 §2: every administrative operation × every kind of caller, allowed or refused, on a real SQLite file.
/// One table of cases; each runs on a fresh directory, and a refused call must leave every table unchanged.
/// </summary>
public sealed class AdminScopeMatrixTests
{
    /// <summary>The callers, in the order of a case's expectation string.</summary>
    public enum Who
    {
        Super,
        Enterprise,
        DeptInScope,
        DeptWithoutPermission,
        DeptOutOfScope,
        User,
    }

    // Expectations: one letter per Who, in order. A = allowed, D = refused (Forbidden), N = not found, B = bad request.
    private const string Scoped = "AAADDD";
    private const string CompanyOnly = "AADDDD";
    private const string SuperOnly = "ADDDDD";

    /// <summary>(operation, the permission the "without permission" administrator lacks, expectations, the call).</summary>
    private static readonly (string Name, AdminPermissions Needs, string Expect, Action<World, Caller> Act)[] Cases =
    [
        // ---- departments: reads need manage accounts or manage departments ----
        ("children of an in-scope department", AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.Children(c, w.Sales)),
        ("children of the top level", AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments, CompanyOnly, (w, c) => w.Dir.Children(c, 0)),
        ("children of an out-of-scope department", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.Children(c, w.Eng)),
        ("children of the scope root's parent", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.Children(c, w.Company)),
        ("get an in-scope department", AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.Get(c, w.East)),
        ("get an out-of-scope department", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.Get(c, w.Eng)),
        ("get a missing department", AdminPermissions.None, "NNDDDD", (w, c) => w.Dir.Get(c, 424242)),
        ("members of an in-scope department", AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.Members(c, w.East, 0, 50)),
        ("members of an out-of-scope department", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.Members(c, w.Eng, 0, 50)),

        // ---- departments: writes need manage departments ----
        ("create under an in-scope department", AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.CreateDepartment(c, "New", w.Sales, null)),
        ("create at the top level", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.CreateDepartment(c, "New", 0, null)),
        ("create under an out-of-scope parent", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.CreateDepartment(c, "New", w.Eng, null)),
        ("rename an in-scope department", AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.RenameDepartment(c, w.East, "Eastern")),
        ("rename an out-of-scope department", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.RenameDepartment(c, w.Eng, "R&D")),
        ("move within scope", AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.MoveDepartment(c, w.East, w.West, null)),
        ("move out of scope", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.MoveDepartment(c, w.East, w.Eng, null)),
        ("move into scope", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.MoveDepartment(c, w.Eng, w.Sales, null)),
        ("move a scope root among its out-of-scope siblings", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.MoveDepartment(c, w.Sales, w.Company, 1)),
        ("reorder an in-scope department's children", AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.ReorderChildren(c, w.Sales, [w.West, w.East])),
        ("reorder the scope root's siblings", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.ReorderChildren(c, w.Company, [w.Eng, w.Sales])),
        ("delete an in-scope department", AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.DeleteDepartment(c, w.West)),
        ("delete an out-of-scope department", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.DeleteDepartment(c, w.EngEmpty)),

        // ---- accounts: reads need either permission, writes need manage accounts ----
        ("get an in-scope account", AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Dir.GetAccount(c, w.Alice)),
        ("get an out-of-scope account", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.GetAccount(c, w.Erin)),
        ("get an account in no department", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.GetAccount(c, w.Loner)),
        ("edit an in-scope profile", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Dir.UpdateProfile(c, w.Alice, new ProfilePatch(Title: "Lead"))),
        ("edit an out-of-scope profile", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.UpdateProfile(c, w.Erin, new ProfilePatch(Title: "Lead"))),
        ("edit an enterprise administrator in scope", AdminPermissions.None, SuperOnly, (w, c) => w.Dir.UpdateProfile(c, w.Ent2, new ProfilePatch(Title: "Boss"))),
        ("edit a wider department administrator in scope", AdminPermissions.None, "AADDDD", (w, c) => w.Dir.UpdateProfile(c, w.WideAdmin, new ProfilePatch(Title: "Boss"))),
        ("move an account within scope", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Dir.SetMemberships(c, w.Alice, [new MembershipInput(w.West, true, "", null)])),
        ("move an account out of scope", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.SetMemberships(c, w.Alice, [new MembershipInput(w.Eng, true, "", null)])),
        ("move an account into scope", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.SetMemberships(c, w.Erin, [new MembershipInput(w.East, true, "", null)])),
        ("drop an out-of-scope membership", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.SetMemberships(c, w.Dave, [new MembershipInput(w.East, true, "Rep", null)])),
        ("retitle the in-scope membership, keep the other", AdminPermissions.ManageAccounts, Scoped,
            (w, c) => w.Dir.SetMemberships(c, w.Dave, [new MembershipInput(w.East, true, "Senior rep", null), new MembershipInput(w.Eng, false, "Dev", null)])),
        ("retitle the out-of-scope membership", AdminPermissions.None, "AADDAD",
            (w, c) => w.Dir.SetMemberships(c, w.Dave, [new MembershipInput(w.East, true, "Rep", null), new MembershipInput(w.Eng, false, "Architect", null)])),
        ("freeze an in-scope account", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Dir.Freeze(c, w.Alice)),
        ("freeze an out-of-scope account", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.Freeze(c, w.Erin)),
        ("freeze an enterprise administrator in scope", AdminPermissions.None, SuperOnly, (w, c) => w.Dir.Freeze(c, w.Ent2)),
        ("restore an in-scope account", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Dir.Restore(c, w.Frozen)),
        ("delete an in-scope account", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Dir.Delete(c, w.Alice)),
        ("delete an out-of-scope account", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.Delete(c, w.Erin)),

        // ---- company-wide settings ----
        ("read settings", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.Settings(c)),
        ("set field editability", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.SetFieldEditability(c, new Dictionary<string, bool> { ["title"] = true })),
        ("define an attribute", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.DefineAttribute(c, "desk", "Desk", false)),
        ("delete an attribute", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.DeleteAttribute(c, "floor")),

        // ---- /api/v1/admin/accounts (the calls AccountEndpoints makes) ----
        ("create an account in no department", AdminPermissions.None, CompanyOnly, (w, c) => w.Dir.CreateAccount(c, "newcomer", null, "newcomer-password", false, null)),
        ("create an account in an in-scope department", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Dir.CreateAccount(c, "newcomer", null, "newcomer-password", false, w.East)),
        ("create an account in an out-of-scope department", AdminPermissions.None, "AADDAD", (w, c) => w.Dir.CreateAccount(c, "newcomer", null, "newcomer-password", false, w.Eng)),
        ("create an account in a missing department", AdminPermissions.None, "BBDDDD", (w, c) => w.Dir.CreateAccount(c, "newcomer", null, "newcomer-password", false, 424242)),
        ("create an is_admin account", AdminPermissions.None, SuperOnly, (w, c) => w.Dir.CreateAccount(c, "newcomer", null, "newcomer-password", true, null)),
        ("list accounts (filtered to the scope)", AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments, "AAADAD", (w, c) => w.ListAccounts(c)),
        ("search accounts (filtered to the scope)", AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments, "AAADAD", (w, c) => w.Search.Find(c, "a", 50)),
        ("search accounts with an empty query", AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments, "BBBDBD", (w, c) => w.Search.Find(c, " ", 20)),

        // ---- administrators ----
        ("grant a narrower department administrator in scope", AdminPermissions.ManageAccounts, Scoped,
            (w, c) => w.Admins.Grant(c, new GrantInput(w.Bob, "department", ["manageAccounts"], [w.East]))),
        ("grant over an out-of-scope department", AdminPermissions.None, "AADDDD",
            (w, c) => w.Admins.Grant(c, new GrantInput(w.Bob, "department", ["manageAccounts"], [w.Eng]))),
        ("grant to an out-of-scope account", AdminPermissions.None, "AADDDD",
            (w, c) => w.Admins.Grant(c, new GrantInput(w.Erin, "department", ["manageAccounts"], [w.East]))),
        ("grant a permission the granter lacks", AdminPermissions.ViewLogs, Scoped,
            (w, c) => w.Admins.Grant(c, new GrantInput(w.Bob, "department", ["viewLogs"], [w.East]))),
        ("grant an enterprise administrator", AdminPermissions.None, SuperOnly, (w, c) => w.Admins.Grant(c, new GrantInput(w.Bob, "enterprise", null, null))),
        ("revoke a narrower department administrator", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Admins.Revoke(c, w.NarrowAdmin)),
        ("revoke a wider department administrator", AdminPermissions.None, "AADDDD", (w, c) => w.Admins.Revoke(c, w.WideAdmin)),
        ("revoke an enterprise administrator", AdminPermissions.None, SuperOnly, (w, c) => w.Admins.Revoke(c, w.Ent2)),
        ("list administrators", AdminPermissions.All, "AAAAAD", (w, c) => w.Admins.List(c)),

        // ---- visibility rules (/api/v1/admin/directory/visibility): accounts need manage accounts, departments manage departments ----
        ("read an in-scope account's visibility", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Rules.GetAccountRule(c, w.Alice)),
        ("read an out-of-scope account's visibility", AdminPermissions.None, "AADDAD", (w, c) => w.Rules.GetAccountRule(c, w.Erin)),
        ("hide an in-scope account", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Rules.SetAccountRule(c, w.Alice, true, false, true)),
        ("hide an out-of-scope account", AdminPermissions.None, "AADDAD", (w, c) => w.Rules.SetAccountRule(c, w.Erin, true, false, false)),
        ("hide an account in no department", AdminPermissions.None, CompanyOnly, (w, c) => w.Rules.SetAccountRule(c, w.Loner, true, false, false)),
        ("hide an enterprise administrator in scope", AdminPermissions.None, SuperOnly, (w, c) => w.Rules.SetAccountRule(c, w.Ent2, true, false, false)),
        ("hide a wider department administrator in scope", AdminPermissions.None, "AADDDD", (w, c) => w.Rules.SetAccountRule(c, w.WideAdmin, false, true, false)),
        ("list account visibility rules (filtered to the scope)", AdminPermissions.ManageAccounts, "AAADAD", (w, c) => w.Rules.AccountRules(c, 0, 100)),
        ("read an in-scope department's visibility", AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Rules.GetDepartmentRule(c, w.East)),
        ("read an out-of-scope department's visibility", AdminPermissions.None, "AADDAD", (w, c) => w.Rules.GetDepartmentRule(c, w.Eng)),
        ("read a missing department's visibility", AdminPermissions.None, "NNDDDD", (w, c) => w.Rules.GetDepartmentRule(c, 424242)),
        ("hide an in-scope department", AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Rules.SetDepartmentRule(c, w.West, true, true, true, null)),
        ("hide an out-of-scope department", AdminPermissions.None, "AADDAD", (w, c) => w.Rules.SetDepartmentRule(c, w.Eng, true, false, false, null)),
        ("hide the scope root's parent", AdminPermissions.None, CompanyOnly, (w, c) => w.Rules.SetDepartmentRule(c, w.Company, true, false, false, null)),
        ("restrict an in-scope department to in-scope departments", AdminPermissions.ManageDepartments, Scoped, (w, c) => w.Rules.SetDepartmentRule(c, w.East, false, false, false, [w.West, w.Sales])),
        ("restrict an in-scope department to an out-of-scope one", AdminPermissions.None, CompanyOnly, (w, c) => w.Rules.SetDepartmentRule(c, w.East, false, false, false, [w.Eng])),
        ("restrict an in-scope department to a missing one", AdminPermissions.None, "BBDDDD", (w, c) => w.Rules.SetDepartmentRule(c, w.East, false, false, false, [424242])),
        ("list department visibility rules (filtered to the scope)", AdminPermissions.ManageDepartments, "AAADAD", (w, c) => w.Rules.DepartmentRules(c, 0, 100)),
        // ---- enterprise settings (/api/v1/admin/enterprise): company-wide ----
        ("read the enterprise settings", AdminPermissions.None, CompanyOnly, (w, c) => w.Enterprise.Read(c)),
        ("rename the enterprise", AdminPermissions.None, CompanyOnly, (w, c) => w.Enterprise.Update(c, new SettingsChange().Set(EnterpriseSettings.Name, "Acme"))),
        ("set the enterprise logo", AdminPermissions.None, CompanyOnly, (w, c) => w.Enterprise.SetLogo(c, TestImages.Png, "image/png")),
        ("remove the enterprise logo", AdminPermissions.None, CompanyOnly, (w, c) => w.Enterprise.RemoveLogo(c)),

        // ---- online devices (/api/v1/admin/online): manage accounts, within scope ----
        ("list online devices (filtered to the scope)", AdminPermissions.ManageAccounts, "AAADAD", (w, c) => w.Online.List(c, 0, 50, null)),
        ("disconnect an in-scope account", AdminPermissions.ManageAccounts, Scoped, (w, c) => w.Online.Disconnect(c, w.Alice)),
        ("disconnect an out-of-scope account", AdminPermissions.None, "AADDAD", (w, c) => w.Online.Disconnect(c, w.Erin)),
        ("disconnect an enterprise administrator", AdminPermissions.None, SuperOnly, (w, c) => w.Online.Disconnect(c, w.Ent2)),
    ];

    public static TheoryData<string, Who> Matrix()
    {
        var data = new TheoryData<string, Who>();
        foreach ((string name, _, _, _) in Cases)
        {
            foreach (Who who in Enum.GetValues<Who>())
            {
                data.Add(name, who);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_operation_allows_and_refuses_exactly_as_the_rules_say(string operation, Who who)
    {
        (string _, AdminPermissions needs, string expect, Action<World, Caller> act) = Cases.Single(c => c.Name == operation);
        using var world = new World(needs);
        Caller caller = world.CallerFor(who);
        char expected = expect[(int)who];
        string before = world.Stack.Snapshot();

        if (expected == 'A')
        {
            act(world, caller);
        }
        else
        {
            ErrorCode code = expected switch { 'N' => ErrorCode.NotFound, 'B' => ErrorCode.BadRequest, _ => ErrorCode.Forbidden };
            FerryAssert.Fails(code, () => act(world, caller));
            Assert.Equal(before, world.Stack.Snapshot());
        }
    }

    [Fact]
    public void The_table_covers_every_caller_for_every_case()
    {
        Assert.All(Cases, c => Assert.Equal(Enum.GetValues<Who>().Length, c.Expect.Length));
        Assert.Equal(Cases.Length, Cases.Select(c => c.Name).Distinct().Count());
        Assert.True(Cases.Length * Enum.GetValues<Who>().Length >= 300);
    }

    /// <summary>
    /// Company ─┬─ Sales ─┬─ East (alice, dave primary, frozen "fay", bob, narrow admin)
    ///          │         └─ West
    ///          └─ Eng ── EngEmpty      (erin; dave also, title "Dev")
    /// Department administrators: in scope (Sales, every permission), without permission (Sales, all but the case's
    /// needs), out of scope (Eng, every permission); a narrow one (East, manage accounts) and a wide one (Company).
    /// </summary>
    internal sealed class World : IDisposable
    {
        public World(AdminPermissions lacking)
        {
            Caller super = Stack.Admin;
            Company = Stack.Department("Company").Id;
            Sales = Stack.Directory.CreateDepartment(super, "Sales", Company, null).Id;
            Eng = Stack.Directory.CreateDepartment(super, "Eng", Company, null).Id;
            East = Stack.Directory.CreateDepartment(super, "East", Sales, null).Id;
            West = Stack.Directory.CreateDepartment(super, "West", Sales, null).Id;
            EngEmpty = Stack.Directory.CreateDepartment(super, "Empty", Eng, null).Id;
            Stack.Directory.DefineAttribute(super, "floor", "Floor", false);

            Alice = Member("alice", East);
            Bob = Member("bob", East);
            Erin = Member("erin", Eng);
            Frozen = Member("fay", East);
            Stack.Directory.Freeze(super, Frozen);
            Loner = Stack.NewAccount("loner");
            Dave = Stack.NewAccount("dave");
            Stack.Directory.SetMemberships(super, Dave, [new MembershipInput(East, true, "Rep", null), new MembershipInput(Eng, false, "Dev", null)]);

            _callers[Who.Super] = super;
            _callers[Who.Enterprise] = Admin("ent", null, "enterprise", null, []);
            Ent2 = Admin("ent2", East, "enterprise", null, []).AccountId;
            string[] all = AdminNames.Permissions.Select(p => p.Name).ToArray();
            string[] without = AdminNames.PermissionList(AdminPermissions.All & ~lacking).ToArray();
            _callers[Who.DeptInScope] = Admin("dept-in", East, "department", all, [Sales]);
            _callers[Who.DeptWithoutPermission] = Admin("dept-without", East, "department", without.Length == 0 ? ["viewLogs"] : without, [Sales]);
            _callers[Who.DeptOutOfScope] = Admin("dept-out", Eng, "department", all, [Eng]);
            NarrowAdmin = Admin("narrow", East, "department", ["manageAccounts"], [East]).AccountId;
            WideAdmin = Admin("wide", East, "department", all, [Company]).AccountId;
            _callers[Who.User] = Stack.User("plain");
        }

        private readonly Dictionary<Who, Caller> _callers = [];
        private EnterpriseService? _enterprise;
        private OnlineAccounts? _online;
        private AdminAccountSearch? _search;

        public DirectoryStack Stack { get; } = new();

        public DirectoryService Dir => Stack.Directory;

        public AdministratorService Admins => Stack.Administrators;

        public Ferry.Appliance.Directory.Visibility.VisibilityService Rules => Stack.VisibilityRules;
        /// <summary>The enterprise settings as ferryd wires them, on the world's database.</summary>
        public EnterpriseService Enterprise => _enterprise ??= new EnterpriseService(
            new SqliteEnterpriseStore(Stack.Database), Stack.Access, Options, Stack.Clock, NullLogger<EnterpriseService>.Instance);

        /// <summary>The administrators' account search over the world's search read model.</summary>
        public AdminAccountSearch Search => _search ??= new AdminAccountSearch(Stack.Access, new DirectorySearch(Stack.Store));

        /// <summary>Online devices over an empty connection registry: the scope checks do not need live connections.</summary>
        public OnlineAccounts Online => _online ??= new OnlineAccounts(
            new ConnectionRegistry(Options, Stack.Clock), Stack.Accounts, Stack.Sessions, Stack.Access, NullLogger<OnlineAccounts>.Instance);

        private static FerryOptions Options { get; } = new() { DataDirectory = Path.GetTempPath() };

        public long Company { get; }

        public long Sales { get; }

        public long Eng { get; }

        public long East { get; }

        public long West { get; }

        public long EngEmpty { get; }

        public long Alice { get; }

        public long Bob { get; }

        public long Erin { get; }

        public long Dave { get; }

        public long Frozen { get; }

        public long Loner { get; }

        public long Ent2 { get; }

        public long NarrowAdmin { get; }

        public long WideAdmin { get; }

        public Caller CallerFor(Who who) => _callers[who];

        /// <summary>What <c>GET /api/v1/admin/accounts</c> does.</summary>
        public List<Account> ListAccounts(Caller caller)
        {
            AdminAuthority authority = Stack.Access.Authorize(caller, DirectoryRight.ViewDirectory, new AdminTarget());
            return Stack.Accounts.List(0, 1000).Where(a => Stack.Access.CanSeeAccount(authority, a.Id)).ToList();
        }

        public void Dispose() => Stack.Dispose();

        private long Member(string name, long department)
        {
            long id = Stack.NewAccount(name);
            Stack.Directory.SetMemberships(Stack.Admin, id, [new MembershipInput(department, true, string.Empty, null)]);
            return id;
        }

        private Caller Admin(string name, long? department, string role, string[]? permissions, long[] scope)
        {
            long id = department is { } d ? Member(name, d) : Stack.NewAccount(name);
            Stack.Administrators.Grant(Stack.Admin, new GrantInput(id, role, permissions, role == "enterprise" ? null : scope));
            Account account = Stack.Accounts.FindByName(name)!;
            return new Caller(account.Id, account.Name, "device-" + name, 0, account.IsAdmin);
        }
    }
}
