using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Google.Protobuf;

namespace Ferry.LoadGen;

/// <summary>
/// A minimal framed-protocol client for load: a socket, TLS, and nothing else per connection.
/// Set-up (Hello, login/resume) is strictly request-then-answer on the caller's task, so no background loop,
/// channel or pending-request table exists until a scenario asks for one (<see cref="RunReaderAsync"/>), and an idle
/// connection parks on a zero-byte read (<see cref="IdleAsync"/>) that holds no buffer.
/// </summary>
internal sealed class LightConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SslStream _tls;
    private byte[] _readBuffer = [];
    private int _readStart;
    private int _readEnd;
    private uint _nextRequestId;

    private LightConnection(Socket socket, SslStream tls)
    {
        _socket = socket;
        _tls = tls;
    }

    public SslStream Stream => _tls;

    public static async Task<LightConnection> ConnectAsync(IPEndPoint server, IPAddress localAddress, string fingerprint, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // An explicit source address per connection: each 127.x.y.z has its own ~28k ephemeral ports.
            socket.Bind(new IPEndPoint(localAddress, 0));
            await socket.ConnectAsync(server, cancellationToken);
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false, (_, certificate, _, _) =>
                certificate is not null && Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData())) == fingerprint);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "ferry-loadgen" }, cancellationToken);
            return new LightConnection(socket, tls);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Hello, then a password login (token null) or a resume; returns the session.</summary>
    public async Task<LoginResponse> HandshakeAsync(string account, string? password, string deviceId, string? token, CancellationToken cancellationToken)
    {
        await RequestAsync(FrameType.Hello, new Hello { ProtocolVersion = ProtocolDefaults.Version, ClientName = "ferry-loadgen" }, HelloAck.Parser, cancellationToken);
        return token is null
            ? await RequestAsync(FrameType.LoginRequest, new LoginRequest { Account = account, Password = password, DeviceId = deviceId, DeviceType = DeviceType.DevicePc }, LoginResponse.Parser, cancellationToken)
            : await RequestAsync(FrameType.ResumeRequest, new ResumeRequest { SessionToken = token, DeviceId = deviceId }, LoginResponse.Parser, cancellationToken);
    }

    /// <summary>One request and its answer, with nothing else in flight (set-up only).</summary>
    public async Task<T> RequestAsync<T>(FrameType type, IMessage request, MessageParser<T> parser, CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        uint id = ++_nextRequestId;
        var buffer = new ArrayBufferWriter<byte>(256);
        FrameWriter.Write(buffer, type, id, request, FrameEncoding.Plain(int.MaxValue));
        await _tls.WriteAsync(buffer.WrittenMemory, cancellationToken);
        while (true)
        {
            (FrameHeader header, byte[] payload) = await ReadFrameAsync(cancellationToken);
            if (header.RequestId != id)
            {
                continue; // a push before our answer: not interesting during set-up
            }

            if (header.Type == FrameType.Error)
            {
                Error error = Error.Parser.ParseFrom(payload);
                throw new FerryException((ErrorCode)error.Code, error.Message);
            }

            T answer = parser.ParseFrom(payload);
            if (_readStart == _readEnd)
            {
                _readBuffer = []; // an idle connection keeps no read buffer
                _readStart = _readEnd = 0;
            }

            return answer;
        }
    }

    /// <summary>Parks until the server sends something or closes; then drains and parks again. Ends when closed.</summary>
    public async Task IdleAsync(CancellationToken cancellationToken)
    {
        byte[] scratch = [];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // Zero-byte read: SslStream passes it down to the socket and keeps no buffer while waiting.
                _ = await _tls.ReadAsync(Memory<byte>.Empty, cancellationToken);
                if (scratch.Length == 0)
                {
                    scratch = new byte[1024];
                }

                if (await _tls.ReadAsync(scratch, cancellationToken) == 0)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by either side.
        }
    }

    /// <summary>The scenario's read loop: every frame goes to <paramref name="onFrame"/> (payload valid only during the call).</summary>
    public async Task RunReaderAsync(Action<FrameHeader, ReadOnlySequence<byte>> onFrame, CancellationToken cancellationToken)
    {
        var reader = System.IO.Pipelines.PipeReader.Create(_tls, new System.IO.Pipelines.StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        try
        {
            while (true)
            {
                System.IO.Pipelines.ReadResult result = await reader.ReadAsync(cancellationToken);
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (FrameParser.TryParse(ref buffer, int.MaxValue, out Frame frame))
                {
                    onFrame(frame.Header, frame.Payload);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed by either side, or the scenario ended.
        }
    }

    public uint NextRequestId() => ++_nextRequestId;

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already gone.
        }

        await _tls.DisposeAsync();
    }

    private async Task<(FrameHeader Header, byte[] Payload)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int available = _readEnd - _readStart;
            if (available >= FrameHeader.Size)
            {
                FrameHeader header = FrameHeader.Read(_readBuffer.AsSpan(_readStart), int.MaxValue);
                if (available >= FrameHeader.Size + header.PayloadLength)
                {
                    byte[] payload = _readBuffer.AsSpan(_readStart + FrameHeader.Size, header.PayloadLength).ToArray();
                    _readStart += FrameHeader.Size + header.PayloadLength;
                    return (header, payload);
                }

                Reserve(FrameHeader.Size + header.PayloadLength);
            }
            else
            {
                Reserve(4096);
            }

            int read = await _tls.ReadAsync(_readBuffer.AsMemory(_readEnd), cancellationToken);
            if (read == 0)
            {
                throw new IOException("connection closed by the server during set-up");
            }

            _readEnd += read;
        }
    }

    private void Reserve(int needed)
    {
        int available = _readEnd - _readStart;
        if (_readBuffer.Length - _readStart >= needed && _readBuffer.Length - _readEnd > 0)
        {
            return;
        }

        byte[] next = new byte[Math.Max(needed, 4096)];
        _readBuffer.AsSpan(_readStart, available).CopyTo(next);
        _readBuffer = next;
        _readStart = 0;
        _readEnd = available;
    }
}
