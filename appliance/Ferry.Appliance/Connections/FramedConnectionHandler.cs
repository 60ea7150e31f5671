using System.Buffers;
using System.IO.Pipelines;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Identity;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Connections;

/// <summary>
/// Kestrel's entry point for port 7006 (after TLS). Thin on purpose: it wires a connection, its writer loop and the
/// read loop; the task it returns is the connection's lifetime. A protocol error ends this connection only.
/// </summary>
internal sealed partial class FramedConnectionHandler(
    FrameDispatcher dispatcher, ConnectionRegistry registry, RequestRunner runner, IdGenerator ids, FerryOptions options, TimeProvider clock,
    ILogger<FramedConnectionHandler> logger) : ConnectionHandler
{
    private static readonly TimeSpan WriterDrainTimeout = TimeSpan.FromSeconds(5);

    public override async Task OnConnectedAsync(ConnectionContext context)
    {
        var connection = new FramedConnection(ids.Next(), context, options.Connections.SendQueueFrames, options.Connections.MaxInFlightRequests, clock);
        registry.Add(connection);
        Task writer = connection.RunWriterAsync();
        try
        {
            await ReadLoopAsync(connection, context.Transport.Input).ConfigureAwait(false);
        }
        finally
        {
            registry.Remove(connection);
            connection.Shutdown();
            if (connection.CloseReason is { } reason)
            {
                LogClosed(connection.Id, connection.RemoteEndPoint, (ErrorCode)reason.Code, reason.Message);
            }

            // A peer that stopped reading can hold the final flush forever; Kestrel tears the transport down once
            // this handler returns, which also ends the writer.
            await writer.WaitAsync(WriterDrainTimeout).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private async Task ReadLoopAsync(FramedConnection connection, PipeReader input)
    {
        try
        {
            while (connection.State != ConnectionState.Closing)
            {
                ReadResult result = await input.ReadAsync(connection.Closed).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    while (connection.State != ConnectionState.Closing && FrameParser.TryParse(ref buffer, connection.MaxInboundPayload, out Frame frame))
                    {
                        connection.Touch();
                        await DispatchAsync(connection, frame).ConfigureAwait(false);
                    }

                    if (result.IsCompleted || result.IsCanceled)
                    {
                        return;
                    }
                }
                finally
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        catch (FrameProtocolException ex)
        {
            connection.SendError(0, ex, fatal: true);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionResetException or IOException or ConnectionAbortedException)
        {
            // The peer went away or was cut off.
        }
        finally
        {
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask DispatchAsync(FramedConnection connection, Frame frame)
    {
        try
        {
            await dispatcher.DispatchAsync(connection, frame).ConfigureAwait(false);
        }
        catch (FrameProtocolException)
        {
            throw;
        }
        catch (FerryException ex) when (ErrorCodes.IsFatal(ex.Code))
        {
            throw new FrameProtocolException(ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            runner.Fail(connection, frame.RequestId, ex);
        }
    }

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "connection {ConnectionId} from {Remote} closed by the server: {Code} {Reason}")]
    private partial void LogClosed(long connectionId, string remote, ErrorCode code, string reason);
}
