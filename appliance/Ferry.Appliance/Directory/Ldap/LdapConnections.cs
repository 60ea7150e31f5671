using System.DirectoryServices.Protocols;
using System.Net;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// Opens connections the one way the sync and the authenticator both use. On Linux, System.DirectoryServices.Protocols
/// calls OpenLDAP's client library (<c>libldap.so.2</c>, falling back to <c>libldap-2.5.so.0</c> / <c>-2.6</c>):
/// Debian package <c>libldap-2.5-0</c> (bookworm) or <c>libldap2</c> (trixie). Without it every LDAP call throws
/// <see cref="DllNotFoundException"/>, reported as "LDAP client library missing".
/// </summary>
internal static class LdapConnections
{
    /// <summary>A connected, TLS-protected (unless plain) but not yet bound connection.</summary>
    public static LdapConnection Open(LdapSettings settings, TimeSpan timeout)
    {
        var identifier = new LdapDirectoryIdentifier(settings.Host, settings.EffectivePort, fullyQualifiedDnsHostName: false, connectionless: false);
        var connection = new LdapConnection(identifier)
        {
            AuthType = AuthType.Basic,
            AutoBind = false,
            Timeout = timeout,
        };
        try
        {
            LdapSessionOptions options = connection.SessionOptions;
            options.ProtocolVersion = 3;

            // AD answers searches at the domain root with referrals to other partitions; chasing them would bind
            // to servers nobody configured.
            options.ReferralChasing = ReferralChasingOptions.None;
            if (settings.TrustedCaDirectory.Length > 0 && !OperatingSystem.IsWindows())
            {
                // OpenLDAP's TLS context is built once; a new trust directory needs a new context.
                options.TrustedCertificatesDirectory = settings.TrustedCaDirectory;
                options.StartNewTlsSessionContext();
            }

            switch (settings.Security)
            {
                case LdapSecurity.Ldaps:
                    options.SecureSocketLayer = true;
                    break;
                case LdapSecurity.StartTls:
                    options.StartTransportLayerSecurity(null);
                    break;
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Simple bind; an empty DN and password binds anonymously.</summary>
    public static void Bind(LdapConnection connection, string dn, string password)
    {
        if (dn.Length == 0 && password.Length == 0)
        {
            connection.AuthType = AuthType.Anonymous;
            connection.Bind();
            return;
        }

        connection.Bind(new NetworkCredential(dn, password));
    }

    /// <summary>
    /// An LDAP failure as the error catalogue's <see cref="ErrorCode.Unavailable"/>, with the server's result code
    /// and message but never a password (no request or credential is ever part of these messages).
    /// </summary>
    public static FerryException Unavailable(string what, LdapSettings settings, Exception error) => error switch
    {
        DllNotFoundException => new FerryException(ErrorCode.Unavailable, $"{what}: LDAP client library missing (install libldap-2.5-0 or libldap2)", error),
        LdapException ldap => new FerryException(ErrorCode.Unavailable, $"{what} at {settings.Host}:{settings.EffectivePort}: {Describe(ldap.ErrorCode, ldap.Message, ldap.ServerErrorMessage)}", error),
        DirectoryOperationException operation => new FerryException(ErrorCode.Unavailable, $"{what} at {settings.Host}:{settings.EffectivePort}: {operation.Response?.ResultCode} {operation.Message}", error),
        _ => new FerryException(ErrorCode.Unavailable, $"{what} at {settings.Host}:{settings.EffectivePort}: {error.Message}", error),
    };

    private static string Describe(int code, string message, string? serverMessage) =>
        string.IsNullOrEmpty(serverMessage) ? $"{message} (code {code})" : $"{message} (code {code}: {serverMessage})";
}
