using Ferry.Testing;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ferry.Client.Security;

namespace Ferry.Client.Tests;

public sealed class KnownHostsTests : IDisposable
{
    private const string Host = "ferry.test:7006";
    private const SslPolicyErrors Untrusted = SslPolicyErrors.RemoteCertificateChainErrors;

    private readonly TempDirectory _dir = new();
    private readonly X509Certificate2 _certificate = SelfSigned("CN=ferry.test");
    private readonly X509Certificate2 _other = SelfSigned("CN=impostor");

    public void Dispose()
    {
        _certificate.Dispose();
        _other.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Unknown_server_is_refused_without_trust_on_first_use()
    {
        var store = new KnownHostsStore(_dir.Path);
        var verifier = new ServerCertificateVerifier(Host, null, store, trustOnFirstUse: false, discoveryHint: null);

        Assert.False(verifier.Validate(this, _certificate, null, Untrusted));
        Assert.Contains(Fingerprint.Of(_certificate), verifier.RejectionReason, StringComparison.Ordinal);
        Assert.Null(verifier.CommitFirstUse());
        Assert.False(File.Exists(store.FilePath));
    }

    [Fact]
    public void Trust_on_first_use_records_the_fingerprint_after_the_handshake()
    {
        var store = new KnownHostsStore(_dir.Path);
        var verifier = new ServerCertificateVerifier(Host, null, store, trustOnFirstUse: true, discoveryHint: Fingerprint.Of(_certificate).ToUpperInvariant());

        Assert.True(verifier.Validate(this, _certificate, null, Untrusted));
        Assert.Null(store.Find(Host)); // not yet: only a completed handshake is recorded

        CertificateTrustNotice? notice = verifier.CommitFirstUse();
        Assert.NotNull(notice);
        Assert.Equal(Host, notice.Server);
        Assert.True(notice.MatchesDiscoveryHint);
        Assert.Equal(Fingerprint.Of(_certificate), store.Find(Host));
        Assert.Equal($"{Host} {Fingerprint.Of(_certificate)}\n", File.ReadAllText(store.FilePath));
    }

    [Fact]
    public void Known_server_is_accepted_without_trust_on_first_use()
    {
        var store = new KnownHostsStore(_dir.Path);
        store.Add(Host, Fingerprint.Of(_certificate));
        var verifier = new ServerCertificateVerifier(Host, null, store, trustOnFirstUse: false, discoveryHint: null);

        Assert.True(verifier.Validate(this, _certificate, null, Untrusted));
        Assert.Null(verifier.CommitFirstUse());
    }

    [Fact]
    public void Changed_certificate_always_fails_even_with_trust_on_first_use()
    {
        var store = new KnownHostsStore(_dir.Path);
        store.Add(Host, Fingerprint.Of(_certificate));
        var verifier = new ServerCertificateVerifier(Host, null, store, trustOnFirstUse: true, discoveryHint: null);

        Assert.False(verifier.Validate(this, _other, null, Untrusted));
        Assert.Contains("CHANGED", verifier.RejectionReason, StringComparison.Ordinal);
        Assert.Contains(Fingerprint.Of(_other), verifier.RejectionReason, StringComparison.Ordinal);
        Assert.Equal(Fingerprint.Of(_certificate), store.Find(Host));
        Assert.Throws<InvalidOperationException>(() => store.Add(Host, Fingerprint.Of(_other)));
    }

    [Fact]
    public void Pinned_fingerprint_decides_alone()
    {
        var store = new KnownHostsStore(_dir.Path);
        string pinned = string.Join(':', Convert.FromHexString(Fingerprint.Of(_certificate)).Select(b => b.ToString("X2")));
        var verifier = new ServerCertificateVerifier(Host, pinned, store, trustOnFirstUse: false, discoveryHint: null);

        Assert.True(verifier.Validate(this, _certificate, null, Untrusted));

        // A pin beats the system store too: a CA-valid but different certificate is refused.
        Assert.False(verifier.Validate(this, _other, null, SslPolicyErrors.None));
        Assert.Contains("pinned", verifier.RejectionReason, StringComparison.Ordinal);
    }

    [Fact]
    public void System_trusted_certificate_needs_no_entry()
    {
        var store = new KnownHostsStore(_dir.Path);
        var verifier = new ServerCertificateVerifier(Host, null, store, trustOnFirstUse: false, discoveryHint: null);

        Assert.True(verifier.Validate(this, _certificate, null, SslPolicyErrors.None));
        Assert.Null(verifier.CommitFirstUse());
    }

    [Fact]
    public void File_keeps_comments_and_other_hosts_and_matches_case_insensitively()
    {
        var store = new KnownHostsStore(_dir.Path);
        File.WriteAllText(store.FilePath, "# ferry known hosts\n\nother.test:7006 " + new string('a', 64) + "\n");
        store.Add("FERRY.test:7006", Fingerprint.Of(_certificate).ToUpperInvariant());

        string[] lines = File.ReadAllLines(store.FilePath);
        Assert.Equal("# ferry known hosts", lines[0]);
        Assert.Equal(new string('a', 64), store.Find("other.test:7006"));
        Assert.Equal(Fingerprint.Of(_certificate), store.Find(Host));
        Assert.Equal(KnownHostVerdict.Known, store.Check(Host, Fingerprint.Of(_certificate), out _));
        Assert.Equal(KnownHostVerdict.Unknown, store.Check("ferry.test:7007", Fingerprint.Of(_certificate), out _));
    }

    [Fact]
    public void Discovery_hint_that_disagrees_is_reported()
    {
        var store = new KnownHostsStore(_dir.Path);
        var verifier = new ServerCertificateVerifier(Host, null, store, trustOnFirstUse: true, discoveryHint: Fingerprint.Of(_other));

        Assert.True(verifier.Validate(this, _certificate, null, Untrusted));
        Assert.False(verifier.CommitFirstUse()!.MatchesDiscoveryHint);
    }

    private static X509Certificate2 SelfSigned(string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }
}
