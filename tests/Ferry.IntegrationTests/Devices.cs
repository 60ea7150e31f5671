using Ferry.Client;
using Ferry.Testing;

namespace Ferry.IntegrationTests;

/// <summary>SDK clients as separate installations: each device has its own config directory (device id, cursors).</summary>
internal sealed class Devices : IAsyncDisposable
{
    private readonly FerrydProcess _server;
    private readonly List<FerryClient> _clients = [];
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ferry-devices-" + Guid.NewGuid().ToString("N")[..12]);

    public Devices(FerrydProcess server) => _server = server;

    /// <summary>Connects an SDK client; <paramref name="password"/> defaults to alice's or bob's.</summary>
    public async Task<FerryClient> ConnectAsync(string account, string device, bool receive = true, string? password = null)
    {
        FerryClient client = await FerryClient.ConnectAsync(new FerryClientOptions
        {
            Server = _server.Server,
            User = account,
            Password = password ?? (account == "alice" ? TwoUsers.AlicePassword : TwoUsers.BobPassword),
            PinnedFingerprint = _server.Fingerprint,
            ConfigDirectory = Path.Combine(_root, account, device),
            ReceiveMessages = receive,
            ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        });
        _clients.Add(client);
        return client;
    }

    public async Task DisconnectAsync(FerryClient client)
    {
        _clients.Remove(client);
        await client.DisposeAsync();
    }

    /// <summary>Reads exactly <paramref name="count"/> messages (bounded by a timeout), then stops the enumeration.</summary>
    public static async Task<List<MessageEvent>> ReceiveAsync(FerryClient client, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        var received = new List<MessageEvent>();
        await foreach (MessageEvent message in client.ReceiveAsync(cts.Token))
        {
            received.Add(message);
            if (received.Count == count)
            {
                break;
            }
        }

        return received;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (FerryClient client in _clients)
        {
            await client.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // Temp leftovers do not fail a test.
        }
    }
}
