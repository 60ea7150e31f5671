using Ferry.Appliance.Accounts;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// "Synced accounts authenticate by LDAP bind": an LDAP-managed account's password is checked by binding as its
/// current DN (found by account name, so a user moved upstream since the last sync still logs in). Local accounts
/// (like <c>admin</c>) keep their local password. LDAP configured away: LDAP accounts cannot log in (Unavailable).
/// </summary>
internal sealed class LdapLoginAuthenticator(LdapSettingsStore settingsStore, LdapDirectoryStore store, ILoggerFactory loggers) : IExternalAuthenticator
{
    private readonly Lock _gate = new();
    private (LdapSettings Settings, LdapAuthenticator Authenticator)? _current;

    public async Task<ExternalAuthResult> VerifyAsync(Account account, string password, CancellationToken cancellationToken)
    {
        if (store.FindAccount(account.Id) is null)
        {
            return ExternalAuthResult.NotManaged;
        }

        LdapAuthenticator? authenticator = Authenticator();
        if (authenticator is null)
        {
            return ExternalAuthResult.Unavailable;
        }

        LdapAuthResult result = await authenticator.VerifyAccountAsync(account.Name, password, cancellationToken).ConfigureAwait(false);
        return result switch
        {
            LdapAuthResult.Success => ExternalAuthResult.Success,
            LdapAuthResult.Unavailable => ExternalAuthResult.Unavailable,
            _ => ExternalAuthResult.Rejected,
        };
    }

    /// <summary>One authenticator per settings version: it holds the bind-concurrency limit.</summary>
    private LdapAuthenticator? Authenticator()
    {
        LdapSettings? settings = settingsStore.Current();
        if (settings is null)
        {
            return null;
        }

        lock (_gate)
        {
            if (_current is not { } current || !ReferenceEquals(current.Settings, settings))
            {
                _current = current = (settings, new LdapAuthenticator(settings, loggers.CreateLogger<LdapAuthenticator>()));
            }

            return current.Authenticator;
        }
    }
}
