using System.Buffers;

namespace Ferry.Transport.Framing;

/// <summary>
/// Cuts frames out of a byte stream. A pure function over bytes with three outcomes:
/// a complete frame (true), "need more bytes" (false, buffer untouched),
/// or a <see cref="FrameProtocolException"/> for a stream that can never become valid.
/// </summary>
public static class FrameParser
{
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, int maxPayloadLength, out Frame frame)
    {
        if (buffer.Length < FrameHeader.Size)
        {
            frame = default;
            return false;
        }

        FrameHeader header;
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= FrameHeader.Size)
        {
            header = FrameHeader.Read(first, maxPayloadLength);
        }
        else
        {
            Span<byte> copy = stackalloc byte[FrameHeader.Size];
            buffer.Slice(0, FrameHeader.Size).CopyTo(copy);
            header = FrameHeader.Read(copy, maxPayloadLength);
        }

        // The length was checked against the maximum above, before anything waits for the payload.
        long total = FrameHeader.Size + (long)header.PayloadLength;
        if (buffer.Length < total)
        {
            frame = default;
            return false;
        }

        frame = new Frame(header, buffer.Slice(FrameHeader.Size, header.PayloadLength));
        buffer = buffer.Slice(total);
        return true;
    }
}
