using System.Buffers.Binary;

namespace Ferry.Transport.Framing;

/// <summary>
/// The fixed 12-byte frame header, all integers big-endian:
/// <code>
///  0               4       6   7   8               12
///  +---------------+-------+---+---+---------------+----------------
///  | payload length| type  |flg|rsv|  request id   | payload ...
///  +---------------+-------+---+---+---------------+----------------
/// </code>
/// The length counts payload bytes only, so a reader knows after 12 bytes how much to wait for,
/// and can refuse an oversized frame before buffering any of it.
/// </summary>
public readonly record struct FrameHeader(int PayloadLength, FrameType Type, FrameFlags Flags, uint RequestId)
{
    public const int Size = 12;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)PayloadLength);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)Type);
        destination[6] = (byte)Flags;
        destination[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], RequestId);
    }

    /// <summary>Decodes and validates a header; throws <see cref="FrameProtocolException"/> when malformed.</summary>
    public static FrameHeader Read(ReadOnlySpan<byte> source, int maxPayloadLength)
    {
        uint length = BinaryPrimitives.ReadUInt32BigEndian(source);
        if (length > (uint)maxPayloadLength)
        {
            FrameProtocolException.Throw(Errors.ErrorCode.FrameTooLarge, $"frame payload of {length} bytes exceeds the maximum of {maxPayloadLength}");
        }

        var flags = (FrameFlags)source[6];
        if ((flags & ~FrameFlags.Defined) != 0)
        {
            FrameProtocolException.Throw(Errors.ErrorCode.BadFrame, $"undefined frame flags 0x{(byte)flags:x2}");
        }

        if (source[7] != 0)
        {
            FrameProtocolException.Throw(Errors.ErrorCode.BadFrame, "reserved header byte is not zero");
        }

        var type = (FrameType)BinaryPrimitives.ReadUInt16BigEndian(source[4..]);
        uint requestId = BinaryPrimitives.ReadUInt32BigEndian(source[8..]);
        return new FrameHeader((int)length, type, flags, requestId);
    }
}
