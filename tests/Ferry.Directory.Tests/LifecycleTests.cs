using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;

namespace Ferry.Directory.Tests;

public sealed class LifecycleTests : IDisposable
{
    private readonly DirectoryStack _stack = new();

    public void Dispose() => _stack.Dispose();

    [Fact]
    public async Task A_frozen_account_cannot_log_in_keeps_everything_and_can_be_restored()
    {
        Department sales = _stack.Department("Sales");
        long alice = _stack.NewAccount("alice");
        _stack.Directory.SetMemberships(_stack.Admin, alice, [new MembershipInput(sales.Id, true, "Rep", null)]);
        _stack.Directory.UpdateProfile(_stack.Admin, alice, new ProfilePatch(Mobile: "+86 138 0000 0000"));
        SessionGrant session = await _stack.Sessions.LoginAsync("alice", "password-alice", "laptop", 1, CancellationToken.None);

        DirectoryAccount frozen = _stack.Directory.Freeze(_stack.Admin, alice);

        Assert.Equal(AccountState.Frozen, frozen.State);
        Assert.Equal(AccountState.Frozen, _stack.Accounts.FindByNameCached("alice")!.State);
        await Assert.ThrowsAsync<FerryException>(() => _stack.Sessions.LoginAsync("alice", "password-alice", "laptop", 1, CancellationToken.None));
        FerryAssert.Fails(ErrorCode.AccountDisabled, () => _stack.Sessions.Resume(session.Token, "laptop"));
        Assert.Equal("Rep", frozen.Memberships.Single().Title);
        Assert.Equal("+86 138 0000 0000", frozen.Profile.Mobile);

        DirectoryAccount restored = _stack.Directory.Restore(_stack.Admin, alice);

        Assert.Equal(AccountState.Active, restored.State);
        Assert.Equal(alice, _stack.Sessions.Resume(session.Token, "laptop").Account.Id);
        await _stack.Sessions.LoginAsync("alice", "password-alice", "phone", 2, CancellationToken.None);
    }

    [Fact]
    public async Task A_deleted_account_loses_its_sessions_and_memberships_keeps_its_name_and_cannot_come_back()
    {
        Department sales = _stack.Department("Sales");
        long alice = _stack.NewAccount("alice");
        _stack.Directory.SetMemberships(_stack.Admin, alice, [new MembershipInput(sales.Id, true, "", null)]);
        SessionGrant session = await _stack.Sessions.LoginAsync("alice", "password-alice", "laptop", 1, CancellationToken.None);

        DirectoryAccount deleted = _stack.Directory.Delete(_stack.Admin, alice);

        Assert.Equal(AccountState.Deleted, deleted.State);
        Assert.Empty(deleted.Memberships);
        FerryAssert.Fails(ErrorCode.SessionExpired, () => _stack.Sessions.Resume(session.Token, "laptop"));
        await Assert.ThrowsAsync<FerryException>(() => _stack.Sessions.LoginAsync("alice", "password-alice", "laptop", 1, CancellationToken.None));
        Assert.Equal("alice", _stack.Accounts.NameOf(alice));
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Accounts.Create("alice", null, "password-again", false));
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.Restore(_stack.Admin, alice));
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.Freeze(_stack.Admin, alice));
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.UpdateProfile(_stack.Admin, alice, new ProfilePatch(Title: "x")));
        FerryAssert.Fails(ErrorCode.Conflict, () => _stack.Directory.SetMemberships(_stack.Admin, alice, []));
        _stack.Directory.DeleteDepartment(_stack.Admin, sales.Id);
    }

    [Fact]
    public void The_super_administrator_and_oneself_cannot_be_frozen_or_deleted()
    {
        Account other = _stack.Accounts.Create("ops", null, "ops-password", isAdmin: true);
        var ops = new Caller(other.Id, other.Name, "d", 0, IsAdmin: true);

        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.Freeze(ops, _stack.Admin.AccountId));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.Delete(ops, _stack.Admin.AccountId));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.Delete(ops, ops.AccountId));
        Assert.Equal(AccountState.Frozen, _stack.Directory.Freeze(_stack.Admin, ops.AccountId).State);
    }

    [Fact]
    public void Lifecycle_needs_an_existing_account_and_an_administrator()
    {
        long alice = _stack.NewAccount("alice");
        Caller bob = _stack.User("bob");

        FerryAssert.Fails(ErrorCode.NotFound, () => _stack.Directory.Freeze(_stack.Admin, 777));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.Freeze(bob, alice));
        FerryAssert.Fails(ErrorCode.Forbidden, () => _stack.Directory.Delete(bob, alice));
    }
}
