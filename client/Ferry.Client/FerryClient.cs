using System.Collections.Concurrent;
using System.Threading.Channels;
using Ferry.Client.Connection;
using Ferry.Client.Discovery;
using Ferry.Client.Receiving;
using Ferry.Client.Security;
using Ferry.Client.Storage;

namespace Ferry.Client;

/// <summary>
/// A logged-in Ferry client. <see cref="ConnectAsync"/> discovers the server, connects over TLS, logs in (or resumes
/// the stored session) and, with <see cref="FerryClientOptions.ReceiveMessages"/>, syncs. From then on it keeps
/// itself connected: on connection loss it reconnects with backoff, resumes, syncs again, and retries whatever
/// requests were in flight (sends keep their client_message_id, so the server deduplicates them).
/// Connection handling is in FerryClient.Connection.cs, requests in FerryClient.Requests.cs,
/// incoming messages in FerryClient.Receiving.cs.
/// </summary>
public sealed partial class FerryClient : IAsyncDisposable
{
    private readonly FerryClientOptions _options;
    private readonly ServerAddress _address;
    private readonly KnownHostsStore _knownHosts;
    private readonly SessionStore _store;
    private readonly CancellationTokenSource _disposing = new();

    // Guards the connection slot below. Invariant: _current is non-null exactly while _ready holds it as its result.
    private readonly object _gate = new();
    private FramedConnection? _current;
    private TaskCompletionSource<FramedConnection> _ready = NewReadySlot();
    private Exception? _fault;
    private Task _reconnecting = Task.CompletedTask;
    private string _connectHost;
    private bool _firstLoginDone;
    private int _disposed;

    // Incoming messages: notices and syncs go through one worker, in order; deliveries wait for the application.
    private readonly Channel<WorkItem> _work = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Delivery> _deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<ulong, ConversationInfo> _conversations = new();
    private readonly ConversationSequencer _sequencer;
    private ulong _syncVersion;
    private Task _worker = Task.CompletedTask;
    private int _receiving;

    private FerryClient(FerryClientOptions options, ServerAddress address, DiscoveryDocument discovery, string configDirectory)
    {
        _options = options;
        _address = address;
        Discovery = discovery;
        ConfigDirectory = configDirectory;
        _knownHosts = new KnownHostsStore(configDirectory);
        _store = SessionStore.Open(configDirectory, address.ToString(), options.User);
        _connectHost = discovery.Host ?? address.Host;
        _sequencer = new ConversationSequencer(_store.Read(s => s.LastSeq.ToList()));
        _syncVersion = _store.Read(s => s.SyncVersion);
        Directory = LocalDirectory.Open(Path.ChangeExtension(_store.FilePath, ".directory.pb"));
    }

    /// <summary>What discovery said about the server (ports, name, the fingerprint hint).</summary>
    public DiscoveryDocument Discovery { get; }

    public string ConfigDirectory { get; }

    /// <summary>The logged-in account's name, as the server spells it.</summary>
    public string Account { get; private set; } = string.Empty;

    public ulong AccountId { get; private set; }

    public string DisplayName { get; private set; } = string.Empty;

    public bool IsAdmin { get; private set; }

    /// <summary>The current session token: resumable later, and the Bearer token for the REST API.</summary>
    public string SessionToken => _store.Read(s => s.SessionToken) ?? string.Empty;

    public string DeviceId => _store.DeviceId;

    /// <summary>The server's name from the current connection's HelloAck (or discovery).</summary>
    public string ServerName => Current?.Server.ServerName is { Length: > 0 } name ? name : Discovery.Name ?? string.Empty;

    public bool IsConnected => Current?.IsOpen == true;

    /// <summary>The conversations the client has heard of (from sync and <see cref="OpenDirectAsync"/>), with read state.</summary>
    public IReadOnlyCollection<ConversationInfo> Conversations => _conversations.Values.ToList();

    private FramedConnection? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>Discovers, connects, logs in or resumes, and (when receiving) starts syncing.</summary>
    /// <exception cref="Transport.Errors.FerryException">The server refused (bad credentials, no session, …).</exception>
    /// <exception cref="CertificateTrustException">The server's certificate is not trusted.</exception>
    /// <exception cref="TimeoutException">No connection within <see cref="FerryClientOptions.ConnectTimeout"/>.</exception>
    public static async Task<FerryClient> ConnectAsync(FerryClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.User);
        if (options.ForcePasswordLogin && options.Password is null)
        {
            throw new ArgumentException($"{nameof(FerryClientOptions.ForcePasswordLogin)} needs a {nameof(FerryClientOptions.Password)}", nameof(options));
        }

        ServerAddress address = ServerAddress.Parse(options.Server);
        string configDirectory = options.ConfigDirectory ?? Storage.ConfigDirectory.Resolve();
        Storage.ConfigDirectory.Ensure(configDirectory);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        FerryClient? client = null;
        try
        {
            DiscoveryDocument discovery = await DiscoveryClient.FetchAsync(address, options.ConnectTimeout, timeout.Token).ConfigureAwait(false);
            client = new FerryClient(options, address, discovery, configDirectory);
            await client.StartAsync(timeout.Token).ConfigureAwait(false);
            return client;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(client).ConfigureAwait(false);
            throw new TimeoutException($"no connection to {address} within {options.ConnectTimeout.TotalSeconds:0} s", ex);
        }
        catch
        {
            await DisposeQuietlyAsync(client).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Closes the current connection abruptly, as a network failure would; the client then reconnects, resumes,
    /// syncs and retries in-flight requests. For tests of exactly that, and for a "reconnect now" button.
    /// </summary>
    public void DropConnection() => Current?.Abort();

    /// <summary>Stops reconnecting, closes the connection, saves consumed cursors. Waiting calls end with cancellation.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        FramedConnection? connection;
        Task reconnecting;
        lock (_gate)
        {
            _disposing.Cancel();
            connection = _current;
            _current = null;
            _ready.TrySetException(new ObjectDisposedException(nameof(FerryClient)));
            reconnecting = _reconnecting;
        }

        _work.Writer.TryComplete();
        _deliveries.Writer.TryComplete();
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(reconnecting, _worker).ConfigureAwait(false);
        // _disposing is not disposed: late callers may still link to its (cancelled) token.
    }

    private static async Task DisposeQuietlyAsync(FerryClient? client)
    {
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource<FramedConnection> NewReadySlot()
    {
        var slot = new TaskCompletionSource<FramedConnection>(TaskCreationOptions.RunContinuationsAsynchronously);

        // A slot faulted at disposal may never be awaited; that is not an unobserved error.
        _ = slot.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return slot;
    }

    private void Log(string message) => _options.Log?.Invoke(message);
}
