namespace Ferry.Appliance.Messaging;

internal enum ConversationKind
{
    Direct = 1,
}

/// <summary>What the single writer keeps in memory about a conversation between batches.</summary>
internal sealed class ConversationHead(long id, ConversationKind kind, long memberLow, long memberHigh, long lastSeq)
{
    public long Id { get; } = id;

    public ConversationKind Kind { get; } = kind;

    public long MemberLow { get; } = memberLow;

    public long MemberHigh { get; } = memberHigh;

    public long LastSeq { get; set; } = lastSeq;

    public bool HasMember(long accountId) => accountId == MemberLow || accountId == MemberHigh;

    public long PeerOf(long accountId) => accountId == MemberLow ? MemberHigh : MemberLow;
}

internal sealed record StoredMessage(
    long Id, long ConversationId, long Seq, long SenderId, string SenderDevice, string ClientMessageId, int Kind, string Body, long CreatedMs);

/// <summary>One membership as sync reports it.</summary>
internal sealed record MembershipState(
    long ConversationId, ConversationKind Kind, long PeerId, long LastSeq, long ReadSeq, long Unread, long UpdatedMs, long Version);
