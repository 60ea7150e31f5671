using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;

namespace Ferry.Client.Connection;

/// <summary>What the HelloAck settled for this connection, with the documented defaults where the server said 0.</summary>
internal sealed record NegotiatedSettings(FrameEncoding Outgoing, int MaxIncomingPayload, TimeSpan Heartbeat, TimeSpan IdleTimeout)
{
    public static NegotiatedSettings From(HelloAck ack)
    {
        int max = ack.MaxFrameSize > 0 ? (int)Math.Min(ack.MaxFrameSize, int.MaxValue) : ProtocolDefaults.MaxPayload;

        // HelloAck.compression lists what the server may use towards us; a side that announces Brotli decodes it
        // too (docs/protocol.md: "a side only compresses towards a peer that announced Brotli in its Hello/HelloAck").
        bool brotli = (ack.Compression & (uint)CompressionAlgorithm.CompressionBrotli) != 0;
        int threshold = ack.CompressionThreshold > 0 ? (int)Math.Min(ack.CompressionThreshold, int.MaxValue) : FrameCompression.DefaultThreshold;
        var heartbeat = TimeSpan.FromSeconds(ack.HeartbeatSeconds > 0 ? ack.HeartbeatSeconds : ProtocolDefaults.HeartbeatSeconds);
        var idle = TimeSpan.FromSeconds(ack.IdleTimeoutSeconds > 0 ? ack.IdleTimeoutSeconds : ProtocolDefaults.IdleTimeoutSeconds);

        // The same maximum both ways: the spec has one "negotiated maximum" per connection.
        return new NegotiatedSettings(new FrameEncoding(max, brotli, brotli ? threshold : int.MaxValue), max, heartbeat, idle);
    }
}
