using System.Buffers;
using Ferry.Transport.Errors;
using Google.Protobuf;

namespace Ferry.Transport.Framing;

/// <summary>Decodes a frame's protobuf payload, inflating it first when the frame says so.</summary>
public static class FramePayload
{
    public static T Parse<T>(in Frame frame, MessageParser<T> parser, int maxPayloadLength)
        where T : IMessage<T>
    {
        try
        {
            if ((frame.Header.Flags & FrameFlags.Brotli) == 0)
            {
                return parser.ParseFrom(frame.Payload);
            }

            byte[] inflated = FrameCompression.Decompress(frame.Payload, maxPayloadLength, out int length);
            try
            {
                return parser.ParseFrom(inflated.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(inflated);
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new FerryException(ErrorCode.BadRequest, $"{frame.Type} payload is not a valid protobuf message", ex);
        }
    }
}
