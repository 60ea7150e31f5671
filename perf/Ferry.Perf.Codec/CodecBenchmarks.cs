using Ferry.Testing;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;
using Google.Protobuf;

namespace Ferry.Perf.Codec;

/// <summary>
/// Writing and parsing one frame. The goal: the codec allocates nothing of its own, so a parse costs
/// exactly what protobuf's message objects cost (compare each Parse row with its <c>Protobuf_only</c> row).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory)]
// Public and unsealed: BenchmarkDotNet generates a subclass.
public class CodecBenchmarks
{
    private const int Max = ProtocolDefaults.MaxPayload;

    private readonly ArrayBufferWriter<byte> output = new(64 * 1024);
    private readonly FrameEncoding plain = FrameEncoding.Plain(Max);
    private readonly FrameEncoding brotli = new(Max, Brotli: true, FrameCompression.DefaultThreshold);

    private SendRequest send = null!;
    private ChangeNotice notice = null!;
    private SendRequest longSend = null!;
    private ReadOnlySequence<byte> sendFrame;
    private ReadOnlySequence<byte> sendFrameSegmented;
    private ReadOnlySequence<byte> noticeFrame;
    private ReadOnlySequence<byte> noticeFrameSegmented;
    private ReadOnlySequence<byte> longCompressedFrame;
    private ReadOnlySequence<byte> sendPayload;
    private ReadOnlySequence<byte> noticePayload;
    private byte[] prose = [];
    private byte[] compressed = [];

    [GlobalSetup]
    public void Setup()
    {
        send = SampleMessages.TextSend(SampleMessages.ShortText);
        notice = SampleMessages.NoticeWithMessage();
        longSend = SampleMessages.TextSend(SampleMessages.Prose(4096));

        byte[] sendBytes = Encode(FrameType.SendRequest, 17, send, plain);
        byte[] noticeBytes = Encode(FrameType.ChangeNotice, 0, notice, plain);
        sendFrame = new ReadOnlySequence<byte>(sendBytes);
        sendFrameSegmented = Segments.Chain(sendBytes.AsMemory(0, 5), sendBytes.AsMemory(5, (sendBytes.Length / 2) - 5), sendBytes.AsMemory(sendBytes.Length / 2));
        noticeFrame = new ReadOnlySequence<byte>(noticeBytes);
        noticeFrameSegmented = Segments.Chain(noticeBytes.AsMemory(0, 5), noticeBytes.AsMemory(5, (noticeBytes.Length / 2) - 5), noticeBytes.AsMemory(noticeBytes.Length / 2));
        longCompressedFrame = new ReadOnlySequence<byte>(Encode(FrameType.SendRequest, 18, longSend, brotli));
        sendPayload = sendFrame.Slice(FrameHeader.Size);
        noticePayload = noticeFrame.Slice(FrameHeader.Size);

        prose = System.Text.Encoding.UTF8.GetBytes(SampleMessages.Prose(4096));
        compressed = new byte[prose.Length];
    }

    [Benchmark, BenchmarkCategory("Write")]
    public int Write_SendRequest()
    {
        output.ResetWrittenCount();
        FrameWriter.Write(output, FrameType.SendRequest, 17, send, plain);
        return output.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Write")]
    public int Write_ChangeNotice()
    {
        output.ResetWrittenCount();
        FrameWriter.Write(output, FrameType.ChangeNotice, 0, notice, plain);
        return output.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Write")]
    public int Write_SendRequest_4KiB_Brotli()
    {
        output.ResetWrittenCount();
        FrameWriter.Write(output, FrameType.SendRequest, 18, longSend, brotli);
        return output.WrittenCount;
    }

    [Benchmark, BenchmarkCategory("Header")]
    public int TryParse_SendRequest() => ParseHeader(sendFrame);

    [Benchmark, BenchmarkCategory("Header")]
    public int TryParse_SendRequest_Segmented() => ParseHeader(sendFrameSegmented);

    [Benchmark, BenchmarkCategory("Parse SendRequest")]
    public SendRequest Protobuf_only_SendRequest() => SendRequest.Parser.ParseFrom(sendPayload);

    [Benchmark, BenchmarkCategory("Parse SendRequest")]
    public SendRequest Parse_SendRequest() => Parse(sendFrame, SendRequest.Parser);

    [Benchmark, BenchmarkCategory("Parse SendRequest")]
    public SendRequest Parse_SendRequest_Segmented() => Parse(sendFrameSegmented, SendRequest.Parser);

    [Benchmark, BenchmarkCategory("Parse ChangeNotice")]
    public ChangeNotice Protobuf_only_ChangeNotice() => ChangeNotice.Parser.ParseFrom(noticePayload);

    [Benchmark, BenchmarkCategory("Parse ChangeNotice")]
    public ChangeNotice Parse_ChangeNotice() => Parse(noticeFrame, ChangeNotice.Parser);

    [Benchmark, BenchmarkCategory("Parse ChangeNotice")]
    public ChangeNotice Parse_ChangeNotice_Segmented() => Parse(noticeFrameSegmented, ChangeNotice.Parser);

    [Benchmark, BenchmarkCategory("Brotli")]
    public int Compress_4KiB_text() => FrameCompression.TryCompress(prose, compressed, out int written) ? written : -1;

    [Benchmark, BenchmarkCategory("Brotli")]
    public SendRequest Parse_SendRequest_4KiB_Brotli() => Parse(longCompressedFrame, SendRequest.Parser);

    private static int ParseHeader(ReadOnlySequence<byte> buffer) =>
        FrameParser.TryParse(ref buffer, Max, out Frame frame) ? frame.Header.PayloadLength : -1;

    private static T Parse<T>(ReadOnlySequence<byte> buffer, MessageParser<T> parser)
        where T : IMessage<T>
    {
        if (!FrameParser.TryParse(ref buffer, Max, out Frame frame))
        {
            throw new InvalidOperationException("benchmark frame is incomplete");
        }

        return FramePayload.Parse(frame, parser, Max);
    }

    private static byte[] Encode(FrameType type, uint requestId, IMessage message, FrameEncoding encoding)
    {
        var writer = new ArrayBufferWriter<byte>();
        FrameWriter.Write(writer, type, requestId, message, encoding);
        return writer.WrittenSpan.ToArray();
    }
}
