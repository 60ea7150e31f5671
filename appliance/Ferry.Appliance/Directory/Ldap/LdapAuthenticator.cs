using System.DirectoryServices.Protocols;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Directory.Ldap;

internal enum LdapAuthResult
{
    Success = 0,

    /// <summary>Wrong password, or a DN the server does not know (servers do not tell the two apart, on purpose).</summary>
    InvalidCredentials = 1,

    /// <summary>No entry (or more than one) matches the account name under the base DN and user filter.</summary>
    UnknownUser = 2,

    /// <summary>Server unreachable, TLS failure, timeout: the password was not checked. Not a wrong password.</summary>
    Unavailable = 3,
}

/// <summary>
/// "Synced accounts authenticate by LDAP bind": a password is right when the server accepts a simple bind as the
/// user's DN with it. Each check uses its own short-lived connection (a bind changes a connection's identity), is
/// bounded by <see cref="LdapSettings.AuthenticationTimeout"/>, and at most <see cref="MaxConcurrentBinds"/> run at
/// once, since each blocks a thread. Passwords are never logged, stored or put in an exception message.
/// </summary>
internal sealed partial class LdapAuthenticator(LdapSettings settings, ILogger<LdapAuthenticator> logger)
{
    public const int MaxConcurrentBinds = 16;

    private readonly SemaphoreSlim _slots = new(MaxConcurrentBinds, MaxConcurrentBinds);

    /// <summary>Checks a password by binding as <paramref name="userDn"/> (the DN the last sync recorded).</summary>
    public Task<LdapAuthResult> VerifyAsync(string userDn, string password, CancellationToken cancellationToken) =>
        RunAsync(userDn, cancellationToken, () => Bind(userDn, password));

    /// <summary>
    /// Finds the user's current DN by account name with the service account, then binds as it: right even when the
    /// user has moved upstream since the last sync.
    /// </summary>
    public Task<LdapAuthResult> VerifyAccountAsync(string account, string password, CancellationToken cancellationToken) =>
        RunAsync(account, cancellationToken, () =>
        {
            string? dn = FindDn(account);
            return dn is null ? LdapAuthResult.UnknownUser : Bind(dn, password);
        });

    private async Task<LdapAuthResult> RunAsync(string who, CancellationToken cancellationToken, Func<LdapAuthResult> check)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.AuthenticationTimeout);
        try
        {
            await _slots.WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, who, "too many LDAP logins waiting");
            return LdapAuthResult.Unavailable;
        }

        // The slot is released when the bind really ends, not when we stop waiting for it: a hung server cannot
        // pile up more than MaxConcurrentBinds blocked threads.
        Task<LdapAuthResult> bind = Task.Run(() =>
        {
            try
            {
                return check();
            }
            finally
            {
                _slots.Release();
            }
        }, CancellationToken.None);
        try
        {
            LdapAuthResult result = await bind.WaitAsync(deadline.Token).ConfigureAwait(false);
            if (result != LdapAuthResult.Success)
            {
                LogRefused(logger, who, result);
            }

            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogUnavailable(logger, who, $"no answer within {settings.AuthenticationTimeout.TotalSeconds:0.#} s");
            return LdapAuthResult.Unavailable;
        }
        catch (Exception e) when (e is LdapException or DirectoryException or DllNotFoundException)
        {
            LogUnavailable(logger, who, LdapConnections.Unavailable("LDAP login", settings, e).Message);
            return LdapAuthResult.Unavailable;
        }
    }

    private LdapAuthResult Bind(string dn, string password)
    {
        // A simple bind with a DN and an empty password is an "unauthenticated bind" (RFC 4513 §5.1.2) that many
        // servers answer with success. It must never count as a correct password.
        if (password.Length == 0 || dn.Length == 0)
        {
            return LdapAuthResult.InvalidCredentials;
        }

        using LdapConnection connection = LdapConnections.Open(settings, settings.AuthenticationTimeout);
        try
        {
            LdapConnections.Bind(connection, dn, password);
            return LdapAuthResult.Success;
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentialsCode)
        {
            return LdapAuthResult.InvalidCredentials;
        }
    }

    private string? FindDn(string account)
    {
        using LdapConnection connection = LdapConnections.Open(settings, settings.AuthenticationTimeout);
        LdapConnections.Bind(connection, settings.BindDn, settings.BindPassword);
        string filter = $"(&{settings.UserFilter}({settings.Attributes.Account}={LdapFilter.Escape(account)}))";
        var request = new SearchRequest(settings.BaseDn, filter, SearchScope.Subtree, [settings.Attributes.Account]) { SizeLimit = 2 };
        SearchResponse response;
        try
        {
            response = (SearchResponse)connection.SendRequest(request, settings.AuthenticationTimeout);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode == ResultCode.SizeLimitExceeded)
        {
            return null; // Two entries claim the name: refuse rather than guess.
        }

        return response.Entries.Count == 1 ? response.Entries[0].DistinguishedName : null;
    }

    // LDAP resultCode invalidCredentials (RFC 4511 §4.1.9).
    private const int InvalidCredentialsCode = 49;

    [LoggerMessage(EventId = 6111, Level = LogLevel.Information, Message = "LDAP login for {User} refused: {Result}")]
    private static partial void LogRefused(ILogger logger, string user, LdapAuthResult result);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Warning, Message = "LDAP login for {User} could not be checked: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string user, string reason);
}
