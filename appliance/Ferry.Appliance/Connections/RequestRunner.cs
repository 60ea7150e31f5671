using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Connections;

/// <summary>The answer to a request: a frame type and its payload.</summary>
internal readonly record struct Reply(FrameType Type, IMessage Payload);

/// <summary>
/// Runs one request of a connection: takes a request slot (so a client's open requests are bounded), answers with
/// the reply or an Error frame carrying the failure's code, and releases the slot.
/// </summary>
internal sealed partial class RequestRunner(ILogger<RequestRunner> logger)
{
    /// <summary>Starts <paramref name="work"/> once a slot is free; returns when it has started, not when it ends.</summary>
    public async ValueTask StartAsync(FramedConnection connection, uint requestId, Func<Task<Reply>> work)
    {
        await connection.AcquireRequestSlotAsync(connection.Closed).ConfigureAwait(false);
        _ = RunAsync(connection, requestId, work);
    }

    /// <summary>Runs a quick synchronous request on the read loop's own thread.</summary>
    public void RunInline(FramedConnection connection, uint requestId, Func<Reply> work)
    {
        try
        {
            Reply reply = work();
            connection.Send(reply.Type, requestId, reply.Payload);
        }
        catch (Exception ex)
        {
            Fail(connection, requestId, ex);
        }
    }

    /// <summary>Answers a failed request: its own code for a <see cref="FerryException"/>, "internal" (and a log line) otherwise.</summary>
    public void Fail(FramedConnection connection, uint requestId, Exception error)
    {
        if (error is FerryException known)
        {
            connection.SendError(requestId, known, ErrorCodes.IsFatal(known.Code));
            return;
        }

        LogRequestFailed(error, connection.Id);
        connection.SendError(requestId, new FerryException(ErrorCode.Internal, "internal error"), fatal: false);
    }

    private async Task RunAsync(FramedConnection connection, uint requestId, Func<Task<Reply>> work)
    {
        try
        {
            Reply reply = await work().ConfigureAwait(false);
            connection.Send(reply.Type, requestId, reply.Payload);
        }
        catch (Exception ex)
        {
            Fail(connection, requestId, ex);
        }
        finally
        {
            connection.ReleaseRequestSlot();
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "request on connection {ConnectionId} failed")]
    private partial void LogRequestFailed(Exception ex, long connectionId);
}
