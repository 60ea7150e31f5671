using Ferry.Testing;
using Google.Protobuf;

namespace Ferry.Transport.Tests;

/// <summary>FrameWriter → FrameParser → FramePayload.Parse for real contract messages.</summary>
public sealed class RoundTripTests
{
    private static readonly Dictionary<string, (FrameType Type, IMessage Message)> Samples = new()
    {
        ["hello"] = (FrameType.Hello, new Hello { ProtocolVersion = 1, ClientName = "ferry-cli/1.0", Compression = 1 }),
        ["login"] = (FrameType.LoginResponse, new LoginResponse { SessionToken = new string('t', 43), AccountId = 7, Account = "alice", DisplayName = "Alice Ng", ExpiresAtMs = 1_800_000_000_000, IsAdmin = true }),
        ["send"] = (FrameType.SendRequest, SampleMessages.TextSend()),
        ["send-to-conversation"] = (FrameType.SendRequest, new SendRequest { ClientMessageId = "c0ffee00-0000-4000-8000-000000000001", ConversationId = 42, Kind = MessageKind.MessageText, Text = "ok" }),
        ["send-long"] = (FrameType.SendRequest, SampleMessages.TextSend(SampleMessages.Prose(5000))),
        ["notice"] = (FrameType.ChangeNotice, SampleMessages.NoticeWithMessage()),
        ["notice-long"] = (FrameType.ChangeNotice, SampleMessages.NoticeWithMessage(SampleMessages.Prose(3000))),
        ["pull"] = (FrameType.PullResponse, PullPage(50)),
        ["error"] = (FrameType.Error, new Error { Code = (uint)ErrorCode.SlowConsumer, Message = "outgoing queue full", Fatal = true }),
        ["ok"] = (FrameType.Ok, new Ok()),
        ["unicode"] = (FrameType.SendRequest, SampleMessages.TextSend("Grüße, 你好, שלום, 🚢⚓ — " + new string('é', 2000))),
    };

    public static TheoryData<string> SampleNames => [.. Samples.Keys];

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Plain_round_trip(string name) => Assert.Equal(FrameFlags.None, AssertRoundTrip(name, Frames.Plain));

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Brotli_round_trip(string name)
    {
        FrameFlags flags = AssertRoundTrip(name, Frames.Brotli);

        if (name is "send-long" or "notice-long" or "pull" or "unicode")
        {
            Assert.Equal(FrameFlags.Brotli, flags);
        }
    }

    [Fact]
    public void Large_text_is_compressed_when_the_peer_accepts_brotli()
    {
        SendRequest send = SampleMessages.TextSend(SampleMessages.Prose(4096));
        int plainSize = send.CalculateSize();

        Frame frame = Frames.ParseSingle(Frames.Write(FrameType.SendRequest, 1, send, new FrameEncoding(Frames.Max, true, FrameCompression.DefaultThreshold)));

        Assert.Equal(FrameFlags.Brotli, frame.Header.Flags);
        Assert.True(frame.Payload.Length < plainSize / 4, $"compressed to {frame.Payload.Length} of {plainSize} bytes");
        Assert.Equal(send, FramePayload.Parse(frame, SendRequest.Parser, Frames.Max));
    }

    [Fact]
    public void Nothing_is_compressed_towards_a_peer_without_brotli_or_below_the_threshold()
    {
        SendRequest send = SampleMessages.TextSend(SampleMessages.Prose(4096));
        int size = send.CalculateSize();

        Frame plainPeer = Frames.ParseSingle(Frames.Write(FrameType.SendRequest, 1, send, Frames.Plain));
        Frame belowThreshold = Frames.ParseSingle(Frames.Write(FrameType.SendRequest, 1, send, new FrameEncoding(Frames.Max, true, size + 1)));
        Frame atThreshold = Frames.ParseSingle(Frames.Write(FrameType.SendRequest, 1, send, new FrameEncoding(Frames.Max, true, size)));

        Assert.Equal(FrameFlags.None, plainPeer.Header.Flags);
        Assert.Equal(FrameFlags.None, belowThreshold.Header.Flags);
        Assert.Equal(FrameFlags.Brotli, atThreshold.Header.Flags);
    }

    [Fact]
    public void Payload_that_does_not_shrink_is_written_plain()
    {
        // Short, non-repetitive payloads grow under Brotli plus the 4-byte length prefix.
        var ack = new SendAck { Id = 0x1234_5678_9ABC, ConversationId = 42, Seq = 1001, TimeMs = 1_732_240_000_123, Duplicate = true };
        byte[] plain = ack.ToByteArray();
        Assert.False(FrameCompression.TryCompress(plain, new byte[plain.Length], out _));

        Frame frame = Frames.ParseSingle(Frames.Write(FrameType.SendAck, 4, ack, new FrameEncoding(Frames.Max, true, 1)));

        Assert.Equal(FrameFlags.None, frame.Header.Flags);
        Assert.Equal(plain, frame.Payload.ToArray());
        Assert.Equal(ack, FramePayload.Parse(frame, SendAck.Parser, Frames.Max));
    }

    [Fact]
    public void Writer_refuses_a_payload_over_the_peers_maximum()
    {
        SendRequest send = SampleMessages.TextSend(SampleMessages.Prose(5000));
        var output = new ArrayBufferWriter<byte>();

        var ex = Assert.Throws<FerryException>(() => FrameWriter.Write(output, FrameType.SendRequest, 1, send, new FrameEncoding(4096, true, 16)));

        Assert.Equal(ErrorCode.FrameTooLarge, ex.Code);
        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Writer_appends_after_what_the_output_already_holds()
    {
        var output = new ArrayBufferWriter<byte>();
        FrameWriter.Write(output, FrameType.Ping, 1, null, Frames.Brotli);
        FrameWriter.Write(output, FrameType.SendRequest, 2, SampleMessages.TextSend(SampleMessages.Prose(2000)), Frames.Brotli);
        FrameWriter.Write(output, FrameType.SendRequest, 3, SampleMessages.TextSend(), Frames.Plain);
        var buffer = new ReadOnlySequence<byte>(output.WrittenMemory);

        Assert.True(FrameParser.TryParse(ref buffer, Frames.Max, out Frame ping));
        Assert.True(FrameParser.TryParse(ref buffer, Frames.Max, out Frame big));
        Assert.True(FrameParser.TryParse(ref buffer, Frames.Max, out Frame small));
        Assert.True(buffer.IsEmpty);
        Assert.Equal(FrameType.Ping, ping.Type);
        Assert.Equal(SampleMessages.Prose(2000), FramePayload.Parse(big, SendRequest.Parser, Frames.Max).Text);
        Assert.Equal(SampleMessages.TextSend(), FramePayload.Parse(small, SendRequest.Parser, Frames.Max));
    }

    [Fact]
    public void Payload_that_is_not_protobuf_is_a_bad_request()
    {
        // A length-delimited field claiming 16 bytes with one present, then a tag with wire type 7.
        byte[][] garbage = [[0x2A, 0x10, 0x41], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0x0F]];

        foreach (byte[] payload in garbage)
        {
            Frame frame = Frames.ParseSingle(Frames.Raw(FrameType.SendRequest, FrameFlags.None, 1, payload));

            var ex = Assert.Throws<FerryException>(() => FramePayload.Parse(frame, SendRequest.Parser, Frames.Max));
            Assert.Equal(ErrorCode.BadRequest, ex.Code);
            Assert.False(ErrorCodes.IsFatal(ex.Code));
            Assert.IsType<InvalidProtocolBufferException>(ex.InnerException);
        }
    }

    [Fact]
    public void Compressed_payload_that_is_not_protobuf_is_a_bad_request()
    {
        byte[] notProtobuf = [0x2A, 0x10, .. new byte[10]];
        byte[] payload = Frames.BrotliPayload((uint)notProtobuf.Length, Frames.BrotliStream(notProtobuf));
        Frame frame = Frames.ParseSingle(Frames.Raw(FrameType.SendRequest, FrameFlags.Brotli, 1, payload));

        var ex = Assert.Throws<FerryException>(() => FramePayload.Parse(frame, SendRequest.Parser, Frames.Max));

        Assert.Equal(ErrorCode.BadRequest, ex.Code);
    }

    /// <summary>Writes the sample, parses it back from one, many and tiny segments; returns the flags it was written with.</summary>
    private static FrameFlags AssertRoundTrip(string name, FrameEncoding encoding)
    {
        (FrameType type, IMessage message) = Samples[name];
        byte[] bytes = Frames.Write(type, 77, message, encoding);

        foreach (ReadOnlySequence<byte> input in new[] { new ReadOnlySequence<byte>(bytes), Segments.OneBytePerSegment(bytes), Segments.Chunked(bytes, 7) })
        {
            Frame frame = Frames.ParseSingle(input);

            Assert.Equal(type, frame.Type);
            Assert.Equal(77u, frame.RequestId);
            Assert.Equal(message, ParseAs(frame, message));
        }

        return (FrameFlags)bytes[6];
    }

    // FramePayload.Parse is generic over the concrete message type; dispatch the way a connection does, by frame type.
    private static IMessage ParseAs(Frame frame, IMessage sample) => sample switch
    {
        Hello => FramePayload.Parse(frame, Hello.Parser, Frames.Max),
        LoginResponse => FramePayload.Parse(frame, LoginResponse.Parser, Frames.Max),
        SendRequest => FramePayload.Parse(frame, SendRequest.Parser, Frames.Max),
        ChangeNotice => FramePayload.Parse(frame, ChangeNotice.Parser, Frames.Max),
        PullResponse => FramePayload.Parse(frame, PullResponse.Parser, Frames.Max),
        Error => FramePayload.Parse(frame, Error.Parser, Frames.Max),
        Ok => FramePayload.Parse(frame, Ok.Parser, Frames.Max),
        _ => throw new ArgumentOutOfRangeException(nameof(sample), sample.GetType().Name, "add the type to ParseAs"),
    };

    private static PullResponse PullPage(int count)
    {
        var page = new PullResponse { LastSeq = (ulong)count, More = true };
        for (int i = 1; i <= count; i++)
        {
            Message message = SampleMessages.NoticeWithMessage($"line {i} of the thread").Message;
            message.Seq = (ulong)i;
            page.Messages.Add(message);
        }

        return page;
    }
}
