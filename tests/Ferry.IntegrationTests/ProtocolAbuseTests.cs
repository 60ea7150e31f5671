using System.Buffers.Binary;
using Ferry.Testing;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>A misbehaving client loses its own connection, with an Error frame where possible, and nobody else notices.</summary>
public sealed class ProtocolAbuseTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private readonly TwoUsers _users = shared.Users;

    [Fact]
    public async Task First_frame_must_be_hello()
    {
        await using RawFramedClient client = await Connect();
        await client.WriteFrameAsync(FrameType.SyncRequest, 1, new SyncRequest());
        Error error = await FinalError(client);
        Assert.Equal((uint)ErrorCode.HandshakeRequired, error.Code);
        Assert.True(error.Fatal);
    }

    [Fact]
    public async Task Declared_length_over_the_maximum_is_refused_before_the_payload_arrives()
    {
        await using RawFramedClient client = await Connect();
        await client.HelloAsync();
        byte[] header = new byte[FrameHeader.Size];
        new FrameHeader(0, FrameType.SendRequest, FrameFlags.None, 7).Write(header);
        BinaryPrimitives.WriteUInt32BigEndian(header, 64 * 1024 * 1024);
        await client.WriteRawAsync(header);
        Error error = await FinalError(client);
        Assert.Equal((uint)ErrorCode.FrameTooLarge, error.Code);
    }

    [Fact]
    public async Task Undefined_flags_end_the_connection()
    {
        await using RawFramedClient client = await Connect();
        await client.HelloAsync();
        byte[] frame = new byte[FrameHeader.Size];
        new FrameHeader(0, FrameType.Ping, FrameFlags.None, 3).Write(frame);
        frame[6] = 0x80;
        await client.WriteRawAsync(frame);
        Assert.Equal((uint)ErrorCode.BadFrame, (await FinalError(client)).Code);
    }

    [Fact]
    public async Task Unknown_frame_type_ends_the_connection()
    {
        await using RawFramedClient client = await Connect();
        await client.HelloAsync();
        await client.WriteFrameAsync((FrameType)999, 5, null);
        Assert.Equal((uint)ErrorCode.UnknownFrameType, (await FinalError(client)).Code);
    }

    [Fact]
    public async Task Payload_that_is_not_protobuf_is_a_request_error_and_the_connection_lives_on()
    {
        (RawFramedClient client, _) = await _users.ConnectAsync("alice");
        await using (client)
        {
            byte[] frame = new byte[FrameHeader.Size + 3];
            new FrameHeader(3, FrameType.SendRequest, FrameFlags.None, 42).Write(frame);
            frame[FrameHeader.Size] = 0xFF;
            frame[FrameHeader.Size + 1] = 0xFF;
            frame[FrameHeader.Size + 2] = 0xFF;
            await client.WriteRawAsync(frame);

            ReceivedFrame answer = await client.Pushes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(FrameType.Error, answer.Type);
            Assert.Equal((uint)ErrorCode.BadRequest, answer.As(Error.Parser).Code);

            ReceivedFrame stillServed = await client.SendRequestAsync(FrameType.SyncRequest, new SyncRequest());
            Assert.Equal(FrameType.SyncResponse, stillServed.Type);
        }
    }

    [Fact]
    public async Task Requests_before_login_are_refused_without_closing()
    {
        await using RawFramedClient client = await Connect();
        await client.HelloAsync();
        var refused = await Assert.ThrowsAsync<FerryException>(() => client.RequestAsync(FrameType.SyncRequest, new SyncRequest(), SyncResponse.Parser));
        Assert.Equal(ErrorCode.Unauthenticated, refused.Code);
        var wrong = await Assert.ThrowsAsync<FerryException>(() => client.RequestAsync(
            FrameType.LoginRequest, new LoginRequest { Account = "alice", Password = "not-her-password", DeviceId = "d" }, LoginResponse.Parser));
        Assert.Equal(ErrorCode.BadCredentials, wrong.Code);
        LoginResponse login = await client.RequestAsync(
            FrameType.LoginRequest, new LoginRequest { Account = "alice", Password = TwoUsers.AlicePassword, DeviceId = "d" }, LoginResponse.Parser);
        Assert.Equal("alice", login.Account);
    }

    [Fact]
    public async Task Invalid_fields_are_rejected_with_bad_request()
    {
        (RawFramedClient client, _) = await _users.ConnectAsync("alice");
        await using (client)
        {
            var noId = await Assert.ThrowsAsync<FerryException>(() => client.RequestAsync(
                FrameType.SendRequest, new SendRequest { PeerAccount = "bob", Kind = MessageKind.MessageText, Text = "x" }, SendAck.Parser));
            Assert.Equal(ErrorCode.BadRequest, noId.Code);
            var noText = await Assert.ThrowsAsync<FerryException>(() => client.RequestAsync(
                FrameType.SendRequest, new SendRequest { ClientMessageId = Guid.NewGuid().ToString(), PeerAccount = "bob", Kind = MessageKind.MessageText }, SendAck.Parser));
            Assert.Equal(ErrorCode.BadRequest, noText.Code);
            var nobody = await Assert.ThrowsAsync<FerryException>(() => client.RequestAsync(
                FrameType.SendRequest, new SendRequest { ClientMessageId = Guid.NewGuid().ToString(), PeerAccount = "nobody", Kind = MessageKind.MessageText, Text = "x" }, SendAck.Parser));
            Assert.Equal(ErrorCode.NotFound, nobody.Code);
            var notMine = await Assert.ThrowsAsync<FerryException>(() => client.RequestAsync(
                FrameType.PullRequest, new PullRequest { ConversationId = 12345 }, PullResponse.Parser));
            Assert.Equal(ErrorCode.NotFound, notMine.Code);
            var hugePage = await Assert.ThrowsAsync<FerryException>(() => client.RequestAsync(
                FrameType.SyncRequest, new SyncRequest { Limit = 100_000 }, SyncResponse.Parser));
            Assert.Equal(ErrorCode.BadRequest, hugePage.Code);
        }
    }

    [Fact]
    public async Task Garbage_from_one_client_does_not_disturb_a_conversation_in_progress()
    {
        (RawFramedClient alice, _) = await _users.ConnectAsync("alice");
        (RawFramedClient bob, _) = await _users.ConnectAsync("bob");
        await using (alice)
        await using (bob)
        {
            var random = new Random(20261122);
            for (int round = 0; round < 20; round++)
            {
                await using RawFramedClient vandal = await Connect();
                if (round % 2 == 1)
                {
                    await vandal.HelloAsync();
                }

                byte[] garbage = new byte[random.Next(1, 4096)];
                random.NextBytes(garbage);
                await vandal.WriteRawAsync(garbage);

                SendAck ack = await alice.RequestAsync(FrameType.SendRequest, Text("bob", $"still here {round}"), SendAck.Parser);
                ReceivedFrame notice = await bob.Pushes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
                ChangeNotice change = notice.As(ChangeNotice.Parser);
                Assert.Equal(ack.Seq, change.Message.Seq);
                Assert.Equal($"still here {round}", change.Message.Text);
            }
        }

        Assert.True(_users.Server.IsRunning);
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_carrying_the_same_request_id()
    {
        await using RawFramedClient client = await Connect();
        await client.HelloAsync();
        ReceivedFrame pong = await client.SendRequestAsync(FrameType.Ping, null);
        Assert.Equal(FrameType.Pong, pong.Type);
    }

    internal static SendRequest Text(string peer, string text, string? clientId = null) =>
        new() { ClientMessageId = clientId ?? Guid.NewGuid().ToString(), PeerAccount = peer, Kind = MessageKind.MessageText, Text = text };

    /// <summary>The Error frame a server sends before closing, and proof that it then closes.</summary>
    internal static async Task<Error> FinalError(RawFramedClient client)
    {
        ReceivedFrame frame = await client.Pushes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(FrameType.Error, frame.Type);
        await client.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Error error = frame.As(Error.Parser);
        Assert.True(error.Fatal);
        return error;
    }

    private Task<RawFramedClient> Connect() => RawFramedClient.ConnectAsync("127.0.0.1", _users.Server.FramedPort, _users.Server.Fingerprint);
}
