using System.Collections.Concurrent;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Messaging;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Microsoft.Extensions.Hosting;

namespace Ferry.Appliance.Connections;

/// <summary>One authenticated connection as the administrators' list shows it.</summary>
internal sealed record OnlineDevice(
    long ConnectionId, long AccountId, string AccountName, string DeviceId, int DeviceType, string? ClientName, string RemoteAddress, long ConnectedAtMs, long LoggedInAtMs);

/// <summary>
/// Every open framed connection, and which accounts are online on which of them. Also the connection sweeper:
/// one timer for all connections (as Kestrel's heartbeat does) instead of a timer per connection.
/// </summary>
internal sealed class ConnectionRegistry(FerryOptions options, TimeProvider clock)
    : IDevicePresence, Accounts.IOnlineDevices, Directory.ClientApi.IDirectoryNotices, IHostedService, IDisposable
{
    private static readonly TimeSpan ClosingGrace = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<long, FramedConnection> _connections = new();
    private readonly ConcurrentDictionary<long, FramedConnection[]> _online = new();
    private ITimer? _sweeper;

    public int Count => _connections.Count;

    public int OnlineAccounts => _online.Count;

    public void Add(FramedConnection connection) => _connections[connection.Id] = connection;

    public void Remove(FramedConnection connection)
    {
        _connections.TryRemove(connection.Id, out _);
        if (connection.Caller is { } caller)
        {
            SetOffline(caller.AccountId, connection);
        }
    }

    public void SetOnline(long accountId, FramedConnection connection) =>
        _online.AddOrUpdate(accountId, [connection], (_, existing) => existing.Contains(connection) ? existing : [.. existing, connection]);

    public void SetOffline(long accountId, FramedConnection connection)
    {
        while (_online.TryGetValue(accountId, out FramedConnection[]? existing))
        {
            FramedConnection[] remaining = existing.Where(c => c != connection).ToArray();
            bool done = remaining.Length == 0
                ? _online.TryRemove(new KeyValuePair<long, FramedConnection[]>(accountId, existing))
                : _online.TryUpdate(accountId, remaining, existing);
            if (done)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The authenticated connections of every online account, copied out (for the administrators' list; not a hot path).
    /// </summary>
    public List<OnlineDevice> OnlineDevices()
    {
        var devices = new List<OnlineDevice>();
        foreach (KeyValuePair<long, FramedConnection[]> account in _online)
        {
            foreach (FramedConnection connection in account.Value)
            {
                if (connection.Caller is { } caller && connection.State == ConnectionState.Authenticated)
                {
                    devices.Add(new OnlineDevice(
                        connection.Id, caller.AccountId, caller.AccountName, caller.DeviceId, connection.DeviceType, connection.ClientName,
                        connection.RemoteEndPoint, connection.ConnectedAtMs, connection.LoggedInAtMs));
                }
            }
        }

        return devices;
    }

    public void Push(long accountId, ChangeNotice notice, long exceptConnectionId) => Push(accountId, FrameType.ChangeNotice, notice, exceptConnectionId);

    public void Notify(long accountId, DirectoryNotice notice, long exceptConnectionId) => Push(accountId, FrameType.DirectoryNotice, notice, exceptConnectionId);

    /// <summary>
    /// Queues a push (request id 0) to every authenticated connection. The frame is encoded once per connection by its
    /// writer; a connection whose queue is full is dropped as a slow consumer, as for any push.
    /// </summary>
    public void Broadcast(DirectoryNotice notice)
    {
        foreach (FramedConnection[] devices in _online.Values)
        {
            foreach (FramedConnection device in devices)
            {
                if (device.State == ConnectionState.Authenticated)
                {
                    device.Send(FrameType.DirectoryNotice, 0, notice);
                }
            }
        }
    }

    /// <summary>Queues a push (request id 0) to every authenticated device of the account except one connection.</summary>
    private void Push(long accountId, FrameType type, Google.Protobuf.IMessage notice, long exceptConnectionId)
    {
        if (!_online.TryGetValue(accountId, out FramedConnection[]? devices))
        {
            return;
        }

        foreach (FramedConnection device in devices)
        {
            if (device.Id != exceptConnectionId && device.State == ConnectionState.Authenticated)
            {
                device.Send(type, 0, notice);
            }
        }
    }

    public void Disconnect(long accountId, ErrorCode code, string reason)
    {
        if (_online.TryGetValue(accountId, out FramedConnection[]? devices))
        {
            foreach (FramedConnection device in devices)
            {
                device.Close(code, reason);
            }
        }
    }

    /// <summary>Graceful shutdown: every client is told to come back later.</summary>
    public void CloseAll()
    {
        foreach (FramedConnection connection in _connections.Values)
        {
            connection.Close(ErrorCode.ServerShuttingDown, "the server is shutting down; reconnect later");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sweeper = clock.CreateTimer(_ => Sweep(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _sweeper?.Dispose();
        CloseAll();
        return Task.CompletedTask;
    }

    public void Dispose() => _sweeper?.Dispose();

    /// <summary>Closes connections that never finished the handshake, went silent, or never drained their final frame.</summary>
    internal void Sweep()
    {
        var handshake = TimeSpan.FromSeconds(options.Connections.HandshakeTimeoutSeconds);
        var idle = TimeSpan.FromSeconds(options.Connections.IdleTimeoutSeconds);
        foreach (FramedConnection connection in _connections.Values)
        {
            switch (connection.State)
            {
                case ConnectionState.Handshake when clock.GetElapsedTime(connection.ConnectedTicks) > handshake:
                    connection.Close(ErrorCode.HandshakeRequired, "no Hello within the handshake timeout");
                    break;
                case ConnectionState.Closing when clock.GetElapsedTime(connection.ClosingTicks) > ClosingGrace:
                    connection.Terminate(ErrorCode.SlowConsumer, "closing connection did not drain its final frame");
                    break;
                case not ConnectionState.Closing when clock.GetElapsedTime(connection.LastActivityTicks) > idle:
                    connection.Close(ErrorCode.IdleTimeout, "nothing received within the idle timeout");
                    break;
            }
        }
    }
}
