namespace Ferry.Client.Security;

/// <summary>
/// The server's TLS certificate was not trusted: not valid for the system trust store, and neither pinned
/// nor known from an earlier first use (or, worse, different from the pinned one). Never retried automatically.
/// </summary>
public sealed class CertificateTrustException : Exception
{
    public CertificateTrustException(string message)
        : base(message)
    {
    }

    public CertificateTrustException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CertificateTrustException()
        : base("the server certificate is not trusted")
    {
    }
}
