namespace Ferry.Appliance.Messaging;

/// <summary>Read side of messaging storage. Reads see committed data only and run beside the writer.</summary>
internal interface IMessagingStore
{
    /// <summary>Memberships of <paramref name="accountId"/> changed after <paramref name="sinceVersion"/>, oldest change first.</summary>
    IReadOnlyList<MembershipState> ChangedSince(long accountId, long sinceVersion, int limit);

    MembershipState? Membership(long accountId, long conversationId);

    /// <summary>Messages with seq in (afterSeq, beforeSeq), ascending; with <paramref name="newest"/>, the newest of them.</summary>
    IReadOnlyList<StoredMessage> Messages(long conversationId, long afterSeq, long beforeSeq, int limit, bool newest);

    /// <summary>
    /// The peers of <paramref name="accountId"/>'s direct conversations that hold messages, most recent activity first,
    /// with that activity's time (Unix ms).
    /// </summary>
    IReadOnlyList<(long PeerId, long LastActiveMs)> RecentDirectPeers(long accountId, int limit);

    /// <summary>The highest change version ever handed out (the writer resumes counting after it).</summary>
    long MaxVersion();
}

/// <summary>
/// Write side, used only by <see cref="MessageWriter"/>'s single thread. One batch is one transaction:
/// <see cref="Begin"/>, any number of operations, <see cref="Commit"/> (durable on return) or <see cref="Rollback"/>.
/// </summary>
internal interface IMessagingWriteStore : IDisposable
{
    void Begin();

    void Commit();

    void Rollback();

    ConversationHead? LoadConversation(long conversationId);

    ConversationHead? FindDirect(long memberLow, long memberHigh);

    void CreateConversation(ConversationHead head, long version, long nowMs);

    /// <summary>Inserts unless (sender, client message id) exists; false for a duplicate.</summary>
    bool TryInsertMessage(StoredMessage message);

    StoredMessage? FindByClientId(long senderId, string clientMessageId);

    void UpdateConversation(long conversationId, long lastSeq, long version, long nowMs);

    /// <summary>The member's read cursor, or null when not a member.</summary>
    long? ReadSeq(long accountId, long conversationId);

    void SetReadSeq(long accountId, long conversationId, long readSeq, long version);
}
