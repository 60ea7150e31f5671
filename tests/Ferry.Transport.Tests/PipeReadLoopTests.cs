using Ferry.Testing;
using System.IO.Pipelines;

namespace Ferry.Transport.Tests;

/// <summary>The canonical read loop over a real Pipe, fed in random-sized chunks by a concurrent writer.</summary>
public sealed class PipeReadLoopTests
{
    private const int FrameCount = 2000;

    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 4096)]
    [InlineData(3, 512)]
    public async Task Frames_written_in_random_chunks_come_out_intact_and_in_order(int seed, int segmentSize)
    {
        var random = new Random(seed);
        List<SendRequest> sent = [.. Enumerable.Range(0, FrameCount).Select(i => SampleMessages.TextSend(Text(random, i)))];
        byte[] stream = Encode(sent);
        // Small segments and a low pause threshold make frames span segments and the writer wait on the reader.
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: segmentSize, pauseWriterThreshold: 8192, resumeWriterThreshold: 4096, useSynchronizationContext: false));

        Task writing = Task.Run(() => WriteInChunksAsync(pipe.Writer, stream, new Random(seed * 31)));
        Task<List<(uint RequestId, SendRequest Message)>> reading = Task.Run(() => ReadAllAsync(pipe.Reader));
        await Task.WhenAll(writing, reading).WaitAsync(TimeSpan.FromSeconds(60));

        List<(uint RequestId, SendRequest Message)> received = await reading;
        Assert.Equal(FrameCount, received.Count);
        for (int i = 0; i < FrameCount; i++)
        {
            Assert.Equal((uint)i + 1, received[i].RequestId);
            Assert.Equal(sent[i], received[i].Message);
        }
    }

    [Fact]
    public async Task Stream_ending_inside_a_frame_leaves_the_partial_frame_unconsumed()
    {
        byte[] whole = Frames.Write(FrameType.SendRequest, 1, SampleMessages.TextSend());
        byte[] partial = Frames.Write(FrameType.SendRequest, 2, SampleMessages.TextSend());
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(whole.Concat(partial.Take(partial.Length - 3)).ToArray());
        await pipe.Writer.CompleteAsync();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(pipe.Reader));

        Assert.Contains($"{partial.Length - 3} bytes", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Encode(List<SendRequest> messages)
    {
        var output = new ArrayBufferWriter<byte>();
        for (int i = 0; i < messages.Count; i++)
        {
            // Every fifth frame goes compressed, so flagged and plain payloads interleave.
            FrameWriter.Write(output, FrameType.SendRequest, (uint)i + 1, messages[i], i % 5 == 0 ? Frames.Brotli : Frames.Plain);
        }

        return output.WrittenSpan.ToArray();
    }

    private static string Text(Random random, int i) => random.Next(10) switch
    {
        0 => SampleMessages.Prose(random.Next(1000, 6000)),
        _ => $"message {i}: " + new string((char)('a' + random.Next(26)), random.Next(0, 200)),
    };

    private static async Task WriteInChunksAsync(PipeWriter writer, byte[] stream, Random random)
    {
        for (int offset = 0; offset < stream.Length;)
        {
            int chunk = Math.Min(random.Next(1, 300), stream.Length - offset);
            FlushResult flushed = await writer.WriteAsync(stream.AsMemory(offset, chunk));
            Assert.False(flushed.IsCanceled);
            offset += chunk;
        }

        await writer.CompleteAsync();
    }

    /// <summary>ReadAsync → while TryParse → AdvanceTo(consumed, examined), as a connection does it.</summary>
    private static async Task<List<(uint RequestId, SendRequest Message)>> ReadAllAsync(PipeReader reader)
    {
        var received = new List<(uint, SendRequest)>();
        try
        {
            while (true)
            {
                ReadResult result = await reader.ReadAsync();
                ReadOnlySequence<byte> buffer = result.Buffer;
                try
                {
                    while (FrameParser.TryParse(ref buffer, Frames.Max, out Frame frame))
                    {
                        // The payload is a view of the pipe's memory: decode it before advancing.
                        received.Add((frame.RequestId, FramePayload.Parse(frame, SendRequest.Parser, Frames.Max)));
                    }

                    if (result.IsCompleted)
                    {
                        if (!buffer.IsEmpty)
                        {
                            throw new InvalidDataException($"stream ended inside a frame: {buffer.Length} bytes left");
                        }

                        return received;
                    }
                }
                finally
                {
                    // Consumed up to the last whole frame; examined everything, so the next read waits for new bytes.
                    reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }
}
