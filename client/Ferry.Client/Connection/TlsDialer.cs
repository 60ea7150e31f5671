using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Ferry.Client.Security;

namespace Ferry.Client.Connection;

/// <summary>Opens TCP to the framed port and runs the TLS 1.2/1.3 handshake, trusting what the verifier trusts.</summary>
internal static class TlsDialer
{
    public static async Task<SslStream> ConnectAsync(string host, int port, ServerCertificateVerifier verifier, CancellationToken cancellationToken)
    {
        // Dual-mode where the OS has IPv6; DNS names try every address.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = verifier.Validate,
                },
                cancellationToken).ConfigureAwait(false);
            return tls;
        }
        catch (AuthenticationException ex) when (verifier.RejectionReason is { } reason)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new CertificateTrustException(reason, ex);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
