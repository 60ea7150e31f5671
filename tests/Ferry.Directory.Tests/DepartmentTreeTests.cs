using Ferry.Appliance.Directory;

namespace Ferry.Directory.Tests;

public sealed class DepartmentTreeTests : IDisposable
{
    private readonly DirectoryStack _stack = new();

    public void Dispose() => _stack.Dispose();

    [Fact]
    public void Departments_nest_to_any_depth()
    {
        Department parent = _stack.Department("Level 0");
        for (int depth = 1; depth <= 40; depth++)
        {
            parent = _stack.Department($"Level {depth}", parent);
        }

        Assert.Equal(41, _stack.Store.AncestorsOf(parent.Id).Count);
        Assert.Equal(["Level 40"], _stack.Directory.Children(_stack.Admin, parent.ParentId).Select(n => n.Department.Name));
    }

    [Fact]
    public void New_departments_go_last_unless_placed_and_siblings_stay_numbered_densely()
    {
        Department company = _stack.Department("Company");
        _stack.Department("Sales", company);
        _stack.Department("Engineering", company);
        _stack.Department("Finance", company, position: 0);
        _stack.Department("Legal", company, position: 2);
        _stack.Department("Support", company, position: 99);

        Assert.Equal(["Finance", "Sales", "Legal", "Engineering", "Support"], _stack.ChildNames(company));
        Assert.Equal([0, 1, 2, 3, 4], _stack.Directory.Children(_stack.Admin, company.Id).Select(n => n.Department.Order));
    }

    [Fact]
    public void Reorder_sets_the_sibling_order_and_must_name_every_child_once()
    {
        Department company = _stack.Department("Company");
        Department a = _stack.Department("A", company), b = _stack.Department("B", company), c = _stack.Department("C", company);

        _stack.Directory.ReorderChildren(_stack.Admin, company.Id, [c.Id, a.Id, b.Id]);
        Assert.Equal(["C", "A", "B"], _stack.ChildNames(company));

        string before = _stack.Snapshot();
        FerryException missing = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.ReorderChildren(_stack.Admin, company.Id, [a.Id, b.Id]));
        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.ReorderChildren(_stack.Admin, company.Id, [a.Id, a.Id, b.Id]));
        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.ReorderChildren(_stack.Admin, company.Id, [a.Id, b.Id, company.Id]));
        Assert.StartsWith("order:", missing.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Move_reparents_a_subtree_and_closes_the_gap_it_leaves()
    {
        Department company = _stack.Department("Company");
        Department sales = _stack.Department("Sales", company);
        Department east = _stack.Department("East", sales);
        _stack.Department("Engineering", company);
        _stack.Department("Finance", company);
        Department emea = _stack.Department("EMEA", east);

        Department moved = _stack.Directory.MoveDepartment(_stack.Admin, sales.Id, 0, position: 0);

        Assert.Equal(0, moved.ParentId);
        Assert.Equal(["Sales", "Company"], _stack.ChildNames());
        Assert.Equal(["Engineering", "Finance"], _stack.ChildNames(company));
        Assert.Equal([0, 1], _stack.Directory.Children(_stack.Admin, company.Id).Select(n => n.Department.Order));
        Assert.Equal([emea.Id, east.Id, sales.Id], _stack.Store.AncestorsOf(emea.Id));
    }

    [Fact]
    public void Move_within_the_same_parent_reorders()
    {
        Department a = _stack.Department("A"), b = _stack.Department("B"), c = _stack.Department("C");

        _stack.Directory.MoveDepartment(_stack.Admin, a.Id, 0, position: 2);

        Assert.Equal(["B", "C", "A"], _stack.ChildNames());
        _ = (b, c);
    }

    [Fact]
    public void Moving_a_department_under_itself_or_its_subtree_is_refused_and_changes_nothing()
    {
        Department company = _stack.Department("Company");
        Department sales = _stack.Department("Sales", company);
        Department east = _stack.Department("East", sales);
        Department emea = _stack.Department("EMEA", east);
        string before = _stack.Snapshot();

        foreach (Department target in new[] { sales, east, emea })
        {
            FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.MoveDepartment(_stack.Admin, sales.Id, target.Id, null));
            Assert.Contains("parentId", error.Message, StringComparison.Ordinal);
            Assert.Contains("subtree", error.Message, StringComparison.Ordinal);
        }

        FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.MoveDepartment(_stack.Admin, sales.Id, 12345, null));
        FerryAssert.Fails(ErrorCode.NotFound, () => _stack.Directory.MoveDepartment(_stack.Admin, 12345, 0, null));
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Sibling_names_are_unique_ignoring_case_but_may_repeat_elsewhere()
    {
        Department north = _stack.Department("North");
        Department south = _stack.Department("South");
        _stack.Department("Sales", north);
        _stack.Department("Sales", south);
        string before = _stack.Snapshot();

        FerryException duplicate = FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Department("sales", north));
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.RenameDepartment(_stack.Admin, south.Id, "NORTH"));
        Department southSales = _stack.Directory.Children(_stack.Admin, south.Id).Single().Department;
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.MoveDepartment(_stack.Admin, southSales.Id, north.Id, null));

        Assert.StartsWith("name:", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Rename_trims_and_keeps_place()
    {
        Department a = _stack.Department("A");
        _stack.Department("B");

        Department renamed = _stack.Directory.RenameDepartment(_stack.Admin, a.Id, "  Alpha  ");

        Assert.Equal(("Alpha", 0), (renamed.Name, renamed.Order));
        Assert.True(renamed.Version > a.Version);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("tab\there")]
    [InlineData("line\nbreak")]
    public void Invalid_department_names_are_refused_naming_the_field(string? name)
    {
        string before = _stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.CreateDepartment(_stack.Admin, name, 0, null));

        Assert.StartsWith("name:", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Every_bad_field_of_a_create_is_reported_at_once()
    {
        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.CreateDepartment(_stack.Admin, new string('x', 101), 999, -1));

        Assert.Contains("name: must be at most 100 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("position: must not be negative", error.Message, StringComparison.Ordinal);
        Assert.Contains("parentId: no department 999", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_empty_departments_can_be_deleted()
    {
        Department company = _stack.Department("Company");
        Department sales = _stack.Department("Sales", company);
        Department support = _stack.Department("Support", company);
        long alice = _stack.NewAccount("alice");
        _stack.Directory.SetMemberships(_stack.Admin, alice, [new MembershipInput(support.Id, true, "", null)]);

        FerryException notEmpty = FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.DeleteDepartment(_stack.Admin, company.Id));
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.DeleteDepartment(_stack.Admin, support.Id));
        Assert.Contains("2 sub-departments", notEmpty.Message, StringComparison.Ordinal);

        _stack.Directory.DeleteDepartment(_stack.Admin, sales.Id);
        Assert.Equal(["Support"], _stack.ChildNames(company));
        Assert.Equal(0, _stack.Directory.Children(_stack.Admin, company.Id).Single().Department.Order);
        FerryAssert.Fails(ErrorCode.NotFound, () => _stack.Directory.DeleteDepartment(_stack.Admin, sales.Id));
    }

    [Fact]
    public void Children_report_their_counts()
    {
        Department company = _stack.Department("Company");
        _stack.Department("Sales", company);
        _stack.Department("Support", company);
        long alice = _stack.NewAccount("alice");
        _stack.Directory.SetMemberships(_stack.Admin, alice, [new MembershipInput(company.Id, true, "CEO", null)]);

        DepartmentNode node = _stack.Directory.Children(_stack.Admin, 0).Single();

        Assert.Equal((2, 1), (node.Children, node.Members));
    }

    [Fact]
    public void Non_administrators_are_refused()
    {
        Department company = _stack.Department("Company");
        var user = _stack.User("alice");

        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.CreateDepartment(user, "Mine", 0, null));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.Children(user, 0));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.DeleteDepartment(user, company.Id));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.MoveDepartment(user, company.Id, 0, 0));
    }
}
