using Ferry.Transport.Framing;
using Google.Protobuf;

namespace Ferry.Appliance.Connections;

/// <summary>A frame waiting in a connection's send queue. Payloads may be shared between connections: never mutated once queued.</summary>
internal readonly record struct OutboundFrame(FrameType Type, uint RequestId, IMessage? Payload, bool CloseAfter = false);
