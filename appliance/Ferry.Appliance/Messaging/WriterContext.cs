using Ferry.Appliance.Identity;

namespace Ferry.Appliance.Messaging;

/// <summary>
/// What the single writer knows between statements: the change-version counter, conversation heads (last seq), and
/// the conversations a batch touched. Owned by the writer thread alone, so nothing here is locked.
/// </summary>
internal sealed class WriterContext(IMessagingWriteStore store, long version, WriterContext.Dependencies dependencies)
{
    // Heads are a cache of rows: bounded, and cheap to reload, so clearing it when full is simpler than an LRU.
    private const int MaxCachedHeads = 200_000;

    private readonly Dictionary<long, ConversationHead> _heads = new();
    private readonly Dictionary<(long, long), long> _directs = new();
    private readonly Dictionary<long, long> _dirty = new();
    private long _version = version;

    internal sealed record Dependencies(IdGenerator Ids, TimeProvider Clock);

    public IMessagingWriteStore Store { get; } = store;

    public long NowMs { get; private set; }

    public long NextId() => dependencies.Ids.Next();

    public long NextVersion() => ++_version;

    public void BeginBatch()
    {
        NowMs = dependencies.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        _dirty.Clear();
        if (_heads.Count > MaxCachedHeads)
        {
            _heads.Clear();
            _directs.Clear();
        }
    }

    public ConversationHead? Conversation(long conversationId)
    {
        if (_heads.TryGetValue(conversationId, out ConversationHead? head))
        {
            return head;
        }

        head = Store.LoadConversation(conversationId);
        if (head is not null)
        {
            _heads[head.Id] = head;
        }

        return head;
    }

    /// <summary>The 1:1 conversation of two accounts, created (in this batch's transaction) on first use.</summary>
    public ConversationHead Direct(long a, long b)
    {
        (long low, long high) = a <= b ? (a, b) : (b, a);
        if (_directs.TryGetValue((low, high), out long id) && Conversation(id) is { } cached)
        {
            return cached;
        }

        ConversationHead? head = Store.FindDirect(low, high);
        if (head is null)
        {
            head = new ConversationHead(NextId(), ConversationKind.Direct, low, high, 0);
            Store.CreateConversation(head, NextVersion(), NowMs);
        }

        _heads[head.Id] = head;
        _directs[(low, high)] = head.Id;
        return head;
    }

    /// <summary>Records that a conversation changed; its row is written once per batch in <see cref="FlushConversations"/>.</summary>
    public long Touch(ConversationHead head)
    {
        long version = NextVersion();
        _dirty[head.Id] = version;
        return version;
    }

    public void FlushConversations()
    {
        foreach ((long id, long version) in _dirty)
        {
            Store.UpdateConversation(id, _heads[id].LastSeq, version, NowMs);
        }
    }

    /// <summary>After a failed batch: forget everything that may not have reached the disk.</summary>
    public void Reset(long persistedVersion)
    {
        _heads.Clear();
        _directs.Clear();
        _dirty.Clear();
        _version = persistedVersion;
    }
}
