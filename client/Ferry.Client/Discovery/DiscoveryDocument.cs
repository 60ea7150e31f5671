namespace Ferry.Client.Discovery;

/// <summary>
/// The answer of <c>GET http://HOST:7080/api/v1/discovery</c>. Plain HTTP, so nothing here is trusted:
/// <see cref="Fingerprint"/> is only a hint shown on first use; the TLS certificate is what is verified.
/// </summary>
public sealed record DiscoveryDocument(
    string? Name,
    string? Host,
    int FramedPort,
    int HttpsPort,
    string? Fingerprint,
    int ProtocolVersion);
