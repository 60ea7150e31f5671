using System.Buffers;
using Ferry.Transport.Errors;
using Google.Protobuf;

namespace Ferry.Transport.Framing;

/// <summary>How frames are written towards one peer, as agreed in the handshake.</summary>
public readonly record struct FrameEncoding(int MaxPayloadLength, bool Brotli, int CompressionThreshold)
{
    public static FrameEncoding Plain(int maxPayloadLength) => new(maxPayloadLength, false, int.MaxValue);
}

/// <summary>
/// Serialises a header and a protobuf payload straight into the output buffer (a PipeWriter in practice):
/// no intermediate arrays on the uncompressed path.
/// </summary>
public static class FrameWriter
{
    public static void Write(IBufferWriter<byte> output, FrameType type, uint requestId, IMessage? payload, FrameEncoding encoding)
    {
        int size = payload?.CalculateSize() ?? 0;
        if (size > encoding.MaxPayloadLength)
        {
            FerryException.Throw(ErrorCode.FrameTooLarge, $"{type} payload of {size} bytes exceeds the peer's maximum of {encoding.MaxPayloadLength}");
        }

        if (payload is not null && encoding.Brotli && size >= encoding.CompressionThreshold && TryWriteCompressed(output, type, requestId, payload, size))
        {
            return;
        }

        Span<byte> span = output.GetSpan(FrameHeader.Size + size);
        new FrameHeader(size, type, FrameFlags.None, requestId).Write(span);
        payload?.WriteTo(span.Slice(FrameHeader.Size, size));
        output.Advance(FrameHeader.Size + size);
    }

    private static bool TryWriteCompressed(IBufferWriter<byte> output, FrameType type, uint requestId, IMessage payload, int size)
    {
        byte[] plain = ArrayPool<byte>.Shared.Rent(size);
        byte[] packed = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            payload.WriteTo(plain.AsSpan(0, size));
            if (!FrameCompression.TryCompress(plain.AsSpan(0, size), packed.AsSpan(0, size), out int written))
            {
                return false;
            }

            Span<byte> span = output.GetSpan(FrameHeader.Size + written);
            new FrameHeader(written, type, FrameFlags.Brotli, requestId).Write(span);
            packed.AsSpan(0, written).CopyTo(span[FrameHeader.Size..]);
            output.Advance(FrameHeader.Size + written);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
            ArrayPool<byte>.Shared.Return(packed);
        }
    }
}
