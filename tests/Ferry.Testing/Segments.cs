using System.Buffers;

namespace Ferry.Testing;

/// <summary>Builds multi-segment sequences, the shape a PipeReader hands out when a frame spans its buffers.</summary>
public static class Segments
{
    /// <summary>Chains the given chunks, in order, into one sequence (empty chunks are kept as empty segments).</summary>
    public static ReadOnlySequence<byte> Chain(params ReadOnlyMemory<byte>[] chunks)
    {
        if (chunks.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(chunks[0], 0);
        Segment last = first;
        for (int i = 1; i < chunks.Length; i++)
        {
            last = last.Append(chunks[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>Every byte in its own segment: the worst case for a parser that peeks at FirstSpan.</summary>
    public static ReadOnlySequence<byte> OneBytePerSegment(ReadOnlySpan<byte> bytes) => Chunked(bytes, 1);

    public static ReadOnlySequence<byte> Chunked(ReadOnlySpan<byte> bytes, int chunkSize)
    {
        var chunks = new List<ReadOnlyMemory<byte>>();
        for (int i = 0; i < bytes.Length; i += chunkSize)
        {
            chunks.Add(bytes.Slice(i, Math.Min(chunkSize, bytes.Length - i)).ToArray());
        }

        return Chain([.. chunks]);
    }

    /// <summary>Two segments, cut at <paramref name="offset"/>.</summary>
    public static ReadOnlySequence<byte> SplitAt(byte[] bytes, int offset) =>
        Chain(bytes.AsMemory(0, offset), bytes.AsMemory(offset));

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
