using Ferry.Client.Admin;
using Ferry.Client.Discovery;
using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;

namespace Ferry.Client;

public sealed partial class FerryClient
{
    /// <summary>The largest page PullRequest allows.</summary>
    internal const uint MaxPullPage = 500;

    /// <summary>
    /// Sends a text to <paramref name="peerAccount"/> (the 1:1 conversation is created on first use) and waits until
    /// the server has stored it durably. Survives reconnects: the same client_message_id is sent again until acked,
    /// and the server answers a repeat with the original's id and seq (<c>duplicate = true</c>).
    /// </summary>
    /// <param name="clientMessageId">The idempotency key; a fresh UUID when null. Pass the same one to retry safely.</param>
    public Task<SendAck> SendAsync(string peerAccount, string text, string? clientMessageId = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(peerAccount);
        ArgumentNullException.ThrowIfNull(text);
        var request = new SendRequest { ClientMessageId = clientMessageId ?? NewClientMessageId(), PeerAccount = peerAccount, Kind = MessageKind.MessageText, Text = text };
        return InvokeAsync(FrameType.SendRequest, request, FrameType.SendAck, SendAck.Parser, cancellationToken);
    }

    /// <summary>Sends a text into a conversation by id; otherwise as <see cref="SendAsync"/>.</summary>
    public Task<SendAck> SendToConversationAsync(ulong conversationId, string text, string? clientMessageId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var request = new SendRequest { ClientMessageId = clientMessageId ?? NewClientMessageId(), ConversationId = conversationId, Kind = MessageKind.MessageText, Text = text };
        return InvokeAsync(FrameType.SendRequest, request, FrameType.SendAck, SendAck.Parser, cancellationToken);
    }

    /// <summary>Finds (or creates) the 1:1 conversation with <paramref name="peerAccount"/>.</summary>
    public async Task<ConversationInfo> OpenDirectAsync(string peerAccount, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(peerAccount);
        OpenDirectResponse answer = await InvokeAsync(
            FrameType.OpenDirectRequest, new OpenDirectRequest { PeerAccount = peerAccount }, FrameType.OpenDirectResponse, OpenDirectResponse.Parser, cancellationToken)
            .ConfigureAwait(false);
        var conversation = ConversationInfo.FromState(answer.Conversation ?? new ConversationState());
        _conversations[conversation.Id] = conversation;
        return conversation;
    }

    /// <summary>One raw page of messages: after <paramref name="afterSeq"/> (oldest first) or, when <paramref name="beforeSeq"/> is non-zero, the newest before it.</summary>
    public Task<PullResponse> PullAsync(ulong conversationId, ulong afterSeq = 0, ulong beforeSeq = 0, uint limit = 0, CancellationToken cancellationToken = default)
    {
        var request = new PullRequest { ConversationId = conversationId, AfterSeq = afterSeq, BeforeSeq = beforeSeq, Limit = limit };
        return InvokeAsync(FrameType.PullRequest, request, FrameType.PullResponse, PullResponse.Parser, cancellationToken);
    }

    /// <summary>
    /// The conversation with <paramref name="peerAccount"/>, oldest first: the newest <paramref name="limit"/> messages,
    /// or with <paramref name="afterSeq"/> the (at most <paramref name="limit"/>) messages after that seq.
    /// Reading history consumes nothing: <see cref="ReceiveAsync"/> still delivers these messages if it has not yet.
    /// </summary>
    public async Task<IReadOnlyList<MessageEvent>> GetHistoryAsync(string peerAccount, int limit = 50, ulong? afterSeq = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        ConversationInfo conversation = await OpenDirectAsync(peerAccount, cancellationToken).ConfigureAwait(false);
        return afterSeq is { } after
            ? await HistoryAfterAsync(conversation.Id, after, limit, cancellationToken).ConfigureAwait(false)
            : await HistoryNewestAsync(conversation.Id, conversation.LastSeq, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves this account's read cursor forward (never back); the account's other devices see it on sync.</summary>
    public Task MarkReadAsync(ulong conversationId, ulong readSeq, CancellationToken cancellationToken = default) =>
        InvokeAsync(FrameType.MarkReadRequest, new MarkReadRequest { ConversationId = conversationId, ReadSeq = readSeq }, FrameType.Ok, Ok.Parser, cancellationToken);

    /// <summary>A Ping/Pong round trip on the current connection.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default) =>
        await (await GetConnectionAsync(cancellationToken).ConfigureAwait(false)).PingAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Revokes the session token on the server and forgets it locally; the client is unusable afterwards.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken = default)
    {
        await InvokeAsync(FrameType.LogoutRequest, new LogoutRequest(), FrameType.Ok, Ok.Parser, cancellationToken).ConfigureAwait(false);
        _store.ClearSession();
        _store.Save();
    }

    /// <summary>
    /// Creates an account through the REST admin API (<c>POST /api/v1/admin/accounts</c> on the HTTPS port), with this
    /// session's token as Bearer. The HTTPS certificate is checked exactly like the framed port's (same pin, same known_hosts line).
    /// </summary>
    public Task<CreatedAccount> CreateAccountAsync(string account, string password, string? displayName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentNullException.ThrowIfNull(password);
        var apiBase = new Uri($"https://{ServerAddress.Format(_connectHost, Discovery.HttpsPort)}/");
        return AdminApi.CreateAccountAsync(
            apiBase,
            SessionToken,
            new CreateAccountBody(account, password, displayName),
            NewVerifier(TrustKey).Validate,
            _options.ConnectTimeout,
            cancellationToken);
    }

    private async Task<IReadOnlyList<MessageEvent>> HistoryAfterAsync(ulong conversationId, ulong afterSeq, int limit, CancellationToken cancellationToken)
    {
        var messages = new List<MessageEvent>();
        ulong cursor = afterSeq;
        while (messages.Count < limit)
        {
            PullResponse page = await PullAsync(conversationId, afterSeq: cursor, limit: PageLimit(limit - messages.Count), cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (Message message in page.Messages.Where(m => m.Seq > cursor).OrderBy(m => m.Seq).Take(limit - messages.Count))
            {
                messages.Add(MessageEvent.FromMessage(message));
                cursor = message.Seq;
            }

            if (!page.More || page.Messages.Count == 0)
            {
                break;
            }
        }

        return messages;
    }

    /// <summary>Walks back from the newest message with before_seq until <paramref name="limit"/> or seq 1.</summary>
    private async Task<IReadOnlyList<MessageEvent>> HistoryNewestAsync(ulong conversationId, ulong lastSeq, int limit, CancellationToken cancellationToken)
    {
        var newestFirstPages = new List<IEnumerable<Message>>();
        int count = 0;
        ulong before = lastSeq + 1; // before_seq = 0 would mean "after_seq mode"
        while (count < limit && before > 1)
        {
            PullResponse page = await PullAsync(conversationId, beforeSeq: before, limit: PageLimit(limit - count), cancellationToken: cancellationToken).ConfigureAwait(false);
            List<Message> older = page.Messages.Where(m => m.Seq < before).OrderBy(m => m.Seq).TakeLast(limit - count).ToList();
            if (older.Count == 0)
            {
                break;
            }

            newestFirstPages.Add(older);
            count += older.Count;
            before = older[0].Seq;
        }

        newestFirstPages.Reverse();
        return newestFirstPages.SelectMany(page => page).Select(MessageEvent.FromMessage).ToList();
    }

    private static uint PageLimit(int wanted) => (uint)Math.Clamp(wanted, 1, (int)MaxPullPage);

    /// <summary>
    /// A UUIDv7: time-ordered, so the server's (sender, client message id) dedupe index grows at its end instead of
    /// dirtying a random page per message (measured: about twice the durable throughput of random UUIDv4 ids).
    /// </summary>
    private static string NewClientMessageId() => Guid.CreateVersion7().ToString();
}
