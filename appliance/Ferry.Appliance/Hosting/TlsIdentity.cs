using System.Security.Cryptography.X509Certificates;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Security;

namespace Ferry.Appliance.Hosting;

/// <summary>The certificate every TLS port presents, loaded once at start.</summary>
internal sealed class TlsIdentity : IDisposable
{
    public TlsIdentity(FerryOptions options)
    {
        Certificate = TlsCertificates.Load(
            Path.Combine(options.DataDirectory, options.Tls.CertificateFile),
            Path.Combine(options.DataDirectory, options.Tls.KeyFile));
        Fingerprint = TlsCertificates.Fingerprint(Certificate);
    }

    public X509Certificate2 Certificate { get; }

    public string Fingerprint { get; }

    public void Dispose() => Certificate.Dispose();
}
