using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net.Security;
using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Google.Protobuf;

namespace Ferry.Client.Connection;

/// <summary>
/// One framed-protocol connection over an established (TLS) stream: handshake, a single read loop that routes
/// answers to waiting requests and pushes to a callback, serialised writes, and heartbeats. It never reconnects:
/// when it closes, every waiting request fails with <see cref="ConnectionLostException"/> and <see cref="Completion"/> ends.
/// </summary>
internal sealed partial class FramedConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PipeReader _reader;
    private readonly PipeWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, IPendingRequest> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private readonly Action<ChangeNotice> _onNotice;
    private readonly Action<DirectoryNotice>? _onDirectoryNotice;
    private readonly Action<string>? _log;
    private NegotiatedSettings _settings = NegotiatedSettings.From(new HelloAck { MaxFrameSize = ProtocolDefaults.HandshakeMaxPayload });
    private uint _lastRequestId;
    private long _lastSentTimestamp;
    private long _lastReceivedTimestamp;
    private int _closed;
    private Exception? _closeReason;
    private Task _readLoop = Task.CompletedTask;
    private Task _heartbeatLoop = Task.CompletedTask;

    private FramedConnection(Stream stream, TimeProvider time, Action<ChangeNotice> onNotice, Action<string>? log, Action<DirectoryNotice>? onDirectoryNotice)
    {
        _onDirectoryNotice = onDirectoryNotice;
        _stream = stream;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        _time = time;
        _onNotice = onNotice;
        _log = log;
        _lastSentTimestamp = time.GetTimestamp();
        _lastReceivedTimestamp = _lastSentTimestamp;
    }

    public HelloAck Server { get; private set; } = new();

    /// <summary>Ends when the connection has closed, for whatever reason; never faults.</summary>
    public Task Completion => _completion.Task;

    public bool IsOpen => Volatile.Read(ref _closed) == 0;

    /// <summary>Why the connection closed (a fatal Error frame from the server, an I/O error), if known.</summary>
    public Exception? CloseReason => _closeReason;

    /// <summary>Runs the handshake on <paramref name="stream"/>, then starts reading; owns the stream from here on.</summary>
    public static async Task<FramedConnection> OpenAsync(
        Stream stream, string clientName, TimeProvider time, Action<ChangeNotice> onNotice, Action<string>? log, CancellationToken cancellationToken,
        Action<DirectoryNotice>? onDirectoryNotice = null)
    {
        var connection = new FramedConnection(stream, time, onNotice, log, onDirectoryNotice);
        try
        {
            await connection.HandshakeAsync(clientName, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        connection._readLoop = connection.ReadLoopAsync();
        connection._heartbeatLoop = connection.HeartbeatLoopAsync();
        return connection;
    }

    /// <summary>Sends a request and waits for its answer; an Error answer throws <see cref="FerryException"/>.</summary>
    public async Task<TAnswer> RequestAsync<TAnswer>(FrameType type, IMessage? request, FrameType answerType, MessageParser<TAnswer> parser, CancellationToken cancellationToken)
        where TAnswer : IMessage<TAnswer>
    {
        uint id = NextRequestId();
        var pending = new PendingRequest<TAnswer>(answerType, parser);
        _pending[id] = pending;
        try
        {
            // Close() sets _closed before it fails what is pending: either it sees this request, or this sees _closed.
            if (!IsOpen)
            {
                throw Lost();
            }

            await WriteFrameAsync(type, id, request, cancellationToken).ConfigureAwait(false);
            return await pending.Answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Closes the connection as if the network failed (tests, "reconnect now"); waiting requests fail.</summary>
    public void Abort(Exception? reason = null) => Close(reason ?? new ConnectionLostException("connection aborted by the client"));

    public async ValueTask DisposeAsync()
    {
        if (IsOpen && _stream is SslStream tls)
        {
            // Best effort close_notify, so the server sees a clean end rather than a reset.
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _writeLock.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await tls.ShutdownAsync().WaitAsync(timeout.Token).ConfigureAwait(false);
                }
                finally
                {
                    _writeLock.Release();
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // Closing anyway.
            }
        }

        Close(new ConnectionLostException("connection closed by the client"));
        await Task.WhenAll(_readLoop, _heartbeatLoop).ConfigureAwait(false);
        await _reader.CompleteAsync().ConfigureAwait(false);
        await _writer.CompleteAsync().ConfigureAwait(false);

        // _closing is not disposed: a late Pong or Ping may still read its (cancelled) token.
    }

    private async Task ReadLoopAsync()
    {
        Exception? reason = null;
        try
        {
            while (true)
            {
                ReadResult result = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                Volatile.Write(ref _lastReceivedTimestamp, _time.GetTimestamp());
                try
                {
                    while (FrameParser.TryParse(ref buffer, _settings.MaxIncomingPayload, out Frame frame))
                    {
                        if (!Dispatch(in frame, out reason))
                        {
                            return;
                        }
                    }

                    if (result.IsCompleted || result.IsCanceled)
                    {
                        reason = new ConnectionLostException("the server closed the connection");
                        return;
                    }
                }
                finally
                {
                    // Everything parsed is consumed; the incomplete rest was examined, so wait for more bytes.
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
            // Closed locally; Close() already has its reason.
        }
        catch (Exception ex)
        {
            reason = ex;
        }
        finally
        {
            Close(reason);
        }
    }

    /// <summary>Routes one frame. False when the connection must end (a fatal Error, a protocol violation).</summary>
    private bool Dispatch(in Frame frame, out Exception? closeReason)
    {
        closeReason = null;
        int max = _settings.MaxIncomingPayload;
        switch (frame.Type)
        {
            case FrameType.ChangeNotice:
                _onNotice(FramePayload.Parse(frame, ChangeNotice.Parser, max));
                return true;
            case FrameType.DirectoryNotice:
                DirectoryNotice directoryNotice = FramePayload.Parse(frame, DirectoryNotice.Parser, max);
                _onDirectoryNotice?.Invoke(directoryNotice);
                return true;
            case FrameType.Ping:
                _ = AnswerPingAsync(frame.RequestId);
                return true;
            case FrameType.Error:
                Error error = FramePayload.Parse(frame, Error.Parser, max);
                var exception = new FerryException((ErrorCode)error.Code, error.Message);
                if (frame.RequestId != 0 && _pending.TryRemove(frame.RequestId, out IPendingRequest? failed))
                {
                    failed.Fail(exception);
                }

                // Request id 0 means the server is closing the connection (docs/protocol.md, Error frame).
                if (error.Fatal || frame.RequestId == 0 || ErrorCodes.IsFatal(exception.Code))
                {
                    _log?.Invoke($"server closed the connection: {ErrorCodes.Name(exception.Code)}: {error.Message}");
                    closeReason = exception;
                    return false;
                }

                return true;
            case FrameType.Pong or FrameType.LoginResponse or FrameType.Ok or FrameType.SendAck or FrameType.SyncResponse
                or FrameType.PullResponse or FrameType.OpenDirectResponse
                or FrameType.DirectorySyncResponse or FrameType.ProfileLookupResponse or FrameType.DirectorySearchResponse
                or FrameType.OwnProfileResponse or FrameType.PersonalDataResponse or FrameType.RecentContactsResponse:
                // An answer nobody waits for belongs to a cancelled request: dropped.
                if (_pending.TryRemove(frame.RequestId, out IPendingRequest? pending))
                {
                    pending.Complete(frame, max);
                }

                return true;
            default:
                closeReason = new FrameProtocolException(ErrorCode.UnknownFrameType, $"the server sent frame type {(ushort)frame.Type}, not valid towards a client");
                return false;
        }
    }

    private async Task AnswerPingAsync(uint requestId)
    {
        try
        {
            await WriteFrameAsync(FrameType.Pong, requestId, null, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ConnectionLostException or OperationCanceledException)
        {
            // The connection is going away; its close path reports why.
        }
    }

    private async Task WriteFrameAsync(FrameType type, uint requestId, IMessage? payload, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsOpen)
            {
                throw Lost();
            }

            // Throws FerryException(frame_too_large) before writing anything: the request fails, the connection stays.
            FrameWriter.Write(_writer, type, requestId, payload, _settings.Outgoing);

            // Not the caller's token: a flush abandoned half-way would leave a torn frame for the next writer.
            FlushResult flushed = await _writer.FlushAsync(_closing.Token).ConfigureAwait(false);
            if (flushed.IsCompleted || flushed.IsCanceled)
            {
                throw Lost();
            }

            Volatile.Write(ref _lastSentTimestamp, _time.GetTimestamp());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException && ex is not ConnectionLostException)
        {
            Close(ex);
            throw Lost();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private uint NextRequestId()
    {
        uint id;
        do
        {
            id = Interlocked.Increment(ref _lastRequestId);
        }
        while (id == 0); // 0 is reserved for pushes; skipped when the counter wraps.
        return id;
    }

    private void Close(Exception? reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _closeReason = reason;
        _closing.Cancel();
        ConnectionLostException lost = Lost();
        foreach (uint id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out IPendingRequest? pending))
            {
                pending.Fail(lost);
            }
        }

        // Unblocks a read or write stuck in the socket.
        _stream.Dispose();
        _completion.TrySetResult();
    }

    private ConnectionLostException Lost() =>
        new(_closeReason is null ? "connection lost" : $"connection lost: {_closeReason.Message}", _closeReason);
}
