using System.Buffers.Binary;
using Google.Protobuf;

namespace Ferry.Transport.Tests.Support;

/// <summary>Frame bytes and typical messages for the codec tests.</summary>
internal static class Frames
{
    public const int Max = ProtocolDefaults.MaxPayload;

    public static readonly FrameEncoding Plain = FrameEncoding.Plain(Max);

    /// <summary>Brotli on, with a threshold low enough that small test messages are considered.</summary>
    public static readonly FrameEncoding Brotli = new(Max, Brotli: true, CompressionThreshold: 16);

    public static byte[] Write(FrameType type, uint requestId, IMessage? payload, FrameEncoding encoding)
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.Write(output, type, requestId, payload, encoding);
        return output.WrittenSpan.ToArray();
    }

    public static byte[] Write(FrameType type, uint requestId, IMessage? payload) => Write(type, requestId, payload, Plain);

    /// <summary>A raw frame: header fields as given, payload bytes verbatim (no validation).</summary>
    public static byte[] Raw(uint length, ushort type, byte flags, byte reserved, uint requestId, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[FrameHeader.Size + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, length);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(4), type);
        bytes[6] = flags;
        bytes[7] = reserved;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8), requestId);
        payload.CopyTo(bytes.AsSpan(FrameHeader.Size));
        return bytes;
    }

    /// <summary>A well-formed frame around arbitrary payload bytes.</summary>
    public static byte[] Raw(FrameType type, FrameFlags flags, uint requestId, ReadOnlySpan<byte> payload) =>
        Raw((uint)payload.Length, (ushort)type, (byte)flags, 0, requestId, payload);

    /// <summary>A compressed payload as the wire carries it: declared length, then the Brotli stream.</summary>
    public static byte[] BrotliPayload(uint declaredLength, ReadOnlySpan<byte> brotliStream)
    {
        var bytes = new byte[4 + brotliStream.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, declaredLength);
        brotliStream.CopyTo(bytes.AsSpan(4));
        return bytes;
    }

    public static byte[] BrotliStream(ReadOnlySpan<byte> plain)
    {
        var destination = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(plain.Length)];
        Assert.True(System.IO.Compression.BrotliEncoder.TryCompress(plain, destination, out int written));
        return destination.AsSpan(0, written).ToArray();
    }

    public static Frame ParseSingle(ReadOnlySequence<byte> buffer, int max = Max)
    {
        Assert.True(FrameParser.TryParse(ref buffer, max, out Frame frame));
        Assert.True(buffer.IsEmpty, "the parser left bytes behind");
        return frame;
    }

    public static Frame ParseSingle(byte[] bytes, int max = Max) => ParseSingle(new ReadOnlySequence<byte>(bytes), max);

    /// <summary>Seeded random bytes: what Brotli cannot shrink (it stores them in uncompressed meta-blocks).</summary>
    public static byte[] Noise(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
