namespace Ferry.Client.Security;

/// <summary>
/// Told to the application when a server was trusted on first use and recorded in known_hosts,
/// so it can show the fingerprint to the user (the CLI prints it to stderr).
/// </summary>
/// <param name="Server">The known_hosts key, host:port of the framed port.</param>
/// <param name="Fingerprint">SHA-256 of the certificate now pinned, 64 lowercase hex digits.</param>
/// <param name="DiscoveryFingerprint">What the (untrusted) discovery document claimed, if anything.</param>
public sealed record CertificateTrustNotice(string Server, string Fingerprint, string? DiscoveryFingerprint)
{
    /// <summary>False when discovery announced a different certificate: worth a louder warning.</summary>
    public bool MatchesDiscoveryHint =>
        DiscoveryFingerprint is null || string.Equals(DiscoveryFingerprint, Fingerprint, StringComparison.OrdinalIgnoreCase);
}
