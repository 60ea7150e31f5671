namespace Ferry.Transport;

/// <summary>Protocol constants both sides agree on before the handshake.</summary>
public static class ProtocolDefaults
{
    /// <summary>The version this library speaks (docs/protocol.md).</summary>
    public const uint Version = 1;

    /// <summary>Frames before the handshake must fit in this, whatever the server's configured maximum.</summary>
    public const int HandshakeMaxPayload = 4 * 1024;

    public const int MaxPayload = 1024 * 1024;

    public const int HeartbeatSeconds = 30;

    public const int IdleTimeoutSeconds = 90;

    public const int DiscoveryPort = 7080;
    public const int FramedPort = 7006;
    public const int HttpsPort = 7443;
}
