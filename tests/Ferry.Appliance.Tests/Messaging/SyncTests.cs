using Ferry.Appliance.Accounts;
using Ferry.Appliance.Tests.Support;
using Ferry.Transport.Contracts;

namespace Ferry.Appliance.Tests.Messaging;

/// <summary>Sync through <c>MessagingService</c>: changed memberships in version order, unread counts, notices.</summary>
public sealed class SyncTests
{
    [Fact]
    public async Task Sync_lists_changed_conversations_oldest_change_first_with_unread_counting_others_only()
    {
        await using MessagingStack stack = await MessagingStack.StartAsync();
        Caller alice = stack.Join("alice", 11), bob = stack.Join("bob", 12), carol = stack.Join("carol", 13);
        await Send(stack, bob, "alice", 3);
        await Send(stack, alice, "bob", 2);
        await Send(stack, carol, "alice", 1);

        SyncResponse first = stack.Service.Sync(alice, new SyncRequest());

        Assert.False(first.More);
        Assert.Equal(["bob", "carol"], first.Conversations.Select(c => c.Peer));
        Assert.Equal((5UL, 0UL, 3UL), (first.Conversations[0].LastSeq, first.Conversations[0].ReadSeq, first.Conversations[0].Unread));
        Assert.Equal((1UL, 1UL), (first.Conversations[1].LastSeq, first.Conversations[1].Unread));
        Assert.True(first.Conversations[0].Version < first.Conversations[1].Version);
        Assert.Equal(first.Conversations[1].Version, first.NextVersion);
        Assert.Equal(2UL, stack.Service.Sync(bob, new SyncRequest()).Conversations.Single().Unread);

        // Alice reads up to bob's last message (seq 3): only her bob conversation changes, and moves to the end.
        ulong withBob = first.Conversations[0].ConversationId;
        SyncResponse bobBefore = stack.Service.Sync(bob, new SyncRequest());
        await stack.Service.MarkReadAsync(alice, new MarkReadRequest { ConversationId = withBob, ReadSeq = 2 }, CancellationToken.None);

        SyncResponse second = stack.Service.Sync(alice, new SyncRequest { SinceVersion = first.NextVersion });
        ConversationState changed = Assert.Single(second.Conversations);
        Assert.Equal((withBob, 2UL, 1UL), (changed.ConversationId, changed.ReadSeq, changed.Unread));
        Assert.True(changed.Version > first.NextVersion);
        Assert.Equal(["carol", "bob"], stack.Service.Sync(alice, new SyncRequest()).Conversations.Select(c => c.Peer));
        Assert.Empty(stack.Service.Sync(bob, new SyncRequest { SinceVersion = bobBefore.NextVersion }).Conversations);
        Assert.Empty(stack.Service.Sync(alice, new SyncRequest { SinceVersion = second.NextVersion }).Conversations);
    }

    [Fact]
    public async Task Sync_pages_by_limit_and_the_cursor_resumes_without_loss()
    {
        await using MessagingStack stack = await MessagingStack.StartAsync();
        Caller hub = stack.Join("hub", 1);
        for (int i = 0; i < 5; i++)
        {
            stack.Join($"peer{i}", 100 + i);
            await Send(stack, hub, $"peer{i}", 1);
        }

        var seen = new List<string>();
        var cursor = new SyncRequest { Limit = 2 };
        SyncResponse page;
        do
        {
            page = stack.Service.Sync(hub, cursor);
            Assert.True(page.Conversations.Count <= 2);
            seen.AddRange(page.Conversations.Select(c => c.Peer));
            cursor = new SyncRequest { Limit = 2, SinceVersion = page.NextVersion };
        }
        while (page.More);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"peer{i}"), seen);
        FerryAssert.Fails(ErrorCode.BadRequest, () => stack.Service.Sync(hub, new SyncRequest { Limit = 1001 }));
    }

    [Fact]
    public async Task A_send_is_acked_then_announced_to_both_members_except_the_sending_connection()
    {
        await using MessagingStack stack = await MessagingStack.StartAsync();
        Caller alice = stack.Join("alice", 21), bob = stack.Join("bob", 22);

        SendAck ack = await stack.Service.SendAsync(alice, new SendRequest { PeerAccount = "BOB", ClientMessageId = "c1", Kind = MessageKind.MessageText, Text = "hi" }, CancellationToken.None);
        SendAck retry = await stack.Service.SendAsync(alice, new SendRequest { PeerAccount = "bob", ClientMessageId = "c1", Kind = MessageKind.MessageText, Text = "hi" }, CancellationToken.None);

        Assert.Equal(1UL, ack.Seq);
        Assert.True(retry.Duplicate);
        var pushes = stack.Presence.Pushes;
        Assert.Equal([alice.AccountId, bob.AccountId], pushes.Select(p => p.AccountId).Order());
        Assert.All(pushes, p =>
        {
            Assert.Equal(alice.ConnectionId, p.ExceptConnectionId);
            Assert.Equal((ack.ConversationId, 1UL), (p.Notice.ConversationId, p.Notice.LastSeq));
            Assert.Equal(("alice", "bob", "hi"), (p.Notice.Message.Sender, p.Notice.Message.Recipient, p.Notice.Message.Text));
        });
    }

    [Fact]
    public async Task Mark_read_tells_the_readers_other_devices_only_when_the_cursor_moves()
    {
        await using MessagingStack stack = await MessagingStack.StartAsync();
        Caller alice = stack.Join("alice", 31), bob = stack.Join("bob", 32);
        SendAck ack = await stack.Service.SendAsync(bob, new SendRequest { PeerAccount = "alice", ClientMessageId = "x", Kind = MessageKind.MessageText, Text = "hey" }, CancellationToken.None);
        int before = stack.Presence.Pushes.Count;

        await stack.Service.MarkReadAsync(alice, new MarkReadRequest { ConversationId = ack.ConversationId, ReadSeq = 1 }, CancellationToken.None);
        await stack.Service.MarkReadAsync(alice, new MarkReadRequest { ConversationId = ack.ConversationId, ReadSeq = 1 }, CancellationToken.None);

        var push = Assert.Single(stack.Presence.Pushes.Skip(before));
        Assert.Equal((alice.AccountId, alice.ConnectionId, ack.ConversationId), (push.AccountId, push.ExceptConnectionId, push.Notice.ConversationId));
        Assert.Equal(stack.Service.Sync(alice, new SyncRequest()).NextVersion, push.Notice.Version);
        await FerryAssert.FailsAsync(ErrorCode.NotFound, () =>
            stack.Service.MarkReadAsync(stack.Join("eve", 33), new MarkReadRequest { ConversationId = ack.ConversationId, ReadSeq = 1 }, CancellationToken.None));
    }

    private static async Task Send(MessagingStack stack, Caller from, string to, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var request = new SendRequest { PeerAccount = to, ClientMessageId = Guid.NewGuid().ToString(), Kind = MessageKind.MessageText, Text = $"{from.AccountName} {i}" };
            await stack.Service.SendAsync(from, request, CancellationToken.None);
        }
    }
}
