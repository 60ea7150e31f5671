using Ferry.Testing;
namespace Ferry.Transport.Tests;

public sealed class FrameParserTests
{
    [Fact]
    public void Complete_frame_yields_header_and_payload_and_consumes_the_buffer()
    {
        SendRequest send = SampleMessages.TextSend();
        byte[] bytes = Frames.Write(FrameType.SendRequest, 7, send);

        Frame frame = Frames.ParseSingle(bytes);

        Assert.Equal(new FrameHeader(send.CalculateSize(), FrameType.SendRequest, FrameFlags.None, 7), frame.Header);
        Assert.Equal(FrameType.SendRequest, frame.Type);
        Assert.Equal(7u, frame.RequestId);
        Assert.Equal(bytes.AsSpan(FrameHeader.Size).ToArray(), frame.Payload.ToArray());
        Assert.Equal(send, FramePayload.Parse(frame, SendRequest.Parser, Frames.Max));
    }

    [Fact]
    public void Header_is_big_endian_as_the_spec_draws_it()
    {
        byte[] bytes = Frames.Write(FrameType.Pong, 0x01020304, payload: null);

        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 4, 0, 0, 1, 2, 3, 4 }, bytes);
    }

    [Fact]
    public void Empty_payload_frame_is_complete_with_just_the_header()
    {
        Frame frame = Frames.ParseSingle(Frames.Write(FrameType.Ping, 99, payload: null));

        Assert.Equal(FrameType.Ping, frame.Type);
        Assert.Equal(99u, frame.RequestId);
        Assert.True(frame.Payload.IsEmpty);
        Assert.Equal(new Ok(), FramePayload.Parse(frame, Ok.Parser, Frames.Max));
    }

    [Fact]
    public void Several_frames_in_one_buffer_come_out_in_order_and_a_trailing_partial_frame_stays()
    {
        byte[] ping = Frames.Write(FrameType.Ping, 1, payload: null);
        byte[] send = Frames.Write(FrameType.SendRequest, 2, SampleMessages.TextSend());
        byte[] notice = Frames.Write(FrameType.ChangeNotice, 0, SampleMessages.NoticeWithMessage());
        byte[] next = Frames.Write(FrameType.SendRequest, 3, SampleMessages.TextSend("next"));
        byte[] all = [.. ping, .. send, .. notice, .. next.AsSpan(0, next.Length - 1)];
        var buffer = new ReadOnlySequence<byte>(all);

        Assert.True(FrameParser.TryParse(ref buffer, Frames.Max, out Frame first));
        Assert.True(FrameParser.TryParse(ref buffer, Frames.Max, out Frame second));
        Assert.True(FrameParser.TryParse(ref buffer, Frames.Max, out Frame third));
        Parse.NeedsMore(buffer);

        Assert.Equal((FrameType.Ping, 1u), (first.Type, first.RequestId));
        Assert.Equal(SampleMessages.TextSend(), FramePayload.Parse(second, SendRequest.Parser, Frames.Max));
        Assert.Equal(SampleMessages.NoticeWithMessage(), FramePayload.Parse(third, ChangeNotice.Parser, Frames.Max));
        Assert.Equal(next.Length - 1, buffer.Length);
        Assert.Equal(next.AsSpan(0, next.Length - 1).ToArray(), buffer.ToArray());
    }

    [Fact]
    public void Frame_split_into_two_segments_at_every_offset_parses_the_same()
    {
        byte[] bytes = Frames.Write(FrameType.ChangeNotice, 5, SampleMessages.NoticeWithMessage());

        for (int offset = 0; offset <= bytes.Length; offset++)
        {
            Frame frame = Frames.ParseSingle(Segments.SplitAt(bytes, offset));

            Assert.Equal(FrameType.ChangeNotice, frame.Type);
            Assert.Equal(5u, frame.RequestId);
            Assert.Equal(SampleMessages.NoticeWithMessage(), FramePayload.Parse(frame, ChangeNotice.Parser, Frames.Max));
        }
    }

    [Fact]
    public void Frame_with_every_byte_in_its_own_segment_parses()
    {
        ChangeNotice notice = SampleMessages.NoticeWithMessage(SampleMessages.Prose(700));
        byte[] bytes = Frames.Write(FrameType.ChangeNotice, 0, notice);

        Frame frame = Frames.ParseSingle(Segments.OneBytePerSegment(bytes));

        Assert.False(frame.Payload.IsSingleSegment);
        Assert.Equal(bytes.AsSpan(FrameHeader.Size).ToArray(), frame.Payload.ToArray());
        Assert.Equal(notice, FramePayload.Parse(frame, ChangeNotice.Parser, Frames.Max));
    }

    [Fact]
    public void Many_frames_across_one_byte_segments_come_out_in_order()
    {
        byte[] stream = [.. Enumerable.Range(1, 20).SelectMany(i => Frames.Write(FrameType.SendRequest, (uint)i, SampleMessages.TextSend($"message {i}")))];
        ReadOnlySequence<byte> buffer = Segments.OneBytePerSegment(stream);

        for (int i = 1; i <= 20; i++)
        {
            Assert.True(FrameParser.TryParse(ref buffer, Frames.Max, out Frame frame));
            Assert.Equal((uint)i, frame.RequestId);
            Assert.Equal($"message {i}", FramePayload.Parse(frame, SendRequest.Parser, Frames.Max).Text);
        }

        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Every_truncation_needs_more_and_leaves_the_buffer_untouched()
    {
        byte[] bytes = Frames.Write(FrameType.SendRequest, 11, SampleMessages.TextSend());

        for (int length = 0; length < bytes.Length; length++)
        {
            byte[] prefix = bytes[..length];
            Parse.NeedsMore(new ReadOnlySequence<byte>(prefix));
            Parse.NeedsMore(Segments.OneBytePerSegment(prefix));
        }
    }

    [Fact]
    public void Payload_of_exactly_the_maximum_is_accepted()
    {
        const int Max = 64;
        byte[] bytes = Frames.Raw(FrameType.SendRequest, FrameFlags.None, 1, new byte[Max]);

        Parse.NeedsMore(new ReadOnlySequence<byte>(bytes, 0, FrameHeader.Size), Max);
        Assert.Equal(Max, Frames.ParseSingle(bytes, Max).Payload.Length);
    }

    [Theory]
    [InlineData(ProtocolDefaults.MaxPayload, (uint)ProtocolDefaults.MaxPayload + 1)]
    [InlineData(ProtocolDefaults.HandshakeMaxPayload, (uint)ProtocolDefaults.HandshakeMaxPayload + 1)]
    [InlineData(ProtocolDefaults.MaxPayload, 0x8000_0000u)]
    [InlineData(ProtocolDefaults.MaxPayload, uint.MaxValue)]
    [InlineData(0, 1u)]
    public void Oversized_declared_length_is_refused_from_the_header_alone(int max, uint declared)
    {
        // Only the 12 header bytes: the refusal must not wait for (or buffer) the payload.
        byte[] header = Frames.Raw(declared, (ushort)FrameType.SendRequest, 0, 0, 1, []);

        Parse.Fails(ErrorCode.FrameTooLarge, header, max);
        Parse.Fails(ErrorCode.FrameTooLarge, Segments.OneBytePerSegment(header), max);
    }

    [Fact]
    public void Every_undefined_flag_bit_is_a_bad_frame()
    {
        for (int flags = 2; flags <= byte.MaxValue; flags++)
        {
            byte[] header = Frames.Raw(0, (ushort)FrameType.Ping, (byte)flags, 0, 1, []);

            Parse.Fails(ErrorCode.BadFrame, header);
            Parse.Fails(ErrorCode.BadFrame, Segments.SplitAt(header, 7));
        }
    }

    [Fact]
    public void Every_non_zero_reserved_byte_is_a_bad_frame()
    {
        for (int reserved = 1; reserved <= byte.MaxValue; reserved++)
        {
            byte[] header = Frames.Raw(100, (ushort)FrameType.SendRequest, 0, (byte)reserved, 1, []);

            Parse.Fails(ErrorCode.BadFrame, header);
            Parse.Fails(ErrorCode.BadFrame, Segments.SplitAt(header, 3));
        }
    }

    [Fact]
    public void Length_is_checked_before_flags_so_an_oversized_frame_reports_frame_too_large()
    {
        byte[] header = Frames.Raw(uint.MaxValue, (ushort)FrameType.SendRequest, 0xFF, 0xFF, 1, []);

        Parse.Fails(ErrorCode.FrameTooLarge, header);
    }

    [Fact]
    public void Unknown_type_numbers_are_passed_through_for_the_connection_to_judge()
    {
        // Whether a type is valid depends on direction and connection state, so the codec reports it as read.
        Frame frame = Frames.ParseSingle(Frames.Raw(0, 9999, 0, 0, 3, []));

        Assert.Equal((FrameType)9999, frame.Type);
        Assert.False(Enum.IsDefined(frame.Type));
    }
}
