using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Messaging;

/// <summary>
/// The messaging use cases: validate, hand writes to the single writer, answer reads from the store, and after each
/// durable write tell the online devices that need to know.
/// </summary>
internal sealed class MessagingService(
    MessageWriter writer, IMessagingStore store, AccountService accounts, MessageRenderer renderer, IDevicePresence presence, FerryOptions options)
{
    public const int MaxTextLength = 32 * 1024;
    public const int DefaultSyncPage = 200;
    public const int MaxSyncPage = 1000;
    public const int DefaultPullPage = 100;
    public const int MaxPullPage = 500;

    /// <summary>
    /// Queues a send. <paramref name="acked"/> runs once the message is durable and before any device is notified;
    /// both callbacks run on the writer thread and must not block. Validation errors are thrown here.
    /// </summary>
    public ValueTask SendAsync(Caller caller, SendRequest request, Action<SendAck> acked, Action<FerryException> rejected, CancellationToken cancellationToken)
    {
        SendCommand command = Validate(caller, request);
        var operation = new SendOperation(command, result =>
        {
            acked(new SendAck
            {
                Id = (ulong)result.Message.Id,
                ConversationId = (ulong)result.Message.ConversationId,
                Seq = (ulong)result.Message.Seq,
                TimeMs = result.Message.CreatedMs,
                Duplicate = result.Duplicate,
            });
            if (!result.Duplicate)
            {
                Announce(result, caller.ConnectionId);
            }
        }, rejected);
        return writer.EnqueueAsync(operation, cancellationToken);
    }

    /// <summary>The same as a Task, for callers that are not a connection (REST, tests).</summary>
    public async Task<SendAck> SendAsync(Caller caller, SendRequest request, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<SendAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        await SendAsync(caller, request, ack => completion.TrySetResult(ack), error => completion.TrySetException(error), cancellationToken).ConfigureAwait(false);
        return await completion.Task.ConfigureAwait(false);
    }

    public SyncResponse Sync(Caller caller, SyncRequest request)
    {
        int limit = Page(request.Limit, DefaultSyncPage, MaxSyncPage);
        if (request.SinceVersion > long.MaxValue)
        {
            FerryException.Throw(ErrorCode.BadRequest, "since_version out of range");
        }

        IReadOnlyList<MembershipState> changed = store.ChangedSince(caller.AccountId, (long)request.SinceVersion, limit + 1);
        var response = new SyncResponse { More = changed.Count > limit, NextVersion = request.SinceVersion };
        foreach (MembershipState state in changed.Take(limit))
        {
            response.Conversations.Add(renderer.Render(state));
            response.NextVersion = (ulong)state.Version;
        }

        return response;
    }

    public PullResponse Pull(Caller caller, PullRequest request)
    {
        int limit = Page(request.Limit, DefaultPullPage, MaxPullPage);
        if (request.AfterSeq > long.MaxValue || request.BeforeSeq > long.MaxValue)
        {
            FerryException.Throw(ErrorCode.BadRequest, "seq out of range");
        }

        MembershipState membership = Membership(caller, request.ConversationId);
        bool newest = request.BeforeSeq != 0;
        long before = newest ? (long)request.BeforeSeq : long.MaxValue;
        IReadOnlyList<StoredMessage> found = store.Messages(membership.ConversationId, (long)request.AfterSeq, before, limit + 1, newest);
        var response = new PullResponse { LastSeq = (ulong)membership.LastSeq, More = found.Count > limit };

        // A page is bounded by bytes as well as count, so it always fits one frame. It is filled from the end the
        // client continues from: oldest-first pages keep their oldest messages, newest-first pages their newest.
        int budget = options.Connections.MaxFramePayload / 2;
        int taken = 0;
        var rendered = new List<Message>(Math.Min(found.Count, limit));
        for (int i = 0; i < Math.Min(found.Count, limit); i++)
        {
            StoredMessage message = newest ? found[found.Count - 1 - i] : found[i];
            Message wire = renderer.Render(message, message.SenderId == caller.AccountId ? membership.PeerId : caller.AccountId);
            taken += wire.CalculateSize() + 8;
            if (taken > budget && rendered.Count > 0)
            {
                response.More = true;
                break;
            }

            rendered.Add(wire);
        }

        if (newest)
        {
            rendered.Reverse();
        }

        response.Messages.AddRange(rendered);
        return response;
    }

    public async Task MarkReadAsync(Caller caller, MarkReadRequest request, CancellationToken cancellationToken)
    {
        if (request.ConversationId == 0 || request.ConversationId > long.MaxValue || request.ReadSeq > long.MaxValue)
        {
            FerryException.Throw(ErrorCode.BadRequest, "conversation_id and read_seq must be valid");
        }

        var completion = new TaskCompletionSource<ReadResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var operation = new MarkReadOperation(caller.AccountId, (long)request.ConversationId, (long)request.ReadSeq, result =>
        {
            if (result.Version != 0)
            {
                // The account's other devices update their unread counts.
                presence.Push(caller.AccountId, new ChangeNotice { ConversationId = (ulong)result.Conversation.Id, LastSeq = (ulong)result.Conversation.LastSeq, Version = (ulong)result.Version }, caller.ConnectionId);
            }

            completion.TrySetResult(result);
        }, error => completion.TrySetException(error));
        await writer.EnqueueAsync(operation, cancellationToken).ConfigureAwait(false);
        await completion.Task.ConfigureAwait(false);
    }

    public async Task<ConversationState> OpenDirectAsync(Caller caller, OpenDirectRequest request, CancellationToken cancellationToken)
    {
        Account peer = ResolvePeer(request.PeerAccount);
        var completion = new TaskCompletionSource<ConversationHead>(TaskCreationOptions.RunContinuationsAsynchronously);
        await writer.EnqueueAsync(new OpenDirectOperation(caller.AccountId, peer.Id, head => completion.TrySetResult(head), error => completion.TrySetException(error)), cancellationToken).ConfigureAwait(false);
        ConversationHead conversation = await completion.Task.ConfigureAwait(false);
        return renderer.Render(Membership(caller, (ulong)conversation.Id));
    }

    /// <summary>
    /// The accounts the caller had direct conversations with (messages exchanged), most recent first; for the
    /// directory's recent contacts. Ids only: the directory decides what the caller may see of them.
    /// </summary>
    public IReadOnlyList<(long PeerId, long LastActiveMs)> RecentDirectPeers(Caller caller, int limit) =>
        store.RecentDirectPeers(caller.AccountId, Math.Clamp(limit, 1, MaxSyncPage));

    private void Announce(SendResult result, long senderConnectionId)
    {
        ConversationHead conversation = result.Conversation;
        var notice = new ChangeNotice
        {
            ConversationId = (ulong)conversation.Id,
            LastSeq = (ulong)result.Message.Seq,
            Version = (ulong)result.Version,
        };
        if (System.Text.Encoding.UTF8.GetMaxByteCount(result.Message.Body.Length) <= options.Connections.InlineNoticeBytes)
        {
            notice.Message = renderer.Render(result.Message, conversation);
        }

        presence.Push(conversation.MemberLow, notice, senderConnectionId);
        if (conversation.MemberHigh != conversation.MemberLow)
        {
            presence.Push(conversation.MemberHigh, notice, senderConnectionId);
        }
    }

    private SendCommand Validate(Caller caller, SendRequest request)
    {
        string clientId = request.ClientMessageId;
        if (clientId.Length is 0 or > 64 || clientId.Any(c => c < 0x21 || c > 0x7E))
        {
            FerryException.Throw(ErrorCode.BadRequest, "client_message_id must be 1 to 64 printable ASCII characters (a UUID)");
        }

        if (request.Kind != MessageKind.MessageText)
        {
            FerryException.Throw(ErrorCode.BadRequest, "kind must be MESSAGE_TEXT");
        }

        if (request.Text.Length is 0 or > MaxTextLength)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"text must be 1 to {MaxTextLength} characters");
        }

        return request.TargetCase switch
        {
            SendRequest.TargetOneofCase.PeerAccount => new SendCommand(
                caller.AccountId, caller.DeviceId, ResolvePeer(request.PeerAccount).Id, 0, clientId, (int)request.Kind, request.Text),
            SendRequest.TargetOneofCase.ConversationId when request.ConversationId is > 0 and <= long.MaxValue => new SendCommand(
                caller.AccountId, caller.DeviceId, null, (long)request.ConversationId, clientId, (int)request.Kind, request.Text),
            _ => FerryException.Throw<SendCommand>(ErrorCode.BadRequest, "a message needs a peer_account or a conversation_id"),
        };
    }

    private Account ResolvePeer(string name)
    {
        Account? peer = string.IsNullOrWhiteSpace(name) || name.Length > 64 ? null : accounts.FindByNameCached(name.Trim());
        if (peer is null || peer.State != AccountState.Active)
        {
            FerryException.Throw(ErrorCode.NotFound, $"no account '{name}'");
        }

        return peer;
    }

    private MembershipState Membership(Caller caller, ulong conversationId)
    {
        MembershipState? membership = conversationId is 0 or > long.MaxValue ? null : store.Membership(caller.AccountId, (long)conversationId);
        return membership ?? FerryException.Throw<MembershipState>(ErrorCode.NotFound, "no such conversation");
    }

    private static int Page(uint requested, int fallback, int max)
    {
        if (requested > max)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"limit must be at most {max}");
        }

        return requested == 0 ? fallback : (int)requested;
    }
}
