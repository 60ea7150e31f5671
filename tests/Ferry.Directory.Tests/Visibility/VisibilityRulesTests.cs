using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Visibility;

namespace Ferry.Directory.Tests.Visibility;

/// <summary>Storing rules: validation that writes nothing on any error, and rules that go when their department or account does.</summary>
public sealed class VisibilityRulesTests : IDisposable
{
    private readonly VisibilityWorld _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public void Rules_round_trip_and_all_false_removes_them()
    {
        _w.Hide(_w.Sales, hidden: true, noDirectory: false, contactsHidden: true, visible: [_w.Board, _w.Core]);
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, false, false, true);

        DepartmentRule sales = _w.Rules.GetDepartmentRule(_w.Stack.Admin, _w.Sales);
        Assert.Equal((true, false, true), (sales.Hidden, sales.NoDirectory, sales.ContactsHidden));
        Assert.Equal(new[] { _w.Board, _w.Core }.Order(), sales.VisibleDepartments!);
        Assert.Equal([_w.Sales], _w.Rules.DepartmentRules(_w.Stack.Admin, 0, 100).Select(r => r.DepartmentId));
        Assert.Equal([_w.Boss], _w.Rules.AccountRules(_w.Stack.Admin, 0, 100).Select(r => r.AccountId));
        Assert.True(_w.Rules.GetAccountRule(_w.Stack.Admin, _w.Boss).ContactsHidden);
        Assert.Null(_w.Rules.GetDepartmentRule(_w.Stack.Admin, _w.East).VisibleDepartments);

        _w.Hide(_w.Sales, hidden: false);
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Boss, false, false, false);
        Assert.Empty(_w.Rules.DepartmentRules(_w.Stack.Admin, 0, 100));
        Assert.Empty(_w.Rules.AccountRules(_w.Stack.Admin, 0, 100));
        Assert.Equal(0, Count("visibility_department_lists"));
    }

    [Fact]
    public void An_empty_list_is_kept_apart_from_no_list()
    {
        _w.Restrict(_w.East);
        Assert.Equal(Array.Empty<long>(), _w.Rules.GetDepartmentRule(_w.Stack.Admin, _w.East).VisibleDepartments);
    }

    [Fact]
    public void Bad_lists_get_an_error_per_entry_and_write_nothing()
    {
        _w.Restrict(_w.East, _w.Board);
        Ferry.Appliance.Accounts.Caller plain = _w.Stack.User("plain");
        string before = _w.Stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest,
            () => _w.Rules.SetDepartmentRule(_w.Stack.Admin, _w.East, true, false, false, [_w.Core, null, -4, 424242, _w.Core]));
        Assert.Contains("visibleDepartments[1]: must be a department id", error.Message, StringComparison.Ordinal);
        Assert.Contains("visibleDepartments[2]: must be a department id", error.Message, StringComparison.Ordinal);
        Assert.Contains("visibleDepartments[3]: no department 424242", error.Message, StringComparison.Ordinal);
        Assert.Contains("visibleDepartments[4]: lists the same department twice", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("visibleDepartments[0]", error.Message, StringComparison.Ordinal);

        FerryException tooMany = FerryAssert.Fails(ErrorCode.BadRequest,
            () => _w.Rules.SetDepartmentRule(_w.Stack.Admin, _w.East, false, false, false, Enumerable.Repeat<long?>(_w.Core, VisibilityService.MaxVisibleDepartments + 1).ToList()));
        Assert.Contains("at most 200", tooMany.Message, StringComparison.Ordinal);

        FerryAssert.Fails(ErrorCode.NotFound, () => _w.Rules.SetDepartmentRule(_w.Stack.Admin, 424242, true, false, false, null));
        FerryAssert.Fails(ErrorCode.NotFound, () => _w.Rules.SetAccountRule(_w.Stack.Admin, 424242, true, false, false));
        FerryAssert.Fails(ErrorCode.NotFound, () => _w.Rules.GetAccountRule(_w.Stack.Admin, 424242));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _w.Rules.SetAccountRule(plain, _w.Alice, true, false, false));
        Assert.Equal(before, _w.Stack.Snapshot());
    }

    [Fact]
    public void Deleting_a_department_removes_its_rule_and_its_place_in_every_list_without_widening_any_view()
    {
        long temp = _w.Dir.CreateDepartment(_w.Stack.Admin, "Temp", _w.Company, null).Id;
        _w.Hide(temp, hidden: true, contactsHidden: true, visible: [_w.Board]);
        _w.Restrict(_w.East, temp);

        _w.Dir.DeleteDepartment(_w.Stack.Admin, temp);

        Assert.Equal(0, Count($"visibility_department_rules WHERE department_id = {temp}"));
        Assert.Equal(0, Count($"visibility_department_lists WHERE department_id = {temp} OR visible_department_id = {temp}"));
        Assert.Equal(Array.Empty<long>(), _w.Rules.GetDepartmentRule(_w.Stack.Admin, _w.East).VisibleDepartments);
        Assert.Equal(new HashSet<long> { _w.East }, _w.FullDepartments(_w.Alice)); // still restricted, to its own department
    }

    [Fact]
    public void Deleting_an_account_removes_its_rule()
    {
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Wendy, true, true, true);
        _w.Dir.Delete(_w.Stack.Admin, _w.Wendy);

        Assert.Equal(0, Count($"visibility_account_rules WHERE account_id = {_w.Wendy}"));
        FerryAssert.Fails(ErrorCode.Conflict, () => _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Wendy, true, false, false));
    }

    [Fact]
    public void A_department_administrator_sees_and_sets_only_rules_in_its_subtree()
    {
        var grant = new Ferry.Appliance.Directory.Administration.GrantInput(_w.Alice, "department", ["manageAccounts", "manageDepartments"], [_w.Sales]);
        _w.Stack.Administrators.Grant(_w.Stack.Admin, grant);
        var alice = new Ferry.Appliance.Accounts.Caller(_w.Alice, "alice", "device-alice", 0, false);
        _w.Hide(_w.Eng);
        _w.Rules.SetAccountRule(_w.Stack.Admin, _w.Erin, true, false, false);

        _w.Rules.SetDepartmentRule(alice, _w.West, false, false, false, [_w.East]);
        _w.Rules.SetAccountRule(alice, _w.Bob, false, false, true);

        Assert.Equal([_w.West], _w.Rules.DepartmentRules(alice, 0, 100).Select(r => r.DepartmentId));
        Assert.Equal([_w.Bob], _w.Rules.AccountRules(alice, 0, 100).Select(r => r.AccountId));
        Assert.Equal(2, _w.Rules.DepartmentRules(_w.Stack.Admin, 0, 100).Count);
        Assert.Equal(2, _w.Rules.AccountRules(_w.Stack.Admin, 0, 100).Count);
        Assert.Single(_w.Rules.DepartmentRules(_w.Stack.Admin, 1, 1));
    }

    private int Count(string from)
    {
        using Microsoft.Data.Sqlite.SqliteConnection connection = _w.Stack.Database.Open();
        using Microsoft.Data.Sqlite.SqliteCommand query = connection.CreateCommand();
        query.CommandText = "SELECT COUNT(*) FROM " + from;
        return Convert.ToInt32(query.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
