using Ferry.Appliance.Messaging;
using Ferry.Appliance.Tests.Support;

namespace Ferry.Appliance.Tests.Messaging;

/// <summary>The single writer's guarantees: dense sequences, dedupe, isolation of rejections, group commit, drain on stop.</summary>
public sealed class MessageWriterTests
{
    [Fact]
    public async Task Concurrent_senders_get_dense_sequences_per_conversation()
    {
        const int Tasks = 20, SendsPerTask = 200, Conversations = 4;
        using TempDatabase temp = TempDatabase.Create();
        await using WriterHarness writer = await WriterHarness.StartAsync(temp);
        // Conversation k is between accounts 2k+1 and 2k+2; task t sends as one of the two members of conversation t % 4.
        ConversationHead[] heads = await Task.WhenAll(Enumerable.Range(0, Conversations).Select(k => writer.OpenDirect(2 * k + 1, 2 * k + 2)));

        SendResult[][] acks = await Task.WhenAll(Enumerable.Range(0, Tasks).Select(t => Task.Run(async () =>
        {
            ConversationHead head = heads[t % Conversations];
            long sender = t % 2 == 0 ? head.MemberLow : head.MemberHigh;
            var mine = new SendResult[SendsPerTask];
            for (int i = 0; i < SendsPerTask; i++)
            {
                mine[i] = await writer.Send(sender, head.Id, $"t{t}-m{i}");
            }

            return mine;
        })));

        Assert.All(acks.SelectMany(a => a), ack => Assert.False(ack.Duplicate));
        foreach (ConversationHead head in heads)
        {
            IReadOnlyList<StoredMessage> stored = writer.Reads.Messages(head.Id, 0, long.MaxValue, 100_000, newest: false);
            int expected = Tasks / Conversations * SendsPerTask;
            Assert.Equal(Enumerable.Range(1, expected).Select(s => (long)s), stored.Select(m => m.Seq));
            Assert.Equal(expected, stored.Select(m => m.ClientMessageId).Distinct().Count());
            Assert.Equal(expected, writer.Reads.Membership(head.MemberLow, head.Id)!.LastSeq);
        }

        // Every ack names exactly the row stored under its client id, and each sender's own messages keep their order.
        Dictionary<string, StoredMessage> byClientId = heads
            .SelectMany(h => writer.Reads.Messages(h.Id, 0, long.MaxValue, 100_000, newest: false))
            .ToDictionary(m => m.ClientMessageId);
        for (int t = 0; t < Tasks; t++)
        {
            for (int i = 0; i < SendsPerTask; i++)
            {
                StoredMessage row = byClientId[$"t{t}-m{i}"];
                Assert.Equal((row.Id, row.Seq, row.ConversationId), (acks[t][i].Message.Id, acks[t][i].Message.Seq, acks[t][i].Message.ConversationId));
            }

            Assert.True(acks[t].Zip(acks[t].Skip(1)).All(p => p.First.Message.Seq < p.Second.Message.Seq));
        }

        // Group commit: 20 senders waiting on one fsync at a time share it.
        await writer.StopAsync();
        Assert.Equal(Tasks * SendsPerTask + Conversations, writer.Writer.Operations);
        Assert.True(writer.Writer.Batches < writer.Writer.Operations, $"{writer.Writer.Batches} batches for {writer.Writer.Operations} operations");
    }

    [Fact]
    public async Task Operations_queued_together_commit_as_one_batch()
    {
        using TempDatabase temp = TempDatabase.Create();
        await using var writer = new WriterHarness(temp);
        Task<SendResult>[] sends = Enumerable.Range(0, 100).Select(i => writer.SendDirect(1, 2, $"m{i}")).ToArray();

        await writer.StartAsync();
        SendResult[] acks = await Task.WhenAll(sends);

        Assert.Equal(1, writer.Writer.Batches);
        Assert.Equal(100, writer.Writer.Operations);
        Assert.Equal(Enumerable.Range(1, 100).Select(s => (long)s), acks.Select(a => a.Message.Seq));
        Assert.Single(acks.Select(a => a.Message.ConversationId).Distinct());
    }

    [Fact]
    public async Task A_resend_in_a_later_batch_returns_the_original()
    {
        using TempDatabase temp = TempDatabase.Create();
        await using WriterHarness writer = await WriterHarness.StartAsync(temp);
        SendResult first = await writer.SendDirect(1, 2, "same-id", "first text");
        await writer.SendDirect(2, 1, "other");

        SendResult again = await writer.SendDirect(1, 2, "same-id", "retried text");

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal((first.Message.Id, first.Message.Seq), (again.Message.Id, again.Message.Seq));
        Assert.Equal("first text", again.Message.Body);
        IReadOnlyList<StoredMessage> stored = writer.Reads.Messages(first.Message.ConversationId, 0, long.MaxValue, 100, newest: false);
        Assert.Equal([1L, 2L], stored.Select(m => m.Seq));
        Assert.Equal(2, writer.Reads.Membership(1, first.Message.ConversationId)!.LastSeq);
    }

    [Fact]
    public async Task A_resend_inside_the_same_batch_is_stored_once_without_a_gap()
    {
        using TempDatabase temp = TempDatabase.Create();
        await using var writer = new WriterHarness(temp);
        Task<SendResult> original = writer.SendDirect(1, 2, "dup");
        Task<SendResult> retry = writer.SendDirect(1, 2, "dup");
        Task<SendResult> next = writer.SendDirect(1, 2, "next");
        Task<SendResult> otherSender = writer.SendDirect(2, 1, "dup");

        await writer.StartAsync();
        await Task.WhenAll(original, retry, next, otherSender);

        Assert.Equal(1, writer.Writer.Batches);
        Assert.False((await original).Duplicate);
        Assert.True((await retry).Duplicate);
        Assert.Equal((await original).Message.Id, (await retry).Message.Id);
        Assert.Equal(2, (await next).Message.Seq);
        // Dedupe is per sender: the peer may use the same client id.
        Assert.False((await otherSender).Duplicate);
        Assert.Equal(3, (await otherSender).Message.Seq);
        Assert.Equal(3, writer.Reads.Messages((await original).Message.ConversationId, 0, long.MaxValue, 100, newest: false).Count);
    }

    [Fact]
    public async Task A_rejected_operation_leaves_the_rest_of_its_batch_intact()
    {
        using TempDatabase temp = TempDatabase.Create();
        long conversation;
        await using (WriterHarness setup = await WriterHarness.StartAsync(temp))
        {
            conversation = (await setup.OpenDirect(1, 2)).Id;
        }

        await using var writer = new WriterHarness(temp);
        Task<SendResult> before = writer.Send(1, conversation, "before");
        Task<SendResult> outsider = writer.Send(3, conversation, "intruder");
        Task<SendResult> nowhere = writer.Send(1, conversation + 12345, "lost");
        Task<ReadResult> outsiderRead = writer.MarkRead(3, conversation, 1);
        Task<SendResult> after = writer.Send(2, conversation, "after");

        await writer.StartAsync();

        Assert.Equal(1, (await before).Message.Seq);
        Assert.Equal(2, (await after).Message.Seq);
        await FerryAssert.FailsAsync(ErrorCode.NotFound, () => outsider);
        await FerryAssert.FailsAsync(ErrorCode.NotFound, () => nowhere);
        await FerryAssert.FailsAsync(ErrorCode.NotFound, () => outsiderRead);
        Assert.Equal(1, writer.Writer.Batches);
        IReadOnlyList<StoredMessage> stored = writer.Reads.Messages(conversation, 0, long.MaxValue, 100, newest: false);
        Assert.Equal(["before", "after"], stored.Select(m => m.ClientMessageId));
        Assert.Null(writer.Reads.Membership(3, conversation));
    }

    [Fact]
    public async Task Stop_commits_everything_already_queued()
    {
        using TempDatabase temp = TempDatabase.Create();
        await using var writer = new WriterHarness(temp);
        await writer.StartAsync();
        Task<SendResult>[] sends = Enumerable.Range(0, 1000).Select(i => writer.SendDirect(1 + (i % 2), 2 - (i % 2), $"q{i}")).ToArray();

        await writer.StopAsync();

        Assert.All(sends, s => Assert.True(s.IsCompletedSuccessfully));
        var fresh = new SqliteMessagingStore(temp.Reopen());
        long conversation = (await sends[0]).Message.ConversationId;
        Assert.Equal(1000, fresh.Membership(1, conversation)!.LastSeq);
        Assert.Equal(1000, fresh.Messages(conversation, 0, long.MaxValue, 5000, newest: false).Select(m => m.ClientMessageId).Distinct().Count());
        await FerryAssert.FailsAsync(ErrorCode.ServerShuttingDown, () => writer.SendDirect(1, 2, "too-late"));
    }

    [Fact]
    public async Task A_new_writer_continues_sequences_and_versions_where_the_last_one_stopped()
    {
        using TempDatabase temp = TempDatabase.Create();
        SendResult last;
        await using (WriterHarness first = await WriterHarness.StartAsync(temp))
        {
            await first.SendDirect(1, 2, "a");
            last = await first.SendDirect(2, 1, "b");
        }

        await using WriterHarness second = await WriterHarness.StartAsync(temp);
        SendResult next = await second.SendDirect(1, 2, "c");
        SendResult retry = await second.SendDirect(1, 2, "a");

        Assert.Equal(3, next.Message.Seq);
        Assert.True(next.Version > last.Version);
        Assert.True(next.Message.Id > last.Message.Id);
        Assert.True(retry.Duplicate);
        Assert.Equal(1, retry.Message.Seq);
    }
}
