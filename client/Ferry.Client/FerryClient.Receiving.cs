using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Ferry.Client.Receiving;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;

namespace Ferry.Client;

public sealed partial class FerryClient
{
    /// <summary>
    /// Incoming messages, each exactly once and in seq order per conversation: first what arrived while this device
    /// was offline (sync), then live pushes, across reconnects and restarts. A message counts as consumed once the
    /// caller asks for the next one (or stops enumerating); only consumed messages are remembered as delivered,
    /// so a process that dies mid-way gets the rest again next time. One reader at a time.
    /// Ends when the client is disposed; throws when it gave up (e.g. the session was revoked and no password is known).
    /// </summary>
    public async IAsyncEnumerable<MessageEvent> ReceiveAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!_options.ReceiveMessages)
        {
            throw new InvalidOperationException($"this client was connected with {nameof(FerryClientOptions.ReceiveMessages)} = false");
        }

        if (Interlocked.Exchange(ref _receiving, 1) != 0)
        {
            throw new InvalidOperationException("another ReceiveAsync enumeration is running");
        }

        ChannelReader<Delivery> reader = _deliveries.Reader;
        Delivery? handedOut = null;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out Delivery delivery))
                {
                    if (delivery is { Message: { } message, Visible: true })
                    {
                        handedOut = delivery;
                        yield return message;
                        handedOut = null;
                    }

                    Commit(delivery);
                }

                // Drained: a natural moment to persist cursors (once per burst, not per message).
                _store.Save();
            }
        }
        finally
        {
            // The caller stopped right after taking a message: it has it.
            if (handedOut is { } last)
            {
                Commit(last);
            }

            _store.Save();
            Volatile.Write(ref _receiving, 0);
        }
    }

    private void Commit(Delivery delivery)
    {
        if (delivery.Message is { } message)
        {
            _store.CommitConsumed(message.ConversationId, message.Seq);
        }
        else
        {
            _store.CommitSyncVersion(delivery.SyncVersion);
        }
    }

    /// <summary>Called on the read loop: only queue, never wait.</summary>
    private void OnNotice(ChangeNotice notice)
    {
        if (_options.ReceiveMessages)
        {
            _work.Writer.TryWrite(new WorkItem(notice));
        }
    }

    /// <summary>The one place notices and syncs are handled, one at a time, so delivery order is simply queue order.</summary>
    private async Task RunWorkerAsync()
    {
        CancellationToken stop = _disposing.Token;
        try
        {
            await foreach (WorkItem item in _work.Reader.ReadAllAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await (item.Notice is { } notice ? HandleNoticeAsync(notice, stop) : SyncAsync(stop)).ConfigureAwait(false);
                }
                catch (FerryException ex) when (_fault is null && !stop.IsCancellationRequested)
                {
                    // A refused pull or sync leaves the cursor where it was: the next notice or sync retries it.
                    Log($"sync step failed: {ErrorCodes.Name(ex.Code)}: {ex.Message}");
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (ObjectDisposedException)
        {
            // Disposed between two requests.
        }
        catch (Exception ex)
        {
            // The client gave up (Fault) or something unexpected broke: the reader must hear of it.
            _deliveries.Writer.TryComplete(ex);
        }
    }

    private async Task HandleNoticeAsync(ChangeNotice notice, CancellationToken cancellationToken)
    {
        if (_conversations.TryGetValue(notice.ConversationId, out ConversationInfo? known) && notice.LastSeq > known.LastSeq)
        {
            _conversations[notice.ConversationId] = known with { LastSeq = notice.LastSeq, Version = Math.Max(known.Version, notice.Version) };
        }

        NoticeDecision decision = _sequencer.OnNotice(notice);
        switch (decision.Outcome)
        {
            case NoticeOutcome.Deliver:
                Enqueue(decision.Message!);
                break;
            case NoticeOutcome.Pull:
                await PullMissingAsync(decision.ConversationId, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// SyncRequest from the cursor, page by page; every conversation that has messages past what was delivered here
    /// is pulled. The new cursor is queued behind those messages, so it is stored only once they are consumed.
    /// </summary>
    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        ulong since = _syncVersion;
        while (true)
        {
            SyncResponse page = await InvokeAsync(
                Transport.Framing.FrameType.SyncRequest, new SyncRequest { SinceVersion = since }, Transport.Framing.FrameType.SyncResponse, SyncResponse.Parser, cancellationToken)
                .ConfigureAwait(false);
            foreach (ConversationState state in page.Conversations)
            {
                _conversations[state.ConversationId] = ConversationInfo.FromState(state);
                if (_sequencer.IsBehind(state.ConversationId, state.LastSeq))
                {
                    await PullMissingAsync(state.ConversationId, cancellationToken).ConfigureAwait(false);
                }
            }

            bool advanced = page.NextVersion > since;
            since = Math.Max(since, page.NextVersion);
            if (!page.More || !advanced)
            {
                break;
            }
        }

        if (since != _syncVersion)
        {
            _syncVersion = since;
            _deliveries.Writer.TryWrite(Delivery.Cursor(since));
        }
    }

    /// <summary>Pulls everything after the last delivered seq, page by page, delivering in order.</summary>
    private async Task PullMissingAsync(ulong conversationId, CancellationToken cancellationToken)
    {
        while (true)
        {
            ulong after = _sequencer.LastDelivered(conversationId);
            PullResponse page = await PullAsync(conversationId, afterSeq: after, limit: MaxPullPage, cancellationToken: cancellationToken).ConfigureAwait(false);
            IReadOnlyList<Message> fresh = _sequencer.Accept(conversationId, page.Messages);
            foreach (Message message in fresh)
            {
                Enqueue(message);
            }

            if (!page.More || fresh.Count == 0)
            {
                return;
            }
        }
    }

    private void Enqueue(Message message)
    {
        // This device's own sends come back through sync and gap pulls; the application already has them (SendAck).
        bool ownEcho = message.SenderDevice == DeviceId && string.Equals(message.Sender, Account, StringComparison.OrdinalIgnoreCase);
        _deliveries.Writer.TryWrite(Delivery.Of(MessageEvent.FromMessage(message), visible: _options.IncludeOwnDeviceMessages || !ownEcho));
    }
}
