using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading.Channels;
using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Google.Protobuf;

namespace Ferry.Testing;

/// <summary>A received frame, its payload copied out of the read buffer.</summary>
public sealed record ReceivedFrame(FrameType Type, uint RequestId, FrameFlags Flags, byte[] Payload)
{
    public T As<T>(MessageParser<T> parser)
        where T : IMessage<T> => FramePayload.Parse(new Frame(new FrameHeader(Payload.Length, Type, Flags, RequestId), new ReadOnlySequence<byte>(Payload)), parser, int.MaxValue);
}

/// <summary>
/// A bare framed-protocol client with no SDK logic: for protocol tests (including malformed input) and load generation.
/// One background loop reads frames; answers go to their waiting request, pushes to <see cref="Pushes"/>, except the
/// directory-wide change broadcasts (<c>DirectoryNotice.directory_version</c>), which go to <see cref="DirectoryBroadcasts"/>:
/// they arrive whenever the directory moved (up to a second later), and would otherwise interleave with the pushes
/// a test waits for.
/// </summary>
public sealed class RawFramedClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly SslStream _tls;
    private readonly PipeReader _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<uint, TaskCompletionSource<ReceivedFrame>> _pending = [];
    private readonly Channel<ReceivedFrame> _pushes = Channel.CreateUnbounded<ReceivedFrame>();
    private readonly Channel<DirectoryNotice> _broadcasts = Channel.CreateUnbounded<DirectoryNotice>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private uint _nextRequestId;
    private Task? _readLoop;

    private RawFramedClient(TcpClient tcp, SslStream tls)
    {
        _tcp = tcp;
        _tls = tls;
        _input = PipeReader.Create(tls);
    }

    public ChannelReader<ReceivedFrame> Pushes => _pushes.Reader;

    /// <summary>The <c>DirectoryNotice</c> broadcasts (request id 0, <c>directory_version</c> set) received, in order.</summary>
    public ChannelReader<DirectoryNotice> DirectoryBroadcasts => _broadcasts.Reader;

    /// <summary>Completes when the server closes the connection.</summary>
    public Task Closed => _closed.Task;

    public int MaxPayload { get; private set; } = ProtocolDefaults.HandshakeMaxPayload;

    /// <summary>Opens TCP+TLS, verifying the certificate by its pinned SHA-256 fingerprint.</summary>
    public static async Task<RawFramedClient> ConnectAsync(string host, int port, string fingerprint, System.Net.IPAddress? localAddress = null, CancellationToken cancellationToken = default)
    {
        var tcp = localAddress is null ? new TcpClient() : new TcpClient(new System.Net.IPEndPoint(localAddress, 0));
        tcp.NoDelay = true;
        await tcp.ConnectAsync(host, port, cancellationToken);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
            certificate is not null && Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData())) == fingerprint.ToLowerInvariant());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken);
        var client = new RawFramedClient(tcp, tls);
        client._readLoop = client.ReadLoopAsync();
        return client;
    }

    /// <summary>Connects, says Hello and logs in (or resumes when a token is given).</summary>
    public static async Task<(RawFramedClient Client, LoginResponse Session)> ConnectAndLoginAsync(
        string host, int port, string fingerprint, string account, string password, string deviceId, string? token = null, System.Net.IPAddress? localAddress = null, CancellationToken cancellationToken = default)
    {
        RawFramedClient client = await ConnectAsync(host, port, fingerprint, localAddress, cancellationToken);
        await client.HelloAsync(cancellationToken);
        LoginResponse session = token is null
            ? await client.RequestAsync(FrameType.LoginRequest, new LoginRequest { Account = account, Password = password, DeviceId = deviceId, DeviceType = DeviceType.DevicePc }, LoginResponse.Parser, cancellationToken)
            : await client.RequestAsync(FrameType.ResumeRequest, new ResumeRequest { SessionToken = token, DeviceId = deviceId }, LoginResponse.Parser, cancellationToken);
        return (client, session);
    }

    public async Task<HelloAck> HelloAsync(CancellationToken cancellationToken = default)
    {
        HelloAck ack = await RequestAsync(FrameType.Hello, new Hello { ProtocolVersion = ProtocolDefaults.Version, ClientName = "ferry-raw-test" }, HelloAck.Parser, cancellationToken);
        MaxPayload = (int)ack.MaxFrameSize;
        return ack;
    }

    /// <summary>Sends a request and waits for its answer; an Error answer throws <see cref="FerryException"/>.</summary>
    public async Task<T> RequestAsync<T>(FrameType type, IMessage request, MessageParser<T> parser, CancellationToken cancellationToken = default)
        where T : IMessage<T>
    {
        ReceivedFrame answer = await SendRequestAsync(type, request, cancellationToken);
        if (answer.Type == FrameType.Error)
        {
            Error error = answer.As(Error.Parser);
            throw new FerryException((ErrorCode)error.Code, error.Message);
        }

        return answer.As(parser);
    }

    /// <summary>Sends a request and returns whatever frame answers it.</summary>
    public async Task<ReceivedFrame> SendRequestAsync(FrameType type, IMessage? request, CancellationToken cancellationToken = default)
    {
        var answer = new TaskCompletionSource<ReceivedFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        uint id;
        lock (_pending)
        {
            id = ++_nextRequestId;
            _pending[id] = answer;
        }

        await WriteFrameAsync(type, id, request, cancellationToken);
        return await answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes one well-formed frame without waiting for anything.</summary>
    public async Task WriteFrameAsync(FrameType type, uint requestId, IMessage? payload, CancellationToken cancellationToken = default)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.Write(buffer, type, requestId, payload, FrameEncoding.Plain(int.MaxValue));
        await WriteRawAsync(buffer.WrittenMemory, cancellationToken);
    }

    /// <summary>Writes arbitrary bytes: for malformed-input tests.</summary>
    public async Task WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _tls.WriteAsync(bytes, cancellationToken);
            await _tls.FlushAsync(cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        if (_readLoop is not null)
        {
            await _readLoop;
        }

        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync();
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (FrameParser.TryParse(ref buffer, int.MaxValue, out Frame frame))
                {
                    Deliver(new ReceivedFrame(frame.Type, frame.RequestId, frame.Header.Flags, frame.Payload.ToArray()));
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or FrameProtocolException)
        {
            // Closed by either side.
        }
        finally
        {
            _pushes.Writer.TryComplete();
            _broadcasts.Writer.TryComplete();
            lock (_pending)
            {
                foreach (TaskCompletionSource<ReceivedFrame> waiting in _pending.Values)
                {
                    waiting.TrySetException(new IOException("connection closed"));
                }

                _pending.Clear();
            }

            _closed.TrySetResult();
        }
    }

    private void Deliver(ReceivedFrame frame)
    {
        TaskCompletionSource<ReceivedFrame>? waiting = null;
        if (frame.RequestId != 0)
        {
            lock (_pending)
            {
                _pending.Remove(frame.RequestId, out waiting);
            }
        }

        if (waiting is not null)
        {
            waiting.TrySetResult(frame);
        }
        else if (frame.Type == FrameType.DirectoryNotice && frame.RequestId == 0 && frame.As(DirectoryNotice.Parser) is { DirectoryVersion: > 0 } broadcast)
        {
            _broadcasts.Writer.TryWrite(broadcast);
        }
        else
        {
            _pushes.Writer.TryWrite(frame);
        }
    }
}
