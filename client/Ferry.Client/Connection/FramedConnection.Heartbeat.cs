using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;

namespace Ferry.Client.Connection;

internal sealed partial class FramedConnection
{
    /// <summary>Sends Ping, waits for its Pong; the round trip.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken)
    {
        long start = _time.GetTimestamp();
        await RequestAsync(FrameType.Ping, null, FrameType.Pong, Ok.Parser, cancellationToken).ConfigureAwait(false);
        return _time.GetElapsedTime(start);
    }

    /// <summary>
    /// After <c>heartbeat_seconds</c> without sending anything, sends a Ping (so the server's idle timeout never fires
    /// on a quiet but healthy client); likewise after as long without receiving anything, to find out whether the
    /// server is still there. A Ping unanswered for the idle timeout means the path is dead: close, so the client
    /// reconnects instead of waiting on a half-open TCP connection.
    /// </summary>
    private async Task HeartbeatLoopAsync()
    {
        CancellationToken closing = _closing.Token;
        try
        {
            while (!closing.IsCancellationRequested)
            {
                long lastTraffic = Math.Min(Volatile.Read(ref _lastSentTimestamp), Volatile.Read(ref _lastReceivedTimestamp));
                TimeSpan quiet = _time.GetElapsedTime(lastTraffic);
                if (quiet < _settings.Heartbeat)
                {
                    await Task.Delay(_settings.Heartbeat - quiet, _time, closing).ConfigureAwait(false);
                    continue;
                }

                await PingAsync(closing).WaitAsync(_settings.IdleTimeout, _time, closing).ConfigureAwait(false);
            }
        }
        catch (TimeoutException)
        {
            Close(new ConnectionLostException($"no Pong within {_settings.IdleTimeout.TotalSeconds:0} s"));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionLostException)
        {
            // Closing; the read loop or Close() reports why.
        }
    }
}
