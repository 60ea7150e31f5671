using Ferry.Appliance.Accounts;
using Ferry.Appliance.Connections;
using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;

namespace Ferry.Appliance.Messaging;

/// <summary>Framed-protocol adapter of messaging. Every method runs for an authenticated connection only.</summary>
internal sealed class MessagingFrames(MessagingService messaging, RequestRunner runner)
{
    /// <summary>
    /// Validates and queues the send before returning, so sends pipelined on one connection keep their order.
    /// The ack is queued by the writer thread right after the commit, ahead of any notice about the message.
    /// </summary>
    public async ValueTask SendAsync(FramedConnection connection, uint requestId, SendRequest request)
    {
        await connection.AcquireRequestSlotAsync(connection.Closed).ConfigureAwait(false);
        try
        {
            await messaging.SendAsync(
                Caller(connection),
                request,
                ack =>
                {
                    connection.Send(FrameType.SendAck, requestId, ack);
                    connection.ReleaseRequestSlot();
                },
                error =>
                {
                    runner.Fail(connection, requestId, error);
                    connection.ReleaseRequestSlot();
                },
                connection.Closed).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            runner.Fail(connection, requestId, ex);
            connection.ReleaseRequestSlot();
        }
    }

    public void Sync(FramedConnection connection, uint requestId, SyncRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.SyncResponse, messaging.Sync(Caller(connection), request)));

    public void Pull(FramedConnection connection, uint requestId, PullRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.PullResponse, messaging.Pull(Caller(connection), request)));

    public ValueTask MarkReadAsync(FramedConnection connection, uint requestId, MarkReadRequest request) =>
        runner.StartAsync(connection, requestId, async () =>
        {
            await messaging.MarkReadAsync(Caller(connection), request, connection.Closed).ConfigureAwait(false);
            return new Reply(FrameType.Ok, new Ok());
        });

    public ValueTask OpenDirectAsync(FramedConnection connection, uint requestId, OpenDirectRequest request) =>
        runner.StartAsync(connection, requestId, async () =>
        {
            ConversationState state = await messaging.OpenDirectAsync(Caller(connection), request, connection.Closed).ConfigureAwait(false);
            return new Reply(FrameType.OpenDirectResponse, new OpenDirectResponse { Conversation = state });
        });

    private static Caller Caller(FramedConnection connection) => connection.Caller!.Value;
}
