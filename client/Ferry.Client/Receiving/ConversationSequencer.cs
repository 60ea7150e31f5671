using Ferry.Transport.Contracts;

namespace Ferry.Client.Receiving;

/// <summary>What to do with a ChangeNotice.</summary>
internal enum NoticeOutcome
{
    /// <summary>It carries the next message: deliver <see cref="NoticeDecision.Message"/>.</summary>
    Deliver,

    /// <summary>Nothing newer than what was delivered: drop it.</summary>
    Duplicate,

    /// <summary>Something is missing or not inlined: pull messages after <see cref="NoticeDecision.PullAfterSeq"/>.</summary>
    Pull,
}

internal readonly record struct NoticeDecision(NoticeOutcome Outcome, ulong ConversationId, Message? Message, ulong PullAfterSeq);

/// <summary>
/// Exactly-once, in-order delivery per conversation, as a pure state machine (no I/O, so it is tested alone).
/// Conversations have dense seqs 1, 2, 3 …; this remembers the last seq handed out per conversation and
/// (docs/protocol.md, gap filling): a notice with seq = last+1 is delivered, seq &gt; last+1 means a gap to pull
/// after last, seq ≤ last is a duplicate. Pulled pages pass through <see cref="Accept"/>, which drops what was
/// already delivered and stops at a hole rather than deliver out of order.
/// Not thread-safe: one sync worker owns it.
/// </summary>
internal sealed class ConversationSequencer
{
    private readonly Dictionary<ulong, ulong> _last = [];

    public ConversationSequencer(IEnumerable<KeyValuePair<ulong, ulong>>? delivered = null)
    {
        foreach ((ulong conversation, ulong seq) in delivered ?? [])
        {
            _last[conversation] = seq;
        }
    }

    public ulong LastDelivered(ulong conversationId) => _last.GetValueOrDefault(conversationId);

    /// <summary>True when the server holds messages after the last one delivered here.</summary>
    public bool IsBehind(ulong conversationId, ulong serverLastSeq) => serverLastSeq > LastDelivered(conversationId);

    public NoticeDecision OnNotice(ChangeNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        Message? inlined = notice.Message;
        ulong conversation = notice.ConversationId != 0 ? notice.ConversationId : inlined?.ConversationId ?? 0;
        ulong last = LastDelivered(conversation);
        ulong newest = Math.Max(notice.LastSeq, inlined?.Seq ?? 0);

        if (newest <= last)
        {
            return new NoticeDecision(NoticeOutcome.Duplicate, conversation, null, last);
        }

        if (inlined is not null && inlined.Seq == last + 1 && newest == inlined.Seq)
        {
            _last[conversation] = inlined.Seq;
            return new NoticeDecision(NoticeOutcome.Deliver, conversation, inlined, last);
        }

        // A gap (newest > last + 1), or the next message was too large to inline.
        return new NoticeDecision(NoticeOutcome.Pull, conversation, null, last);
    }

    /// <summary>Takes a pulled page (ascending seq) and returns the messages to deliver, in order, each once.</summary>
    public IReadOnlyList<Message> Accept(ulong conversationId, IEnumerable<Message> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        ulong last = LastDelivered(conversationId);
        var deliver = new List<Message>();
        foreach (Message message in page.OrderBy(m => m.Seq))
        {
            if (message.Seq <= last)
            {
                continue;
            }

            if (message.Seq != last + 1)
            {
                // A hole in the page: never skip ahead; the caller pulls again after `last`.
                break;
            }

            deliver.Add(message);
            last = message.Seq;
        }

        _last[conversationId] = last;
        return deliver;
    }
}
