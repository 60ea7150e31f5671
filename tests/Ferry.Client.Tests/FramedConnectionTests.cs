using System.Threading.Channels;
using Ferry.Client.Connection;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;

namespace Ferry.Client.Tests;

/// <summary>The client's connection against a scripted server: handshake, routing by request id, errors, pushes, loss.</summary>
public sealed class FramedConnectionTests : IAsyncDisposable
{
    private readonly ScriptedServer _server = new();
    private readonly Channel<ChangeNotice> _notices = Channel.CreateUnbounded<ChangeNotice>();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Handshake_announces_brotli_and_adopts_the_servers_settings()
    {
        await using FramedConnection connection = await OpenAsync(new HelloAck { ProtocolVersion = 1, ServerName = "Test", MaxFrameSize = 65536, HeartbeatSeconds = 30, Compression = 1 });

        Assert.True(connection.IsOpen);
        Assert.Equal("Test", connection.Server.ServerName);
    }

    [Fact]
    public async Task Refused_handshake_throws_the_servers_error()
    {
        Stream stream = await _server.ConnectClientAsync();
        Task<FramedConnection> opening = FramedConnection.OpenAsync(stream, "test/1", TimeProvider.System, _ => { }, null, CancellationToken.None);
        (FrameHeader hello, _) = await _server.ReadAsync(Hello.Parser);
        await _server.WriteAsync(FrameType.Error, hello.RequestId, new Error { Code = (uint)ErrorCode.UnsupportedVersion, Message = "too old", Fatal = true });

        FerryException error = await Assert.ThrowsAsync<FerryException>(() => opening);
        Assert.Equal(ErrorCode.UnsupportedVersion, error.Code);
    }

    [Fact]
    public async Task Answers_in_any_order_reach_their_requests()
    {
        await using FramedConnection connection = await OpenAsync();
        Task<SendAck> first = connection.RequestAsync(FrameType.SendRequest, new SendRequest { Text = "a" }, FrameType.SendAck, SendAck.Parser, CancellationToken.None);
        Task<SendAck> second = connection.RequestAsync(FrameType.SendRequest, new SendRequest { Text = "b" }, FrameType.SendAck, SendAck.Parser, CancellationToken.None);
        (FrameHeader a, SendRequest aRequest) = await _server.ReadAsync(SendRequest.Parser);
        (FrameHeader b, _) = await _server.ReadAsync(SendRequest.Parser);
        Assert.Equal("a", aRequest.Text);
        Assert.NotEqual(0u, a.RequestId);
        Assert.NotEqual(a.RequestId, b.RequestId);

        await _server.WriteAsync(FrameType.SendAck, b.RequestId, new SendAck { Seq = 2 });
        await _server.WriteAsync(FrameType.SendAck, a.RequestId, new SendAck { Seq = 1 });

        Assert.Equal(1UL, (await first).Seq);
        Assert.Equal(2UL, (await second).Seq);
    }

    [Fact]
    public async Task Error_answer_fails_only_its_request()
    {
        await using FramedConnection connection = await OpenAsync();
        Task<OpenDirectResponse> request = connection.RequestAsync(
            FrameType.OpenDirectRequest, new OpenDirectRequest { PeerAccount = "nobody" }, FrameType.OpenDirectResponse, OpenDirectResponse.Parser, CancellationToken.None);
        (FrameHeader header, _) = await _server.ReadAsync(OpenDirectRequest.Parser);
        await _server.WriteAsync(FrameType.Error, header.RequestId, new Error { Code = (uint)ErrorCode.NotFound, Message = "no such account" });

        FerryException error = await Assert.ThrowsAsync<FerryException>(() => request);
        Assert.Equal(ErrorCode.NotFound, error.Code);
        Assert.Equal("no such account", error.Message);
        Assert.True(connection.IsOpen);
    }

    [Fact]
    public async Task Server_ping_is_answered_with_the_same_request_id_and_notices_are_routed()
    {
        await using FramedConnection connection = await OpenAsync();

        await _server.WriteAsync(FrameType.Ping, 77, null);
        (FrameHeader pong, _) = await _server.ReadAsync(Ok.Parser);
        Assert.Equal(FrameType.Pong, pong.Type);
        Assert.Equal(77u, pong.RequestId);

        await _server.WriteAsync(FrameType.ChangeNotice, 0, new ChangeNotice { ConversationId = 5, LastSeq = 9 });
        ChangeNotice notice = await _notices.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(9UL, notice.LastSeq);
    }

    [Fact]
    public async Task Connection_loss_fails_waiting_requests_with_connection_lost()
    {
        await using FramedConnection connection = await OpenAsync();
        Task<SyncResponse> request = connection.RequestAsync(FrameType.SyncRequest, new SyncRequest(), FrameType.SyncResponse, SyncResponse.Parser, CancellationToken.None);
        await _server.ReadAsync(SyncRequest.Parser);

        _server.Drop();

        await Assert.ThrowsAsync<ConnectionLostException>(() => request);
        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(connection.IsOpen);
    }

    [Fact]
    public async Task Fatal_error_push_closes_with_its_reason()
    {
        await using FramedConnection connection = await OpenAsync();

        await _server.WriteAsync(FrameType.Error, 0, new Error { Code = (uint)ErrorCode.ServerShuttingDown, Message = "bye", Fatal = true });

        await connection.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ErrorCode.ServerShuttingDown, Assert.IsType<FerryException>(connection.CloseReason).Code);
        await Assert.ThrowsAsync<ConnectionLostException>(() =>
            connection.RequestAsync(FrameType.SyncRequest, new SyncRequest(), FrameType.SyncResponse, SyncResponse.Parser, CancellationToken.None));
    }

    [Fact]
    public async Task Oversized_request_fails_locally_and_keeps_the_connection()
    {
        await using FramedConnection connection = await OpenAsync(new HelloAck { ProtocolVersion = 1, MaxFrameSize = 100 });

        FerryException error = await Assert.ThrowsAsync<FerryException>(() =>
            connection.RequestAsync(FrameType.SendRequest, new SendRequest { Text = new string('x', 200) }, FrameType.SendAck, SendAck.Parser, CancellationToken.None));

        Assert.Equal(ErrorCode.FrameTooLarge, error.Code);
        Assert.True(connection.IsOpen);
    }

    private async Task<FramedConnection> OpenAsync(HelloAck? ack = null)
    {
        Stream stream = await _server.ConnectClientAsync();
        Task<FramedConnection> opening = FramedConnection.OpenAsync(stream, "test/1", TimeProvider.System, n => _notices.Writer.TryWrite(n), null, CancellationToken.None);
        (FrameHeader header, Hello hello) = await _server.ReadAsync(Hello.Parser);
        Assert.Equal(FrameType.Hello, header.Type);
        Assert.Equal(1u, hello.ProtocolVersion);
        Assert.Equal("test/1", hello.ClientName);
        Assert.Equal((uint)CompressionAlgorithm.CompressionBrotli, hello.Compression);
        await _server.WriteAsync(FrameType.HelloAck, 0, ack ?? new HelloAck { ProtocolVersion = 1, MaxFrameSize = 1 << 20 });
        return await opening;
    }
}
