using System.Buffers;
using System.IO.Pipelines;
using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;

namespace Ferry.Client.Connection;

internal sealed partial class FramedConnection
{
    /// <summary>The server allows 10 seconds for the handshake; so do we.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private async Task HandshakeAsync(string clientName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HandshakeTimeout);

        var hello = new Hello
        {
            ProtocolVersion = ProtocolDefaults.Version,
            ClientName = clientName,
            Compression = (uint)CompressionAlgorithm.CompressionBrotli,
        };
        await WriteFrameAsync(FrameType.Hello, 0, hello, timeout.Token).ConfigureAwait(false);

        HelloAck ack = await ReadHelloAckAsync(timeout.Token).ConfigureAwait(false);
        if (ack.ProtocolVersion is 0 or > ProtocolDefaults.Version)
        {
            throw new FerryException(ErrorCode.UnsupportedVersion, $"the server chose protocol version {ack.ProtocolVersion}; this client speaks {ProtocolDefaults.Version}");
        }

        Server = ack;
        _settings = NegotiatedSettings.From(ack);
    }

    /// <summary>Reads exactly one frame, which must be HelloAck (or the Error refusing us), leaving later bytes buffered.</summary>
    private async Task<HelloAck> ReadHelloAckAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool parsed = false;
            try
            {
                // Before the handshake every frame must fit the small pre-handshake maximum.
                if (FrameParser.TryParse(ref buffer, ProtocolDefaults.HandshakeMaxPayload, out Frame frame))
                {
                    parsed = true;
                    return frame.Type switch
                    {
                        FrameType.HelloAck => FramePayload.Parse(frame, HelloAck.Parser, ProtocolDefaults.HandshakeMaxPayload),
                        FrameType.Error => throw ToException(FramePayload.Parse(frame, Error.Parser, ProtocolDefaults.HandshakeMaxPayload)),
                        _ => throw new FrameProtocolException(ErrorCode.BadFrame, $"the server answered Hello with {frame.Type}"),
                    };
                }

                if (result.IsCompleted)
                {
                    throw new ConnectionLostException("the server closed the connection during the handshake");
                }
            }
            finally
            {
                // After one whole frame, anything behind it is unexamined: the read loop must see it at once.
                if (parsed)
                {
                    _reader.AdvanceTo(buffer.Start);
                }
                else
                {
                    _reader.AdvanceTo(buffer.Start, buffer.End);
                }
            }
        }
    }

    private static FerryException ToException(Error error) => new((ErrorCode)error.Code, error.Message);
}
