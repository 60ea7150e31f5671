using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Administration;

namespace Ferry.Directory.Tests;

/// <summary>Grant rules beyond the matrix: per-field 400s that change nothing, self-grants, revocation, the is_admin flag.</summary>
public sealed class AdministratorGrantTests : IDisposable
{
    private readonly DirectoryStack _stack = new();

    public void Dispose() => _stack.Dispose();

    [Fact]
    public void A_bad_grant_names_every_bad_field_and_changes_nothing()
    {
        string before = _stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Administrators.Grant(_stack.Admin,
            new GrantInput(null, "department", ["manageAccounts", "fly", "manageAccounts"], [0, 777])));

        Assert.Contains("accountId: is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("permissions[1]: must be one of", error.Message, StringComparison.Ordinal);
        Assert.Contains("permissions[2]: lists manageAccounts twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("departmentIds[0]: must be a department id", error.Message, StringComparison.Ordinal);
        Assert.Contains("departmentIds[1]: no department 777", error.Message, StringComparison.Ordinal);
        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Administrators.Grant(_stack.Admin, new GrantInput(_stack.NewAccount("a"), null, null, null)));
        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Administrators.Grant(_stack.Admin, new GrantInput(_stack.Admin.AccountId + 1000, "department", [], [])));
        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Administrators.Grant(_stack.Admin, new GrantInput(_stack.User("b").AccountId, "enterprise", ["viewLogs"], [1])));
        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Administrators.Grant(_stack.Admin, new GrantInput(_stack.Admin.AccountId, "department", ["viewLogs"], [1])));
        Assert.Equal(before.Split('\n').Count(l => l.StartsWith("admin_", StringComparison.Ordinal)), _stack.Snapshot().Split('\n').Count(l => l.StartsWith("admin_", StringComparison.Ordinal)));
        Assert.Empty(_stack.Administrators.List(_stack.Admin));
    }

    [Fact]
    public void Enterprise_grants_set_is_admin_revocation_clears_it_and_nobody_grants_themselves()
    {
        Department sales = _stack.Department("Sales");
        Caller ops = _stack.User("ops");
        _stack.Administrators.Grant(_stack.Admin, new GrantInput(ops.AccountId, "enterprise", null, null));
        Assert.True(_stack.Accounts.FindByName("ops")!.IsAdmin);
        var opsAdmin = ops with { IsAdmin = true };

        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Administrators.Grant(opsAdmin, new GrantInput(ops.AccountId, "department", ["viewLogs"], [sales.Id])));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Administrators.Revoke(opsAdmin, ops.AccountId));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Administrators.Grant(opsAdmin, new GrantInput(_stack.User("x").AccountId, "enterprise", null, null)));

        Caller lead = _stack.User("lead");
        _stack.Directory.SetMemberships(_stack.Admin, lead.AccountId, [new MembershipInput(sales.Id, true, "", null)]);
        AdminGrant grant = _stack.Administrators.Grant(opsAdmin, new GrantInput(lead.AccountId, "department", ["manageAccounts", "viewLogs"], [sales.Id]));
        Assert.Equal(opsAdmin.AccountId, grant.GrantedBy);
        Assert.False(_stack.Accounts.FindByName("lead")!.IsAdmin);
        Assert.True(_stack.Access.IsAdministrator(lead));
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Administrators.Grant(opsAdmin, new GrantInput(lead.AccountId, "department", ["viewLogs"], [sales.Id])));
        Assert.Equal(2, _stack.Administrators.List(_stack.Admin).Count);
        Assert.Single(_stack.Administrators.List(lead));

        _stack.Administrators.Revoke(opsAdmin, lead.AccountId);
        Assert.False(_stack.Access.IsAdministrator(lead));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.Members(lead, sales.Id, 0, 10));
        _stack.Administrators.Revoke(_stack.Admin, ops.AccountId);
        Assert.False(_stack.Accounts.FindByName("ops")!.IsAdmin);
    }

    [Fact]
    public void Nested_scope_roots_collapse_to_the_outermost()
    {
        Department sales = _stack.Department("Sales");
        Department east = _stack.Directory.CreateDepartment(_stack.Admin, "East", sales.Id, null);
        Caller lead = _stack.User("lead");
        AdminGrant grant = _stack.Administrators.Grant(_stack.Admin, new GrantInput(lead.AccountId, "department", ["manageDepartments"], [east.Id, sales.Id]));
        Assert.Equal([sales.Id], grant.DepartmentIds);
        Assert.Equal([sales.Id], _stack.Administrators.Self(lead).Roots.Select(r => r.Department.Id));
    }
}
