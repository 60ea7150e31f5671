namespace Ferry.Transport.Tests.Support;

/// <summary>Assertions for the parser's three outcomes.</summary>
internal static class Parse
{
    /// <summary>"Need more bytes": false, and the caller's buffer is exactly as it was.</summary>
    public static void NeedsMore(ReadOnlySequence<byte> buffer, int max = Frames.Max)
    {
        ReadOnlySequence<byte> before = buffer;
        Assert.False(FrameParser.TryParse(ref buffer, max, out Frame frame));
        Assert.Equal(default, frame);
        Assert.Equal(before.Start, buffer.Start);
        Assert.Equal(before.End, buffer.End);
    }

    public static FrameProtocolException Fails(ErrorCode expected, ReadOnlySequence<byte> buffer, int max = Frames.Max)
    {
        var ex = Assert.Throws<FrameProtocolException>(() =>
        {
            ReadOnlySequence<byte> copy = buffer;
            FrameParser.TryParse(ref copy, max, out _);
        });
        Assert.Equal(expected, ex.Code);
        return ex;
    }

    public static FrameProtocolException Fails(ErrorCode expected, byte[] bytes, int max = Frames.Max) =>
        Fails(expected, new ReadOnlySequence<byte>(bytes), max);

    /// <summary>Payload decoding fails with a protocol error (fatal, 1xx).</summary>
    public static FrameProtocolException PayloadFails<T>(ErrorCode expected, Frame frame, Google.Protobuf.MessageParser<T> parser, int max = Frames.Max)
        where T : Google.Protobuf.IMessage<T>
    {
        var ex = Assert.Throws<FrameProtocolException>(() => FramePayload.Parse(frame, parser, max));
        Assert.Equal(expected, ex.Code);
        return ex;
    }
}
