using Ferry.Client.Receiving;
using Ferry.Transport.Contracts;

namespace Ferry.Client.Tests;

/// <summary>
/// Plays the sync worker against the pure sequencer: notices arrive out of order, twice, without their message;
/// pulls are answered from a fake conversation; what comes out must be every message once, in seq order.
/// </summary>
public sealed class ConversationSequencerTests
{
    private const ulong Conversation = 7;

    [Fact]
    public void Next_message_is_delivered_from_the_notice()
    {
        var sequencer = new ConversationSequencer();

        NoticeDecision decision = sequencer.OnNotice(Notice(1, inline: true));

        Assert.Equal(NoticeOutcome.Deliver, decision.Outcome);
        Assert.Equal(1UL, decision.Message!.Seq);
        Assert.Equal(1UL, sequencer.LastDelivered(Conversation));
    }

    [Fact]
    public void Duplicate_and_stale_notices_are_dropped()
    {
        var sequencer = new ConversationSequencer([new(Conversation, 5UL)]);

        Assert.Equal(NoticeOutcome.Duplicate, sequencer.OnNotice(Notice(5, inline: true)).Outcome);
        Assert.Equal(NoticeOutcome.Duplicate, sequencer.OnNotice(Notice(3, inline: true)).Outcome);
        Assert.Equal(5UL, sequencer.LastDelivered(Conversation));
    }

    [Fact]
    public void Gap_asks_for_a_pull_after_the_last_delivered_seq()
    {
        var sequencer = new ConversationSequencer([new(Conversation, 2UL)]);

        NoticeDecision decision = sequencer.OnNotice(Notice(5, inline: true));

        Assert.Equal(NoticeOutcome.Pull, decision.Outcome);
        Assert.Equal(2UL, decision.PullAfterSeq);
        Assert.Equal(Conversation, decision.ConversationId);
        Assert.Equal(2UL, sequencer.LastDelivered(Conversation)); // nothing delivered yet
    }

    [Fact]
    public void Notice_without_inlined_message_asks_for_a_pull()
    {
        var sequencer = new ConversationSequencer();

        NoticeDecision decision = sequencer.OnNotice(Notice(1, inline: false));

        Assert.Equal(NoticeOutcome.Pull, decision.Outcome);
        Assert.Equal(0UL, decision.PullAfterSeq);
    }

    [Fact]
    public void Pulled_pages_deliver_only_new_messages_in_order_and_stop_at_a_hole()
    {
        var sequencer = new ConversationSequencer([new(Conversation, 2UL)]);

        IReadOnlyList<Message> first = sequencer.Accept(Conversation, [Msg(4), Msg(2), Msg(3), Msg(6)]);

        Assert.Equal([3UL, 4UL], first.Select(m => m.Seq));
        Assert.Equal(4UL, sequencer.LastDelivered(Conversation));
        Assert.Empty(sequencer.Accept(Conversation, [Msg(3), Msg(4)]));
        Assert.Equal([5UL, 6UL], sequencer.Accept(Conversation, [Msg(5), Msg(6)]).Select(m => m.Seq));
    }

    [Fact]
    public void Behind_when_the_server_has_more()
    {
        var sequencer = new ConversationSequencer([new(Conversation, 4UL)]);

        Assert.True(sequencer.IsBehind(Conversation, 5));
        Assert.False(sequencer.IsBehind(Conversation, 4));
        Assert.True(sequencer.IsBehind(99, 1));
    }

    [Fact]
    public void Out_of_order_duplicated_and_missing_notices_end_in_exactly_once_in_order_delivery()
    {
        // The server's conversation holds seq 1..10; notices arrive scrambled, some twice, some not at all,
        // some without their message. Pulls are paged three at a time, like `more` would page them.
        var sequencer = new ConversationSequencer();
        var delivered = new List<ulong>();
        var pulls = new List<ulong>();
        ulong[] arrivals = [1, 3, 2, 2, 5, 4, 6, 8, 1, 10, 10];

        foreach (ulong seq in arrivals)
        {
            NoticeDecision decision = sequencer.OnNotice(Notice(seq, inline: seq % 4 != 0));
            switch (decision.Outcome)
            {
                case NoticeOutcome.Deliver:
                    delivered.Add(decision.Message!.Seq);
                    break;
                case NoticeOutcome.Pull:
                    pulls.Add(decision.PullAfterSeq);
                    PullAll(sequencer, decision.PullAfterSeq, serverLastSeq: seq, delivered);
                    break;
            }
        }

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (ulong)i), delivered);
        // Gaps at 3 (after 1) and 5 (after 3), 8 not inlined and a gap (after 6), 10 (after 8); the rest inline or duplicates.
        Assert.Equal([1UL, 3UL, 6UL, 8UL], pulls);
    }

    private static void PullAll(ConversationSequencer sequencer, ulong after, ulong serverLastSeq, List<ulong> delivered)
    {
        while (true)
        {
            ulong from = sequencer.LastDelivered(Conversation);
            List<Message> page = Enumerable.Range((int)from + 1, 3).Select(i => (ulong)i).Where(s => s <= serverLastSeq).Select(Msg).ToList();
            bool more = page.Count > 0 && page[^1].Seq < serverLastSeq;
            IReadOnlyList<Message> fresh = sequencer.Accept(Conversation, page);
            delivered.AddRange(fresh.Select(m => m.Seq));
            Assert.True(from >= after);
            if (!more || fresh.Count == 0)
            {
                return;
            }
        }
    }

    private static ChangeNotice Notice(ulong seq, bool inline) => new()
    {
        ConversationId = Conversation,
        LastSeq = seq,
        Version = 100 + seq,
        Message = inline ? Msg(seq) : null,
    };

    private static Message Msg(ulong seq) => new() { Id = 1000 + seq, ConversationId = Conversation, Seq = seq, Sender = "alice", Recipient = "bob", Text = $"m{seq}" };
}
