using Ferry.Testing;
using System.Text;
using Google.Protobuf;

namespace Ferry.Transport.Tests;

/// <summary>The compressed-payload rules: declared length first, then a Brotli stream of exactly that length.</summary>
public sealed class CompressionTests
{
    private static readonly byte[] Plain = SampleMessages.TextSend(SampleMessages.Prose(3000)).ToByteArray();

    [Fact]
    public void Declared_uncompressed_length_over_the_maximum_is_frame_too_large()
    {
        const int Max = 2048;
        byte[] payload = Frames.BrotliPayload((uint)Plain.Length, Frames.BrotliStream(Plain));
        Frame frame = Frames.ParseSingle(Frames.Raw(FrameType.SendRequest, FrameFlags.Brotli, 1, payload), Max);

        Parse.PayloadFails(ErrorCode.FrameTooLarge, frame, SendRequest.Parser, Max);
    }

    [Theory]
    [InlineData((uint)ProtocolDefaults.MaxPayload + 1)]
    [InlineData(0x8000_0000u)]
    [InlineData(uint.MaxValue)]
    public void Huge_declared_length_is_refused_before_inflating_anything(uint declared)
    {
        // The stream is garbage: had the decoder run first, this would be decompression_failed.
        byte[] payload = Frames.BrotliPayload(declared, [0xDE, 0xAD, 0xBE, 0xEF]);
        Frame frame = Frames.ParseSingle(Frames.Raw(FrameType.SendRequest, FrameFlags.Brotli, 1, payload));

        Parse.PayloadFails(ErrorCode.FrameTooLarge, frame, SendRequest.Parser);
    }

    [Fact]
    public void Corrupted_brotli_stream_is_decompression_failed()
    {
        byte[] stream = Frames.BrotliStream(Plain);
        byte[] overwritten = (byte[])stream.Clone();
        overwritten.AsSpan(overwritten.Length / 2, 16).Fill(0xFF);
        byte[] largeWindow = (byte[])stream.Clone();
        largeWindow[0] = 0x11; // the large-window WBITS code, which standard Brotli rejects

        AssertDecompressionFails((uint)Plain.Length, overwritten);
        AssertDecompressionFails((uint)Plain.Length, largeWindow);
        AssertDecompressionFails((uint)Plain.Length, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
    }

    [Fact]
    public void Single_byte_corruption_is_caught_unless_it_still_inflates_to_the_declared_length()
    {
        // Brotli carries no checksum: a flipped literal can inflate to other bytes of the same length.
        // Those must reach protobuf (a different message or bad_request); every other flip is decompression_failed.
        byte[] stream = Frames.BrotliStream(Plain);
        var random = new Random(1234);
        int caught = 0;

        for (int i = 0; i < 300; i++)
        {
            byte[] corrupted = (byte[])stream.Clone();
            corrupted[random.Next(corrupted.Length)] ^= (byte)random.Next(1, 256);
            Frame frame = Frames.ParseSingle(Frames.Raw(FrameType.SendRequest, FrameFlags.Brotli, 1, Frames.BrotliPayload((uint)Plain.Length, corrupted)));

            try
            {
                Assert.NotEqual(SendRequest.Parser.ParseFrom(Plain), FramePayload.Parse(frame, SendRequest.Parser, Frames.Max));
            }
            catch (FerryException ex) when (ex.Code is ErrorCode.DecompressionFailed or ErrorCode.BadRequest)
            {
                caught++;
            }
        }

        Assert.True(caught > 150, $"only {caught} of 300 corruptions were detected");
    }

    [Fact]
    public void Random_bytes_instead_of_a_brotli_stream_are_decompression_failed()
    {
        var random = new Random(99);
        for (int i = 0; i < 200; i++)
        {
            byte[] noise = new byte[random.Next(0, 300)];
            random.NextBytes(noise);

            AssertDecompressionFails((uint)random.Next(0, 5000), noise);
        }
    }

    [Fact]
    public void Truncated_brotli_stream_is_decompression_failed()
    {
        byte[] stream = Frames.BrotliStream(Plain);

        for (int length = 0; length < stream.Length; length++)
        {
            AssertDecompressionFails((uint)Plain.Length, stream[..length]);
        }
    }

    [Fact]
    public void Payload_shorter_than_the_length_prefix_is_decompression_failed()
    {
        for (int length = 0; length < 4; length++)
        {
            Frame frame = Frames.ParseSingle(Frames.Raw(FrameType.SendRequest, FrameFlags.Brotli, 1, new byte[length]));

            Parse.PayloadFails(ErrorCode.DecompressionFailed, frame, SendRequest.Parser);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(2999)]
    public void Stream_that_inflates_past_its_declared_length_is_decompression_failed(int shortBy)
    {
        AssertDecompressionFails((uint)(Plain.Length - shortBy), Frames.BrotliStream(Plain));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Stream_that_inflates_short_of_its_declared_length_is_decompression_failed(int longBy)
    {
        AssertDecompressionFails((uint)(Plain.Length + longBy), Frames.BrotliStream(Plain));
    }

    [Fact]
    public void Small_bomb_is_stopped_at_the_declared_length()
    {
        // 1 MiB of zeros compresses to a few dozen bytes; a sender declaring 4 KiB must not get it inflated.
        byte[] bomb = Frames.BrotliStream(new byte[ProtocolDefaults.MaxPayload]);
        Assert.True(bomb.Length < 100);

        AssertDecompressionFails(4096, bomb);
    }

    [Fact]
    public void Valid_stream_of_exactly_the_declared_length_inflates_in_any_segmentation()
    {
        byte[] stream = Frames.BrotliStream(Plain);
        byte[] frame = Frames.Raw(FrameType.SendRequest, FrameFlags.Brotli, 1, Frames.BrotliPayload((uint)Plain.Length, stream));
        var expected = SendRequest.Parser.ParseFrom(Plain);

        foreach (ReadOnlySequence<byte> input in Inputs(frame))
        {
            Assert.Equal(expected, FramePayload.Parse(Frames.ParseSingle(input), SendRequest.Parser, Frames.Max));
        }
    }

    [Theory]
    [InlineData("prose")]
    [InlineData("noise")]
    [InlineData("zeros")]
    [InlineData("one-byte")]
    public void Stream_split_at_every_offset_inflates(string kind)
    {
        // Regression: with output space for exactly the declared length, a stream whose end marker sat in a
        // later segment than the last output byte was refused as "inflates past its declared length".
        byte[] plain = kind switch
        {
            "prose" => Plain,
            "noise" => Frames.Noise(3000, seed: 5),
            "zeros" => new byte[70_000],
            _ => [42],
        };
        byte[] payload = Frames.BrotliPayload((uint)plain.Length, Frames.BrotliStream(plain));

        for (int offset = 0; offset <= payload.Length; offset++)
        {
            byte[] rented = FrameCompression.Decompress(Segments.SplitAt(payload, offset), Frames.Max, out int length);
            try
            {
                Assert.True(plain.AsSpan().SequenceEqual(rented.AsSpan(0, length)), $"wrong bytes when split at {offset}");
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [Fact]
    public void Empty_brotli_stream_declared_empty_parses_as_the_empty_message()
    {
        byte[] frame = Frames.Raw(FrameType.Ok, FrameFlags.Brotli, 1, Frames.BrotliPayload(0, Frames.BrotliStream([])));

        foreach (ReadOnlySequence<byte> input in Inputs(frame))
        {
            Assert.Equal(new Ok(), FramePayload.Parse(Frames.ParseSingle(input), Ok.Parser, Frames.Max));
        }
    }

    [Fact]
    public void Compression_of_prose_round_trips_through_the_codec_helpers()
    {
        byte[] text = Encoding.UTF8.GetBytes(SampleMessages.Prose(4096));
        byte[] packed = new byte[text.Length];

        Assert.True(FrameCompression.TryCompress(text, packed, out int written));
        Assert.InRange(written, 5, text.Length - 1);

        byte[] rented = FrameCompression.Decompress(new ReadOnlySequence<byte>(packed, 0, written), Frames.Max, out int length);
        try
        {
            Assert.Equal(text, rented.AsSpan(0, length).ToArray());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    [Fact]
    public void TryCompress_declines_a_destination_too_small_to_save_space()
    {
        byte[] text = Encoding.UTF8.GetBytes(SampleMessages.Prose(4096));

        Assert.False(FrameCompression.TryCompress(text, new byte[4], out int none));
        Assert.Equal(0, none);
        Assert.False(FrameCompression.TryCompress(text, new byte[12], out _));
    }

    private static IEnumerable<ReadOnlySequence<byte>> Inputs(byte[] frame) =>
    [
        new ReadOnlySequence<byte>(frame),
        Segments.OneBytePerSegment(frame),
        Segments.Chunked(frame, 5),
        Segments.SplitAt(frame, frame.Length - 1),
    ];

    private static void AssertDecompressionFails(uint declared, byte[] stream)
    {
        byte[] frame = Frames.Raw(FrameType.SendRequest, FrameFlags.Brotli, 1, Frames.BrotliPayload(declared, stream));

        foreach (ReadOnlySequence<byte> input in Inputs(frame))
        {
            Parse.PayloadFails(ErrorCode.DecompressionFailed, Frames.ParseSingle(input), SendRequest.Parser);
        }
    }
}
