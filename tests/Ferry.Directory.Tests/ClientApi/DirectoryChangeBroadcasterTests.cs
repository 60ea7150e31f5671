using Ferry.Appliance.Directory.ClientApi;
using Ferry.Transport.Contracts;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Directory.Tests.ClientApi;

/// <summary>The directory change broadcast: one notice per check however many changes, none while nothing changed.</summary>
public sealed class DirectoryChangeBroadcasterTests : IDisposable
{
    private readonly DirectoryStack _stack = new();
    private readonly RecordingNotices _notices = new();
    private readonly DirectoryChangeBroadcaster _broadcaster;

    public DirectoryChangeBroadcasterTests() =>
        _broadcaster = new DirectoryChangeBroadcaster(_stack.Store, _stack.VisibilityStore, _notices, _stack.Clock, NullLogger<DirectoryChangeBroadcaster>.Instance);

    public void Dispose()
    {
        _broadcaster.Dispose();
        _stack.Dispose();
    }

    [Fact]
    public void Many_changes_between_two_checks_are_one_notice_with_the_latest_version_and_a_quiet_directory_sends_none()
    {
        _broadcaster.Tick();
        ulong baseline = Assert.Single(_notices.Sent).DirectoryVersion;
        _broadcaster.Tick();
        Assert.Single(_notices.Sent);

        for (int i = 0; i < 25; i++)
        {
            _stack.NewAccount("burst" + i);
        }

        _broadcaster.Tick();
        Assert.Equal(2, _notices.Sent.Count);
        DirectoryNotice burst = _notices.Sent[1];
        Assert.Equal(((ulong)_stack.Store.CurrentVersion(), 0UL, false), (burst.DirectoryVersion, burst.PersonalVersion, burst.OwnProfile));
        Assert.True(burst.DirectoryVersion > baseline);

        _broadcaster.Tick();
        _broadcaster.Tick();
        Assert.Equal(2, _notices.Sent.Count);
    }

    [Fact]
    public void A_department_rule_moves_no_version_but_is_announced_as_a_view_change()
    {
        long sales = _stack.Directory.CreateDepartment(_stack.Admin, "Sales", 0, null).Id;
        _broadcaster.Tick();
        DirectoryNotice baseline = Assert.Single(_notices.Sent);
        Assert.False(baseline.ViewChanged);

        _stack.VisibilityRules.SetDepartmentRule(_stack.Admin, sales, true, false, false, null);
        Assert.Equal(baseline.DirectoryVersion, (ulong)_stack.Store.CurrentVersion());
        _broadcaster.Tick();

        Assert.Equal(2, _notices.Sent.Count);
        Assert.True(_notices.Sent[1].ViewChanged);
        Assert.Equal(baseline.DirectoryVersion, _notices.Sent[1].DirectoryVersion);
        _broadcaster.Tick();
        Assert.Equal(2, _notices.Sent.Count);
    }

    private sealed class RecordingNotices : IDirectoryNotices
    {
        public List<DirectoryNotice> Sent { get; } = [];

        public void Notify(long accountId, DirectoryNotice notice, long exceptConnectionId) => throw new InvalidOperationException("not a broadcast");

        public void Broadcast(DirectoryNotice notice) => Sent.Add(notice);
    }
}
