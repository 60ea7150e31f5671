using System.Net.Security;
using System.Net.Sockets;
using Ferry.Client.Connection;
using Ferry.Client.Discovery;
using Ferry.Client.Receiving;
using Ferry.Client.Security;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Google.Protobuf;

namespace Ferry.Client;

public sealed partial class FerryClient
{
    /// <summary>The known_hosts key: the host connected to and the framed port (the HTTPS port shares the certificate).</summary>
    private string TrustKey => ServerAddress.Format(_connectHost, Discovery.FramedPort);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        FramedConnection connection = await EstablishAsync(cancellationToken).ConfigureAwait(false);
        Install(connection);
        if (_options.ReceiveMessages)
        {
            _worker = RunWorkerAsync();
            _work.Writer.TryWrite(WorkItem.Sync);
        }
    }

    /// <summary>TCP, TLS, handshake, login or resume: one connection ready for requests.</summary>
    private async Task<FramedConnection> EstablishAsync(CancellationToken cancellationToken)
    {
        SslStream tls = await DialAsync(cancellationToken).ConfigureAwait(false);
        FramedConnection connection = await FramedConnection.OpenAsync(tls, _options.ClientName, _options.TimeProvider, OnNotice, _options.Log, cancellationToken, OnDirectoryNotice)
            .ConfigureAwait(false);
        try
        {
            await AuthenticateAsync(connection, cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Connects to the host discovery named. If that host cannot be reached from here (a public name not
    /// resolvable inside the network, say), falls back to the host the user gave, which did answer discovery.
    /// </summary>
    private async Task<SslStream> DialAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await DialHostAsync(_connectHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex) when (!string.Equals(_connectHost, _address.Host, StringComparison.OrdinalIgnoreCase))
        {
            Log($"cannot reach {_connectHost} (announced by discovery): {ex.Message}; using {_address.Host}");
            _connectHost = _address.Host;
            return await DialHostAsync(_connectHost, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SslStream> DialHostAsync(string host, CancellationToken cancellationToken)
    {
        ServerCertificateVerifier verifier = NewVerifier(ServerAddress.Format(host, Discovery.FramedPort));
        SslStream tls = await TlsDialer.ConnectAsync(host, Discovery.FramedPort, verifier, cancellationToken).ConfigureAwait(false);
        if (verifier.CommitFirstUse() is { } notice)
        {
            _options.OnFirstUseTrust?.Invoke(notice);
        }

        return tls;
    }

    private ServerCertificateVerifier NewVerifier(string trustKey) =>
        new(trustKey, _options.PinnedFingerprint, _knownHosts, _options.TrustOnFirstUse, Discovery.Fingerprint);

    /// <summary>
    /// Resume when a session is stored (cheap: no KDF on the server); log in with the password when there is none,
    /// when it was rejected (session_expired), or when the caller asked for a password login.
    /// </summary>
    private async Task AuthenticateAsync(FramedConnection connection, CancellationToken cancellationToken)
    {
        _store.ReloadSession();
        // No local expiry check: the server's clock decides, and asking costs it only a hash lookup.
        string? token = _store.Read(s => s.SessionToken);
        bool forcePassword = _options.ForcePasswordLogin && !_firstLoginDone;
        if (token is not null && !forcePassword)
        {
            try
            {
                var resume = new ResumeRequest { SessionToken = token, DeviceId = _store.DeviceId };
                Apply(await Request(connection, FrameType.ResumeRequest, resume, cancellationToken).ConfigureAwait(false));
                return;
            }
            catch (FerryException ex) when (ex.Code is ErrorCode.SessionExpired or ErrorCode.Unauthenticated)
            {
                Log($"stored session rejected ({ErrorCodes.Name(ex.Code)})");
                _store.ClearSession();
                _store.Save();
                if (_options.Password is null)
                {
                    throw new FerryException(ErrorCode.SessionExpired, $"the stored session of {_options.User} on {_address} is no longer valid; log in again with a password", ex);
                }
            }
        }

        if (_options.Password is null)
        {
            throw new FerryException(ErrorCode.Unauthenticated, $"no stored session for {_options.User} on {_address}; log in with a password first");
        }

        var login = new LoginRequest { Account = _options.User, Password = _options.Password, DeviceId = _store.DeviceId, DeviceType = _options.DeviceType };
        Apply(await Request(connection, FrameType.LoginRequest, login, cancellationToken).ConfigureAwait(false));
        _firstLoginDone = true;
    }

    private static Task<LoginResponse> Request(FramedConnection connection, FrameType type, IMessage request, CancellationToken cancellationToken) =>
        connection.RequestAsync(type, request, FrameType.LoginResponse, LoginResponse.Parser, cancellationToken);

    private void Apply(LoginResponse session)
    {
        Account = session.Account;
        AccountId = session.AccountId;
        DisplayName = session.DisplayName;
        IsAdmin = session.IsAdmin;
        _store.SetSession(session.SessionToken, session.ExpiresAtMs, session.Account, session.AccountId);
        _store.Save();
    }

    private void Install(FramedConnection connection)
    {
        lock (_gate)
        {
            _current = connection;
            _ready.TrySetResult(connection);
        }

        _ = WatchAsync(connection);
    }

    private async Task WatchAsync(FramedConnection connection)
    {
        await connection.Completion.ConfigureAwait(false);
        OnConnectionLost(connection);
    }

    /// <summary>Idempotent: the first caller to notice a dead connection empties the slot and starts reconnecting.</summary>
    private void OnConnectionLost(FramedConnection connection)
    {
        lock (_gate)
        {
            if (_current != connection || _disposing.IsCancellationRequested)
            {
                return;
            }

            _current = null;
            _ready = NewReadySlot();
            _reconnecting = ReconnectAsync(connection);
        }
    }

    private async Task ReconnectAsync(FramedConnection lost)
    {
        await Task.Yield(); // out of the lock taken by OnConnectionLost
        await lost.DisposeAsync().ConfigureAwait(false);
        Log($"connection lost: {lost.CloseReason?.Message ?? "closed"}; reconnecting");
        var backoff = new ReconnectBackoff(_options.ReconnectMinDelay, _options.ReconnectMaxDelay);
        CancellationToken stop = _disposing.Token;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan delay = backoff.Next();
            try
            {
                await Task.Delay(delay, _options.TimeProvider, stop).ConfigureAwait(false);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop);
                attempt.CancelAfter(_options.ConnectTimeout);
                FramedConnection connection = await EstablishAsync(attempt.Token).ConfigureAwait(false);
                bool installed = false;
                lock (_gate)
                {
                    // Checked under the lock DisposeAsync cancels in: a disposed client never gets a connection back.
                    if (!stop.IsCancellationRequested)
                    {
                        Install(connection);
                        installed = true;
                    }
                }

                if (!installed)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                    return;
                }

                Log($"reconnected to {TrustKey}");
                _work.Writer.TryWrite(WorkItem.Sync);
                return;
            }
            catch (Exception ex) when (IsPermanent(ex))
            {
                Log($"giving up reconnecting: {ex.Message}");
                Fault(ex);
                return;
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                Log($"reconnect failed: {ex.Message}");
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Failures that another attempt cannot fix: a wrong password, a revoked session, an untrusted certificate.</summary>
    private static bool IsPermanent(Exception ex) =>
        ex is CertificateTrustException
        || ex is FerryException
        {
            Code: ErrorCode.BadCredentials or ErrorCode.SessionExpired or ErrorCode.Unauthenticated or ErrorCode.AccountDisabled
                or ErrorCode.Forbidden or ErrorCode.UnsupportedVersion,
        };

    /// <summary>The client cannot go on: every waiting and future call, and the message stream, fail with the reason.</summary>
    private void Fault(Exception reason)
    {
        lock (_gate)
        {
            _fault = reason;
            _ready.TrySetException(reason);
        }

        _work.Writer.TryComplete();
        _deliveries.Writer.TryComplete(reason);
    }

    /// <summary>The current connection; waits through a reconnect; throws the fault when the client gave up.</summary>
    private async Task<FramedConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task<FramedConnection> ready;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed != 0, this);
                ready = _ready.Task;
            }

            FramedConnection connection = await ready.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (connection.IsOpen)
            {
                return connection;
            }

            OnConnectionLost(connection);
        }
    }

    /// <summary>
    /// Runs a request on the current connection; if the connection is lost under it, runs it again on the next one.
    /// Safe because every Ferry request is idempotent: sends carry their client_message_id, the rest only read or
    /// move cursors forward.
    /// </summary>
    private async Task<TAnswer> InvokeAsync<TAnswer>(FrameType type, IMessage request, FrameType answerType, MessageParser<TAnswer> parser, CancellationToken cancellationToken)
        where TAnswer : IMessage<TAnswer>
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
        while (true)
        {
            FramedConnection connection = await GetConnectionAsync(linked.Token).ConfigureAwait(false);
            try
            {
                return await connection.RequestAsync(type, request, answerType, parser, linked.Token).ConfigureAwait(false);
            }
            catch (ConnectionLostException ex)
            {
                Log($"{type} interrupted ({ex.Message}); retrying after reconnect");
                OnConnectionLost(connection);
            }
        }
    }
}
