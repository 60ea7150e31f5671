using System.Buffers;

namespace Ferry.Transport.Framing;

/// <summary>One parsed frame. The payload is a slice of the reader's buffer: valid only until the reader advances.</summary>
public readonly record struct Frame(FrameHeader Header, ReadOnlySequence<byte> Payload)
{
    public FrameType Type => Header.Type;

    public uint RequestId => Header.RequestId;
}
