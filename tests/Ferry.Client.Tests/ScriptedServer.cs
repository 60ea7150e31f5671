using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Ferry.Transport.Framing;
using Google.Protobuf;

namespace Ferry.Client.Tests;

/// <summary>
/// A fake server on a loopback socket that a test drives frame by frame (no TLS: the connection class takes any
/// stream), so misbehaviour such as out-of-order answers or a sudden close can be scripted exactly.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private Socket? _socket;
    private PipeReader? _reader;
    private PipeWriter? _writer;

    public ScriptedServer()
    {
        _listener.Start();
    }

    /// <summary>Connects a client socket and accepts it; returns the client's stream.</summary>
    public async Task<Stream> ConnectClientAsync()
    {
        var client = new TcpClient();
        Task<Socket> accept = _listener.AcceptSocketAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);
        _socket = await accept;
        var stream = new NetworkStream(_socket, ownsSocket: true);
        _reader = PipeReader.Create(stream);
        _writer = PipeWriter.Create(stream);
        return client.GetStream();
    }

    public async Task<(FrameHeader Header, T Payload)> ReadAsync<T>(MessageParser<T> parser)
        where T : IMessage<T>
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            ReadResult result = await _reader!.ReadAsync(timeout.Token);
            ReadOnlySequence<byte> buffer = result.Buffer;
            if (FrameParser.TryParse(ref buffer, 1 << 20, out Frame frame))
            {
                var parsed = (frame.Header, FramePayload.Parse(frame, parser, 1 << 20));
                _reader.AdvanceTo(buffer.Start);
                return parsed;
            }

            Assert.False(result.IsCompleted, "the client closed the connection");
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public async Task WriteAsync(FrameType type, uint requestId, IMessage? payload)
    {
        FrameWriter.Write(_writer!, type, requestId, payload, FrameEncoding.Plain(1 << 20));
        await _writer!.FlushAsync();
    }

    /// <summary>Ends the connection as a crashing server would.</summary>
    public void Drop() => _socket?.Close();

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.CompleteAsync();
        }

        if (_writer is not null)
        {
            await _writer.CompleteAsync();
        }

        _socket?.Dispose();
        _listener.Stop();
        _listener.Dispose();
    }
}
