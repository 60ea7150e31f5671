using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ferry.Client.Storage;

/// <summary>
/// The <see cref="SessionState"/> of one server and user: <c>{config}/sessions/{server}_{user}.json</c>, written atomically.
/// Thread-safe (the connection, the sync worker and the application's reader all use it). Several processes may
/// share the file (<c>ferry listen</c> running while <c>ferry send</c> resumes the same session), so a save merges
/// with what is on disk: cursors only move forward, and the session token is taken from disk unless this process
/// logged in itself.
/// </summary>
internal sealed class SessionStore
{
    private readonly object _gate = new();
    private readonly object _fileGate = new();
    private readonly SessionState _state;
    private bool _sessionChanged;

    private SessionStore(string path, SessionState state)
    {
        FilePath = path;
        _state = state;
    }

    public string FilePath { get; }

    public string DeviceId => Read(s => s.DeviceId);

    public static string PathFor(string configDirectory, string server, string user) =>
        Path.Combine(configDirectory, "sessions", $"{Escape(server)}_{Escape(user.ToLowerInvariant())}.json");

    /// <summary>Loads the state, or starts a fresh one with a new random device id (saved with the first session).</summary>
    public static SessionStore Open(string configDirectory, string server, string user)
    {
        string path = PathFor(configDirectory, server, user);
        SessionState state = TryLoad(path) ?? new SessionState();
        state.Server = server;
        state.User = user;
        if (string.IsNullOrEmpty(state.DeviceId))
        {
            state.DeviceId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        }

        return new SessionStore(path, state);
    }

    public T Read<T>(Func<SessionState, T> read)
    {
        lock (_gate)
        {
            return read(_state);
        }
    }

    /// <summary>A new session from a login or resume answer.</summary>
    public void SetSession(string token, long expiresAtMs, string account, ulong accountId)
    {
        lock (_gate)
        {
            _state.SessionToken = token;
            _state.SessionExpiresAtMs = expiresAtMs;
            _state.Account = account;
            _state.AccountId = accountId;
            _sessionChanged = true;
        }
    }

    public void ClearSession()
    {
        lock (_gate)
        {
            _state.SessionToken = null;
            _state.SessionExpiresAtMs = 0;
            _sessionChanged = true;
        }
    }

    /// <summary>Takes a session another process stored since this one loaded (a `ferry login` while listening).</summary>
    public void ReloadSession()
    {
        if (TryLoad(FilePath) is not { SessionToken: not null } disk)
        {
            return;
        }

        lock (_gate)
        {
            if (disk.SessionToken != _state.SessionToken && disk.DeviceId == _state.DeviceId)
            {
                _state.SessionToken = disk.SessionToken;
                _state.SessionExpiresAtMs = disk.SessionExpiresAtMs;
                _state.Account = disk.Account;
                _state.AccountId = disk.AccountId;
            }
        }
    }

    /// <summary>The application consumed this message: never deliver it (or anything before it) again.</summary>
    public void CommitConsumed(ulong conversationId, ulong seq)
    {
        lock (_gate)
        {
            if (_state.LastSeq.GetValueOrDefault(conversationId) < seq)
            {
                _state.LastSeq[conversationId] = seq;
            }
        }
    }

    public void CommitSyncVersion(ulong version)
    {
        lock (_gate)
        {
            _state.SyncVersion = Math.Max(_state.SyncVersion, version);
        }
    }

    public void Save()
    {
        lock (_fileGate)
        {
            SessionState? disk = TryLoad(FilePath);
            byte[] json;
            lock (_gate)
            {
                if (disk is not null && disk.DeviceId == _state.DeviceId)
                {
                    Merge(disk);
                }

                _sessionChanged = false;
                json = JsonSerializer.SerializeToUtf8Bytes(_state, ClientJsonContext.Default.SessionState);
            }

            AtomicFile.WriteAllBytes(FilePath, json);
        }
    }

    private void Merge(SessionState disk)
    {
        foreach ((ulong conversation, ulong seq) in disk.LastSeq)
        {
            if (_state.LastSeq.GetValueOrDefault(conversation) < seq)
            {
                _state.LastSeq[conversation] = seq;
            }
        }

        _state.SyncVersion = Math.Max(_state.SyncVersion, disk.SyncVersion);
        if (!_sessionChanged)
        {
            _state.SessionToken = disk.SessionToken;
            _state.SessionExpiresAtMs = disk.SessionExpiresAtMs;
            _state.Account = disk.Account ?? _state.Account;
            _state.AccountId = disk.AccountId != 0 ? disk.AccountId : _state.AccountId;
        }
    }

    private static SessionState? TryLoad(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), ClientJsonContext.Default.SessionState) : null;
        }
        catch (JsonException)
        {
            // A corrupt file costs a fresh login and a full sync, never a crash.
            return null;
        }
    }

    /// <summary>File-name safe: letters, digits, '.', '-' kept; everything else %XX (so "[::1]:7080" stays unambiguous).</summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
