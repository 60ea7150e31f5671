using System.IO.Pipelines;
using System.Net.Sockets;
using System.Threading.Channels;
using Ferry.Appliance.Accounts;
using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Google.Protobuf;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace Ferry.Appliance.Connections;

/// <summary>
/// One client connection: its protocol state, identity, and a bounded send queue drained by one writer loop.
/// Anything may queue a frame from any thread (<see cref="Send"/> never blocks); a queue that overflows means the
/// client is not reading, and the connection is closed as a slow consumer instead of growing without bound.
/// </summary>
internal sealed class FramedConnection
{
    private readonly ConnectionContext _context;
    private readonly Channel<OutboundFrame> _outbox;
    private readonly int _maxInFlight;
    private readonly TimeProvider _clock;
    private SemaphoreSlim? _inFlight;
    private long _lastActivityTicks;
    private int _closing;

    public FramedConnection(long id, ConnectionContext context, int sendQueueFrames, int maxInFlight, TimeProvider clock)
    {
        Id = id;
        _context = context;
        _outbox = Channel.CreateBounded<OutboundFrame>(new BoundedChannelOptions(sendQueueFrames)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _maxInFlight = maxInFlight;
        _clock = clock;
        ConnectedTicks = clock.GetTimestamp();
        ConnectedAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        _lastActivityTicks = ConnectedTicks;
    }

    public long Id { get; }

    public ConnectionState State { get; set; } = ConnectionState.Handshake;

    public Caller? Caller { get; set; }

    /// <summary>The bearer token of the session, kept so a logout can revoke it.</summary>
    public string? SessionToken { get; set; }

    /// <summary>Largest payload accepted from the client: small until the handshake is done.</summary>
    public int MaxInboundPayload { get; set; } = ProtocolDefaults.HandshakeMaxPayload;

    public FrameEncoding Encoding { get; set; } = FrameEncoding.Plain(ProtocolDefaults.HandshakeMaxPayload);

    public int FailedLogins { get; set; }

    public long ConnectedTicks { get; }

    /// <summary>When the connection was accepted, Unix milliseconds (for the administrators' list of online devices).</summary>
    public long ConnectedAtMs { get; }

    /// <summary>Hello.client_name as the client sent it (display only; cleaned when listed).</summary>
    public string? ClientName { get; set; }

    /// <summary>The session's device type (DeviceType numbers) since login or resume; 0 before.</summary>
    public int DeviceType { get; set; }

    /// <summary>When the current session was logged in or resumed on this connection, Unix milliseconds; 0 before.</summary>
    public long LoggedInAtMs { get; set; }

    /// <summary>Why the server ended this connection, if it did: logged when the connection is gone.</summary>
    public Error? CloseReason { get; private set; }

    /// <summary>When closing began (a TimeProvider timestamp), so a peer that never drains its final frame can be cut off.</summary>
    public long ClosingTicks { get; private set; }

    public long LastActivityTicks => Volatile.Read(ref _lastActivityTicks);

    public string RemoteEndPoint => _context.RemoteEndPoint?.ToString() ?? "?";

    public CancellationToken Closed => _context.ConnectionClosed;

    public void Touch() => Volatile.Write(ref _lastActivityTicks, _clock.GetTimestamp());

    /// <summary>Queues a frame. False when the connection is closing or its queue overflowed (then it is closed).</summary>
    public bool Send(FrameType type, uint requestId, IMessage? payload)
    {
        if (_outbox.Writer.TryWrite(new OutboundFrame(type, requestId, payload)))
        {
            return true;
        }

        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            // A client that does not read would never receive a final frame either: cut it off now.
            // It loses nothing: whatever was queued is stored, and it syncs when it comes back.
            Terminate(ErrorCode.SlowConsumer, "send queue full: the client is not reading");
        }

        return false;
    }

    public void SendError(uint requestId, FerryException error, bool fatal)
    {
        var frame = new Error { Code = (uint)error.Code, Message = error.Message, Fatal = fatal };
        if (fatal)
        {
            Close(frame);
        }
        else
        {
            Send(FrameType.Error, requestId, frame);
        }
    }

    /// <summary>Sends a final Error frame (best effort), then stops accepting frames; the writer loop ends the connection.</summary>
    public void Close(ErrorCode code, string message) => Close(new Error { Code = (uint)code, Message = message, Fatal = true });

    /// <summary>Waits for a free request slot: the read loop stops reading while a client has too many requests open.</summary>
    public ValueTask AcquireRequestSlotAsync(CancellationToken cancellationToken)
    {
        // Created on first use: most connections resume (answered inline) and then idle, never needing a slot.
        // Only the read loop acquires, so creating it here needs no lock; a release always follows its acquire.
        _inFlight ??= new SemaphoreSlim(_maxInFlight, _maxInFlight);
        Task wait = _inFlight.WaitAsync(cancellationToken);
        return wait.IsCompletedSuccessfully ? ValueTask.CompletedTask : new ValueTask(wait);
    }

    public void ReleaseRequestSlot() => _inFlight!.Release();

    /// <summary>The writer loop: drains the queue into the pipe, flushing once per burst.</summary>
    public async Task RunWriterAsync()
    {
        PipeWriter output = _context.Transport.Output;
        ChannelReader<OutboundFrame> reader = _outbox.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                bool closeAfter = false;
                while (!closeAfter && reader.TryRead(out OutboundFrame frame))
                {
                    FrameWriter.Write(output, frame.Type, frame.RequestId, frame.Payload, Encoding);
                    closeAfter = frame.CloseAfter;
                }

                FlushResult flushed = await output.FlushAsync().ConfigureAwait(false);
                if (closeAfter || flushed.IsCompleted || flushed.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ConnectionResetException or ObjectDisposedException or OperationCanceledException)
        {
            // The peer went away; nothing left to deliver to it.
        }
        finally
        {
            // Complete, not abort: an abort would throw away the final Error frame still inside TLS.
            // Waking the reader lets the handler return, and Kestrel then closes the socket after the output drains.
            _outbox.Writer.TryComplete();
            await output.CompleteAsync().ConfigureAwait(false);
            _context.Transport.Input.CancelPendingRead();
        }
    }

    /// <summary>Ends the writer loop without a final frame (the reader saw the peer close).</summary>
    public void Shutdown()
    {
        Interlocked.Exchange(ref _closing, 1);
        _outbox.Writer.TryComplete();
    }

    /// <summary>
    /// Ends the connection now, without a final frame: wakes a blocked flush and the read loop, then resets the socket.
    /// </summary>
    public void Terminate(ErrorCode code, string reason)
    {
        Interlocked.Exchange(ref _closing, 1);
        State = ConnectionState.Closing;
        ClosingTicks = _clock.GetTimestamp();
        CloseReason ??= new Error { Code = (uint)code, Message = reason, Fatal = true };
        _outbox.Writer.TryComplete();
        _context.Transport.Output.CancelPendingFlush();
        _context.Transport.Input.CancelPendingRead();
        ResetOnClose();
        _context.Abort(new ConnectionAbortedException(reason));
    }

    /// <summary>
    /// Makes the coming close abortive (RST, unsent bytes discarded). Kestrel's abort is a graceful shutdown + close:
    /// the FIN queues behind whatever the kernel still holds for a peer that does not read, so that peer would never
    /// see the end, and the orphaned socket would keep its send buffer (up to tcp_wmem's maximum) until the kernel
    /// gives up on it. .NET resets on close only when an async operation happened to be pending at that instant.
    /// </summary>
    private void ResetOnClose()
    {
        if (_context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            return;
        }

        try
        {
            socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing left to reset.
        }
    }

    private void Close(Error finalFrame)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        State = ConnectionState.Closing;
        ClosingTicks = _clock.GetTimestamp();
        CloseReason = finalFrame;
        // Best effort: on a full queue the final frame is dropped, and the sweeper aborts the connection later.
        _outbox.Writer.TryWrite(new OutboundFrame(FrameType.Error, 0, finalFrame, CloseAfter: true));
        _outbox.Writer.TryComplete();
    }
}
