using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Ferry.Transport.Errors;

namespace Ferry.Transport.Framing;

/// <summary>
/// Brotli for large payloads. A compressed payload is the 4-byte big-endian uncompressed length
/// followed by the Brotli stream, so a receiver can refuse a decompression bomb before inflating it.
/// </summary>
public static class FrameCompression
{
    public const int DefaultThreshold = 1024;
    private const int Quality = 4;
    private const int Window = 22;

    /// <summary>Compresses <paramref name="source"/> into <paramref name="destination"/>; false when that would not save space.</summary>
    public static bool TryCompress(ReadOnlySpan<byte> source, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length <= 4)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)source.Length);
        if (!BrotliEncoder.TryCompress(source, destination[4..], out int compressed, Quality, Window))
        {
            return false;
        }

        written = compressed + 4;
        return written < source.Length;
    }

    /// <summary>Inflates a compressed payload into a rented buffer the caller returns to <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static byte[] Decompress(ReadOnlySequence<byte> payload, int maxLength, out int length)
    {
        if (payload.Length < 4)
        {
            FrameProtocolException.Throw(ErrorCode.DecompressionFailed, "compressed payload lacks its length prefix");
        }

        Span<byte> prefix = stackalloc byte[4];
        payload.Slice(0, 4).CopyTo(prefix);
        uint declared = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        if (declared > (uint)maxLength)
        {
            FrameProtocolException.Throw(ErrorCode.FrameTooLarge, $"compressed payload inflates to {declared} bytes, over the maximum of {maxLength}");
        }

        length = (int)declared;

        // One spare byte past the declared length: the decoder only makes progress while it has room to write,
        // so with exactly `length` bytes it could not read a stream's end marker arriving in a later segment
        // (it reports DestinationTooSmall), and an empty payload could not be decoded at all.
        // Anything written into the spare byte means the stream inflates past its declared length.
        byte[] output = ArrayPool<byte>.Shared.Rent(length + 1);
        try
        {
            using var decoder = new BrotliDecoder();
            int produced = 0;
            OperationStatus status = OperationStatus.NeedMoreData;
            foreach (ReadOnlyMemory<byte> segment in payload.Slice(4))
            {
                ReadOnlySpan<byte> input = segment.Span;
                while (!input.IsEmpty)
                {
                    status = decoder.Decompress(input, output.AsSpan(produced, length + 1 - produced), out int consumed, out int written);
                    input = input[consumed..];
                    produced += written;
                    if (produced > length || status == OperationStatus.DestinationTooSmall)
                    {
                        FrameProtocolException.Throw(ErrorCode.DecompressionFailed, "compressed payload inflates past its declared length");
                    }

                    if (status is OperationStatus.InvalidData or OperationStatus.Done)
                    {
                        break;
                    }
                }

                if (status is OperationStatus.InvalidData or OperationStatus.Done)
                {
                    break;
                }
            }

            if (status != OperationStatus.Done || produced != length)
            {
                FrameProtocolException.Throw(ErrorCode.DecompressionFailed, "compressed payload is not a complete Brotli stream of its declared length");
            }

            return output;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(output);
            throw;
        }
    }
}
