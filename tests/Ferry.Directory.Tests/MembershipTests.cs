using Ferry.Appliance.Directory;

namespace Ferry.Directory.Tests;

public sealed class MembershipTests : IDisposable
{
    private readonly DirectoryStack _stack = new();
    private readonly Department _sales;
    private readonly Department _support;
    private readonly long _alice;

    public MembershipTests()
    {
        _sales = _stack.Department("Sales");
        _support = _stack.Department("Support");
        _alice = _stack.NewAccount("alice");
    }

    public void Dispose() => _stack.Dispose();

    [Fact]
    public void An_account_belongs_to_several_departments_with_one_primary_and_a_title_in_each()
    {
        DirectoryAccount account = _stack.Directory.SetMemberships(_stack.Admin, _alice,
        [
            new MembershipInput(_sales.Id, false, "Account manager", null),
            new MembershipInput(_support.Id, true, " Team lead ", null),
        ]);

        Assert.Equal(2, account.Memberships.Count);
        Membership primary = account.Memberships[0];
        Assert.Equal((_support.Id, true, "Team lead"), (primary.DepartmentId, primary.IsPrimary, primary.Title));
        Assert.Equal((_sales.Id, false, "Account manager"), (account.Memberships[1].DepartmentId, account.Memberships[1].IsPrimary, account.Memberships[1].Title));
    }

    [Fact]
    public void A_single_membership_is_primary_without_saying_so()
    {
        DirectoryAccount account = _stack.Directory.SetMemberships(_stack.Admin, _alice, [new MembershipInput(_sales.Id, false, "", null)]);

        Assert.True(account.Memberships.Single().IsPrimary);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Several_memberships_need_exactly_one_primary(int primaries)
    {
        _stack.Directory.SetMemberships(_stack.Admin, _alice, [new MembershipInput(_sales.Id, true, "", null)]);
        string before = _stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.SetMemberships(_stack.Admin, _alice,
        [
            new MembershipInput(_sales.Id, primaries >= 1, "", null),
            new MembershipInput(_support.Id, primaries >= 2, "", null),
        ]));

        Assert.Contains("exactly one membership must be primary", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
    }

    [Fact]
    public void Bad_memberships_are_reported_per_item_and_change_nothing()
    {
        string before = _stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => _stack.Directory.SetMemberships(_stack.Admin, _alice,
        [
            new MembershipInput(_sales.Id, true, "", -1),
            new MembershipInput(424242, false, "", null),
            new MembershipInput(_sales.Id, false, new string('t', 101), null),
        ]));

        Assert.Contains("memberships[0].order: must not be negative", error.Message, StringComparison.Ordinal);
        Assert.Contains("memberships[1].departmentId: no department 424242", error.Message, StringComparison.Ordinal);
        Assert.Contains("memberships[2].departmentId: lists the same department twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("memberships[2].title: must be at most 100 characters", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _stack.Snapshot());
        FerryAssert.Fails(ErrorCode.NotFound, () => _stack.Directory.SetMemberships(_stack.Admin, 999, []));
    }

    [Fact]
    public void Members_are_listed_in_member_order_new_ones_last_and_keep_their_place_when_memberships_change()
    {
        long bob = _stack.NewAccount("bob"), carol = _stack.NewAccount("carol");
        _stack.Directory.SetMemberships(_stack.Admin, _alice, [new MembershipInput(_sales.Id, true, "", 5)]);
        _stack.Directory.SetMemberships(_stack.Admin, bob, [new MembershipInput(_sales.Id, true, "", null)]);
        _stack.Directory.SetMemberships(_stack.Admin, carol, [new MembershipInput(_sales.Id, true, "", 0)]);
        Assert.Equal(6, _stack.Directory.GetAccount(_stack.Admin, bob).Memberships.Single().Order);

        Assert.Equal(["carol", "alice", "bob"], _stack.Directory.Members(_stack.Admin, _sales.Id, 0, 10).Select(a => a.Name));

        // Alice joins another department too: her place in Sales does not move.
        _stack.Directory.SetMemberships(_stack.Admin, _alice, [new MembershipInput(_sales.Id, true, "", null), new MembershipInput(_support.Id, false, "", null)]);
        Assert.Equal(["carol", "alice", "bob"], _stack.Directory.Members(_stack.Admin, _sales.Id, 0, 10).Select(a => a.Name));
        Assert.Equal(["alice", "bob"], _stack.Directory.Members(_stack.Admin, _sales.Id, 1, 2).Select(a => a.Name));
    }

    [Fact]
    public void An_empty_list_takes_the_account_out_of_every_department()
    {
        _stack.Directory.SetMemberships(_stack.Admin, _alice, [new MembershipInput(_sales.Id, true, "", null)]);

        DirectoryAccount account = _stack.Directory.SetMemberships(_stack.Admin, _alice, []);

        Assert.Empty(account.Memberships);
        _stack.Directory.DeleteDepartment(_stack.Admin, _sales.Id);
    }

    [Fact]
    public void Moving_a_department_keeps_its_members()
    {
        Department east = _stack.Department("East", _sales);
        _stack.Directory.SetMemberships(_stack.Admin, _alice, [new MembershipInput(east.Id, true, "Rep", null)]);

        _stack.Directory.MoveDepartment(_stack.Admin, east.Id, _support.Id, null);

        Assert.Equal("alice", _stack.Directory.Members(_stack.Admin, east.Id, 0, 10).Single().Name);
    }
}
