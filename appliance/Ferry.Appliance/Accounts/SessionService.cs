using System.Security.Cryptography;
using System.Text;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Security;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Accounts;

/// <summary>A session handed to a device: the bearer token (shown once) and whose it is.</summary>
internal sealed record SessionGrant(string Token, Account Account, string DeviceId, int DeviceType, long ExpiresMs);

/// <summary>
/// Password logins (one slow KDF, bounded in concurrency so a login storm cannot starve the I/O threads) and
/// token resumes (one hash and one indexed look-up, so a reconnect storm after a restart stays cheap).
/// </summary>
internal sealed class SessionService(
    IAccountStore store, FerryOptions options, TimeProvider clock, IExternalAuthenticator? external = null, IOnlineDevices? online = null) : IDisposable
{
    // A real hash to verify against when the account does not exist, so timing does not reveal which names exist.
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHasher.Hash("decoy-password", PasswordHasher.DefaultIterations));
    private readonly SemaphoreSlim _kdfSlots = new(Math.Max(1, Environment.ProcessorCount));

    public async Task<SessionGrant> LoginAsync(string? accountName, string? password, string? deviceId, int deviceType, CancellationToken cancellationToken)
    {
        ValidateDevice(deviceId);
        if (string.IsNullOrWhiteSpace(accountName) || password is null || password.Length > AccountService.MaximumPasswordLength || accountName.Length > 64)
        {
            FerryException.Throw(ErrorCode.BadCredentials, "wrong account or password");
        }

        Account? account = store.FindByName(accountName.Trim());
        ExternalAuthResult checkedOutside = account is null || external is null
            ? ExternalAuthResult.NotManaged
            : await external.VerifyAsync(account, password, cancellationToken).ConfigureAwait(false);
        if (checkedOutside == ExternalAuthResult.Unavailable)
        {
            FerryException.Throw(ErrorCode.Unavailable, "the company directory (LDAP) cannot check the password now; try again later");
        }

        if (checkedOutside != ExternalAuthResult.NotManaged)
        {
            if (checkedOutside != ExternalAuthResult.Success)
            {
                FerryException.Throw(ErrorCode.BadCredentials, "wrong account or password");
            }

            return IssueIfActive(account!, deviceId!, deviceType);
        }

        string hash = (account is null ? null : store.PasswordHash(account.Id)) ?? DecoyHash.Value;

        await _kdfSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        bool valid;
        try
        {
            valid = await Task.Run(() => PasswordHasher.Verify(password, hash), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _kdfSlots.Release();
        }

        if (!valid || account is null)
        {
            FerryException.Throw(ErrorCode.BadCredentials, "wrong account or password");
        }

        return IssueIfActive(account, deviceId!, deviceType);
    }

    private SessionGrant IssueIfActive(Account account, string deviceId, int deviceType)
    {
        if (account.State != AccountState.Active)
        {
            FerryException.Throw(ErrorCode.AccountDisabled, "this account may not log in");
        }

        return Issue(account, deviceId, deviceType);
    }

    public SessionGrant Resume(string? token, string? deviceId)
    {
        ValidateDevice(deviceId);
        (Session session, Account account) = Authenticate(token);
        if (!string.Equals(session.DeviceId, deviceId, StringComparison.Ordinal))
        {
            FerryException.Throw(ErrorCode.SessionExpired, "session belongs to another device: log in again");
        }

        return new SessionGrant(token!, account, session.DeviceId, session.DeviceType, session.ExpiresMs);
    }

    /// <summary>The session and account behind a bearer token; throws when unknown, expired or the account is frozen.</summary>
    public (Session Session, Account Account) Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            FerryException.Throw(ErrorCode.SessionExpired, "session unknown or expired: log in again");
        }

        var found = store.FindSession(HashToken(token));
        if (found is null || found.Value.Session.ExpiresMs <= clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            FerryException.Throw(ErrorCode.SessionExpired, "session unknown or expired: log in again");
        }

        if (found.Value.Account.State != AccountState.Active)
        {
            FerryException.Throw(ErrorCode.AccountDisabled, "this account may not log in");
        }

        return found.Value;
    }

    public void Logout(string token) => store.DeleteSession(HashToken(token));

    /// <summary>A frozen or deleted account loses its live connections at once, not at its next login.</summary>
    public void EndConnections(long accountId) =>
        online?.Disconnect(accountId, ErrorCode.AccountDisabled, "this account has been frozen or deleted");

    /// <summary>Ends the session of one device of an account (an administrator's disconnect): it must log in again.</summary>
    public void RevokeDevice(long accountId, string deviceId) => store.DeleteDeviceSessions(accountId, deviceId);

    /// <summary>Ends every session of an account on every device.</summary>
    public void RevokeAll(long accountId) => store.DeleteAccountSessions(accountId);

    /// <summary>Makes a session without a password: for the administrator's own tools at init. Not reachable from the network.</summary>
    public SessionGrant Issue(Account account, string deviceId, int deviceType)
    {
        string token = Base64Url(RandomNumberGenerator.GetBytes(32));
        long now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        long expires = now + (long)TimeSpan.FromDays(options.Sessions.LifetimeDays).TotalMilliseconds;
        store.DeleteDeviceSessions(account.Id, deviceId);
        store.CreateSession(new Session(HashToken(token), account.Id, deviceId, deviceType, now, expires));
        return new SessionGrant(token, account, deviceId, deviceType, expires);
    }

    public void Dispose() => _kdfSlots.Dispose();

    private static void ValidateDevice(string? deviceId)
    {
        if (string.IsNullOrEmpty(deviceId) || deviceId.Length > 64 || deviceId.Any(c => c < 0x21 || c > 0x7E))
        {
            FerryException.Throw(ErrorCode.BadRequest, "device id must be 1 to 64 printable ASCII characters");
        }
    }

    private static byte[] HashToken(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
