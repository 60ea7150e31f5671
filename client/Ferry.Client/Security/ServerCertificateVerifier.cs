using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Ferry.Client.Security;

/// <summary>
/// Decides whether to trust the certificate a server presents, for the framed port and the HTTPS API alike
/// (both use the same certificate). In order:
/// <list type="number">
/// <item>a pinned fingerprint, when given, must match the leaf, and nothing else counts;</item>
/// <item>a certificate the system trust store accepts for the host name is trusted;</item>
/// <item>otherwise known_hosts decides: a recorded fingerprint must match (a mismatch always fails);</item>
/// <item>an unknown server is accepted only when the caller opted in to trust on first use.</item>
/// </list>
/// One instance serves one TLS handshake; a first-use fingerprint is recorded only after the handshake succeeded.
/// </summary>
internal sealed class ServerCertificateVerifier
{
    private readonly string _hostPort;
    private readonly string? _pinned;
    private readonly KnownHostsStore _knownHosts;
    private readonly bool _trustOnFirstUse;
    private readonly string? _discoveryHint;
    private string? _firstUseFingerprint;

    public ServerCertificateVerifier(string hostPort, string? pinnedFingerprint, KnownHostsStore knownHosts, bool trustOnFirstUse, string? discoveryHint)
    {
        _hostPort = hostPort;
        _pinned = pinnedFingerprint is null ? null : Fingerprint.Normalize(pinnedFingerprint);
        _knownHosts = knownHosts;
        _trustOnFirstUse = trustOnFirstUse;
        _discoveryHint = Fingerprint.TryNormalize(discoveryHint, out string hint) ? hint : null;
    }

    /// <summary>Why the last certificate was refused, for the exception the caller throws.</summary>
    public string? RejectionReason { get; private set; }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        RejectionReason = null;
        _firstUseFingerprint = null;
        if (certificate is null)
        {
            return Reject($"{_hostPort} presented no certificate");
        }

        string presented = Fingerprint.Of(certificate);
        if (_pinned is not null)
        {
            return presented == _pinned
                || Reject($"certificate of {_hostPort} has fingerprint {presented}, not the pinned {_pinned}");
        }

        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        switch (_knownHosts.Check(_hostPort, presented, out string? known))
        {
            case KnownHostVerdict.Known:
                return true;
            case KnownHostVerdict.Mismatch:
                return Reject(
                    $"SERVER CERTIFICATE HAS CHANGED for {_hostPort}: known_hosts ({_knownHosts.FilePath}) has {known}, " +
                    $"the server presented {presented}. This may be an attack. If the certificate was replaced on purpose, " +
                    "remove the line from known_hosts or pass the new --fingerprint.");
            default:
                if (!_trustOnFirstUse)
                {
                    return Reject(
                        $"certificate of {_hostPort} is not trusted by the system ({errors}) and the server is not in {_knownHosts.FilePath}; " +
                        $"its SHA-256 fingerprint is {presented}: pin it with --fingerprint, or allow trust on first use");
                }

                _firstUseFingerprint = presented;
                return true;
        }
    }

    /// <summary>After a successful handshake: records a first-use fingerprint, and says so.</summary>
    public CertificateTrustNotice? CommitFirstUse()
    {
        if (_firstUseFingerprint is not { } fingerprint)
        {
            return null;
        }

        _firstUseFingerprint = null;
        _knownHosts.Add(_hostPort, fingerprint);
        return new CertificateTrustNotice(_hostPort, fingerprint, _discoveryHint);
    }

    private bool Reject(string reason)
    {
        RejectionReason = reason;
        return false;
    }
}
