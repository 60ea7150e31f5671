using Ferry.Testing;
namespace Ferry.Transport.Tests;

/// <summary>
/// Seeded fuzzing: whatever the bytes, the parser answers true, false or <see cref="FrameProtocolException"/>,
/// payload decoding answers a message or a <see cref="FerryException"/>, and both terminate.
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 5000;
    private const int SmallMax = 256;

    [Fact]
    public void Random_garbage_gives_only_the_three_outcomes()
    {
        var random = new Random(20241122);
        var outcomes = new Outcomes();

        for (int i = 0; i < Iterations; i++)
        {
            byte[] bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (bytes.Length >= FrameHeader.Size && random.Next(2) == 0)
            {
                // Half the time make the header plausible, so the payload paths get exercised too.
                MakePlausible(bytes, random);
            }

            Drain(Segment(bytes, random), outcomes);
        }

        // The generator must actually reach every outcome, or the test proves little.
        Assert.True(outcomes.Frames > 500, $"only {outcomes.Frames} frames");
        Assert.True(outcomes.NeedMore > 500, $"only {outcomes.NeedMore} need-more");
        Assert.True(outcomes.ProtocolErrors > 500, $"only {outcomes.ProtocolErrors} protocol errors");
        Assert.True(outcomes.PayloadErrors > 100, $"only {outcomes.PayloadErrors} payload errors");
        Assert.True(outcomes.Messages > 20, $"only {outcomes.Messages} decoded messages");
    }

    [Fact]
    public void Mutated_valid_streams_give_only_the_three_outcomes()
    {
        var random = new Random(7);
        byte[] plain = [.. Frames.Write(FrameType.SendRequest, 1, SampleMessages.TextSend()), .. Frames.Write(FrameType.ChangeNotice, 0, SampleMessages.NoticeWithMessage())];
        byte[] compressed = Frames.Write(FrameType.SendRequest, 2, SampleMessages.TextSend(SampleMessages.Prose(180)), Frames.Brotli);
        Assert.Equal((byte)FrameFlags.Brotli, compressed[6]);
        var outcomes = new Outcomes();

        for (int i = 0; i < Iterations; i++)
        {
            byte[] bytes = (byte[])(random.Next(2) == 0 ? plain : compressed).Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            }

            Drain(Segment(bytes, random), outcomes);
        }

        Assert.True(outcomes.Frames > 1000, $"only {outcomes.Frames} frames");
        Assert.True(outcomes.PayloadErrors > 100, $"only {outcomes.PayloadErrors} payload errors");
    }

    /// <summary>Parses until the buffer is exhausted or broken, decoding each frame's payload.</summary>
    private static void Drain(ReadOnlySequence<byte> buffer, Outcomes outcomes)
    {
        long length = buffer.Length;
        // Every frame consumes at least a header, so this bound is generous; exceeding it means the parser looped.
        for (long guard = 0; guard <= length / FrameHeader.Size; guard++)
        {
            long before = buffer.Length;
            bool parsed;
            Frame frame;
            try
            {
                parsed = FrameParser.TryParse(ref buffer, SmallMax, out frame);
            }
            catch (FrameProtocolException ex)
            {
                Assert.True(ErrorCodes.IsFatal(ex.Code), $"protocol error {ex.Code} is not fatal");
                outcomes.ProtocolErrors++;
                return;
            }

            if (!parsed)
            {
                Assert.Equal(before, buffer.Length);
                outcomes.NeedMore++;
                return;
            }

            Assert.Equal(before - FrameHeader.Size - frame.Header.PayloadLength, buffer.Length);
            Assert.InRange(frame.Header.PayloadLength, 0, SmallMax);
            outcomes.Frames++;
            DecodePayload(frame, outcomes);
        }

        Assert.Fail("the parser kept returning frames without consuming the buffer");
    }

    private static void DecodePayload(Frame frame, Outcomes outcomes)
    {
        try
        {
            SendRequest message = FramePayload.Parse(frame, SendRequest.Parser, SmallMax);
            Assert.NotNull(message);
            outcomes.Messages++;
        }
        catch (FerryException ex)
        {
            Assert.True(ex.Code is ErrorCode.BadRequest or ErrorCode.FrameTooLarge or ErrorCode.DecompressionFailed, $"unexpected {ex.Code}");
            outcomes.PayloadErrors++;
        }
    }

    private static void MakePlausible(byte[] bytes, Random random)
    {
        int payload = random.Next(0, Math.Min(bytes.Length - FrameHeader.Size, SmallMax) + 8);
        new FrameHeader(payload, FrameType.SendRequest, (FrameFlags)random.Next(2), (uint)random.Next()).Write(bytes);
        if (bytes[6] == (byte)FrameFlags.Brotli && bytes.Length >= FrameHeader.Size + 4)
        {
            // A small declared inflated length, so the decoder runs rather than being refused up front.
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(FrameHeader.Size), (uint)random.Next(0, SmallMax + 8));
        }
    }

    private static ReadOnlySequence<byte> Segment(byte[] bytes, Random random) => random.Next(3) switch
    {
        0 => new ReadOnlySequence<byte>(bytes),
        1 => Segments.OneBytePerSegment(bytes),
        _ => Segments.Chunked(bytes, random.Next(1, 20)),
    };

    private sealed class Outcomes
    {
        public int Frames { get; set; }

        public int NeedMore { get; set; }

        public int ProtocolErrors { get; set; }

        public int PayloadErrors { get; set; }

        public int Messages { get; set; }
    }
}
