using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using Ferry.Testing;
using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Google.Protobuf;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>Silent, half-open and non-reading clients are cut off; everyone else carries on.</summary>
public sealed class ConnectionLimitsTests
{
    private static readonly Dictionary<string, string> TightLimits = new()
    {
        ["FERRY_CONNECTIONS__HEARTBEATSECONDS"] = "1",
        ["FERRY_CONNECTIONS__IDLETIMEOUTSECONDS"] = "3",
        ["FERRY_CONNECTIONS__HANDSHAKETIMEOUTSECONDS"] = "2",
    };

    [Fact]
    public async Task Silent_connections_are_closed_with_idle_timeout_and_pings_keep_one_alive()
    {
        await using TwoUsers users = await TwoUsers.StartAsync(TightLimits);
        (RawFramedClient silent, _) = await users.ConnectAsync("alice", "silent");
        (RawFramedClient chatty, _) = await users.ConnectAsync("bob", "chatty");
        await using (silent)
        await using (chatty)
        {
            Task closed = silent.Closed;
            while (!closed.IsCompleted)
            {
                // The chatty client pings every half second, as a client does when it has nothing to say.
                await chatty.SendRequestAsync(FrameType.Ping, null);
                await Task.WhenAny(closed, Task.Delay(TimeSpan.FromMilliseconds(500)));
            }

            ReceivedFrame last = await silent.Pushes.ReadAsync();
            Assert.Equal((uint)ErrorCode.IdleTimeout, last.As(Error.Parser).Code);
            Assert.Equal(FrameType.Pong, (await chatty.SendRequestAsync(FrameType.Ping, null)).Type);
        }
    }

    [Fact]
    public async Task A_connection_that_never_says_hello_is_closed()
    {
        await using TwoUsers users = await TwoUsers.StartAsync(TightLimits);
        await using RawFramedClient mute = await RawFramedClient.ConnectAsync("127.0.0.1", users.Server.FramedPort, users.Server.Fingerprint);
        Error error = await ProtocolAbuseTests.FinalError(mute);
        Assert.Equal((uint)ErrorCode.HandshakeRequired, error.Code);
    }

    /// <summary>
    /// A client that stops reading is cut off as a slow consumer, its socket really ends (the peer sees EOF or a
    /// reset, not a connection that lingers on its full buffers), and it loses nothing: everything is there on resume.
    /// </summary>
    [Fact]
    public async Task A_client_that_stops_reading_is_cut_off_and_loses_nothing_on_resume()
    {
        const int SendQueueFrames = 32;
        const int InlineNoticeBytes = 4096;
        await using TwoUsers users = await TwoUsers.StartAsync(new Dictionary<string, string>
        {
            ["FERRY_CONNECTIONS__SENDQUEUEFRAMES"] = SendQueueFrames.ToString(CultureInfo.InvariantCulture),
            ["FERRY_CONNECTIONS__MAXINFLIGHTREQUESTS"] = "8",
            ["FERRY_CONNECTIONS__INLINENOTICEBYTES"] = InlineNoticeBytes.ToString(CultureInfo.InvariantCulture),
        });
        FerrydProcess server = users.Server;

        // Bob logs in on a socket with a tiny receive buffer, then never reads again.
        await using StalledClient bob = await StalledClient.LoginAsync(server, "bob", TwoUsers.BobPassword, "stalled");
        Task<string> cutOff = server.LogLineAsync(line => line.Contains("\"EventId\":3002", StringComparison.Ordinal)
            && line.Contains(bob.LocalEndPoint, StringComparison.Ordinal));

        // Notices carry the message when its UTF-8 worst case (3 bytes a char, plus 3) fits InlineNoticeBytes, so each
        // notice to bob is ~4 KiB: CJK characters are 3 bytes in UTF-8 too.
        int textChars = (InlineNoticeBytes / 3) - 1;
        const int MinNoticeBytes = 4000;

        // Everything that can hold bob's notices is bounded: the server's kernel send buffer (autotuned up to
        // tcp_wmem's maximum), bob's locked 8 KiB receive buffer, Kestrel's output pipe (64 KiB pause threshold),
        // TLS records in flight, and the send queue. Past that the queue must overflow: the cut-off is certain.
        long wmemMax = long.Parse(File.ReadAllText("/proc/sys/net/ipv4/tcp_wmem").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[2], CultureInfo.InvariantCulture);
        int bound = (int)((wmemMax + (1 << 20)) / MinNoticeBytes) + (2 * SendQueueFrames);

        (RawFramedClient alice, _) = await users.ConnectAsync("alice", "sender");
        await using (alice)
        {
            var acked = new List<(ulong Seq, string Text)>();
            var window = new List<Task<(SendAck Ack, string Text)>>();
            int sent = 0;
            while (!cutOff.IsCompleted && sent < bound)
            {
                while (window.Count < 8 && sent < bound)
                {
                    string text = $"#{++sent} " + new string('語', textChars - 8);
                    window.Add(SendAsync(alice, text));
                }

                Task<(SendAck Ack, string Text)> done = await Task.WhenAny(window);
                window.Remove(done);
                (SendAck ack, string doneText) = await done;
                acked.Add((ack.Seq, doneText));
            }

            foreach ((SendAck ack, string text) in await Task.WhenAll(window))
            {
                acked.Add((ack.Seq, text));
            }

            Assert.True(cutOff.IsCompleted, $"bob was not cut off after {sent} notices of ~4 KiB (bound {bound} for tcp_wmem max {wmemMax})");
            Assert.Contains("SlowConsumer", await cutOff, StringComparison.Ordinal);

            // Bob's socket ends: he reads what was already in his own receive buffer, then EOF or a reset.
            // (A graceful FIN queued behind megabytes he never reads would never reach him.)
            long drained = await bob.DrainUntilClosedAsync(TimeSpan.FromSeconds(30));
            Assert.True(drained < 1 << 20, $"bob drained {drained} bytes before the end: the server kept sending after cutting him off");

            // Alice's connection is unaffected.
            Assert.Equal(FrameType.Pong, (await alice.SendRequestAsync(FrameType.Ping, null)).Type);

            // Bob comes back on the same session and finds every acknowledged message, in order, once.
            (RawFramedClient bobAgain, _) = await RawFramedClient.ConnectAndLoginAsync(
                "127.0.0.1", server.FramedPort, server.Fingerprint, "bob", TwoUsers.BobPassword, "stalled", token: bob.SessionToken);
            await using (bobAgain)
            {
                List<Message> stored = await PullAllAsync(bobAgain);
                acked.Sort((a, b) => a.Seq.CompareTo(b.Seq));
                Assert.Equal(acked.Select(a => a.Seq), stored.Select(m => m.Seq));
                Assert.Equal(Enumerable.Range(1, acked.Count).Select(i => (ulong)i), stored.Select(m => m.Seq));
                Assert.Equal(acked.Select(a => a.Text), stored.Select(m => m.Text));
            }
        }
    }

    private static async Task<(SendAck Ack, string Text)> SendAsync(RawFramedClient client, string text) =>
        (await client.RequestAsync(FrameType.SendRequest, ProtocolAbuseTests.Text("bob", text), SendAck.Parser), text);

    private static async Task<List<Message>> PullAllAsync(RawFramedClient client)
    {
        SyncResponse sync = await client.RequestAsync(FrameType.SyncRequest, new SyncRequest(), SyncResponse.Parser);
        ConversationState conversation = Assert.Single(sync.Conversations);
        var messages = new List<Message>();
        PullResponse page;
        do
        {
            ulong after = messages.Count == 0 ? 0 : messages[^1].Seq;
            page = await client.RequestAsync(FrameType.PullRequest, new PullRequest { ConversationId = conversation.ConversationId, AfterSeq = after, Limit = 100 }, PullResponse.Parser);
            messages.AddRange(page.Messages);
        }
        while (page.More);

        Assert.Equal(conversation.LastSeq, messages.Count == 0 ? 0 : messages[^1].Seq);
        return messages;
    }

    /// <summary>
    /// A client on a bare socket with a small locked receive buffer: logs in, then reads nothing more until asked to
    /// drain. No read loop, so nothing on the client side takes the server's bytes off the socket.
    /// </summary>
    private sealed class StalledClient : IAsyncDisposable
    {
        private readonly TcpClient _tcp;
        private readonly SslStream _tls;

        private StalledClient(TcpClient tcp, SslStream tls, string sessionToken)
        {
            _tcp = tcp;
            _tls = tls;
            SessionToken = sessionToken;
            LocalEndPoint = tcp.Client.LocalEndPoint!.ToString()!;
        }

        public string SessionToken { get; }

        /// <summary>As the server logs the remote end point, e.g. 127.0.0.1:41234.</summary>
        public string LocalEndPoint { get; }

        public static async Task<StalledClient> LoginAsync(FerrydProcess server, string account, string password, string deviceId)
        {
            // Set before connecting, so the kernel locks the buffer (and the window it advertises) small.
            var tcp = new TcpClient(AddressFamily.InterNetwork) { ReceiveBufferSize = 4096, NoDelay = true };
            await tcp.ConnectAsync(IPAddress.Loopback, server.FramedPort);
            var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: true, (_, certificate, _, _) =>
                certificate is not null && Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData())) == server.Fingerprint.ToLowerInvariant());
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1" });
            await RequestAsync(tls, FrameType.Hello, new Hello { ProtocolVersion = ProtocolDefaults.Version, ClientName = "stalled-test" }, FrameType.HelloAck);
            byte[] login = await RequestAsync(tls, FrameType.LoginRequest, new LoginRequest { Account = account, Password = password, DeviceId = deviceId, DeviceType = DeviceType.DevicePc }, FrameType.LoginResponse);
            return new StalledClient(tcp, tls, LoginResponse.Parser.ParseFrom(login).SessionToken);
        }

        /// <summary>Reads raw bytes until the server's end arrives (EOF or reset); returns how many were left to read.</summary>
        public async Task<long> DrainUntilClosedAsync(TimeSpan limit)
        {
            using var timeout = new CancellationTokenSource(limit);
            NetworkStream raw = _tcp.GetStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            try
            {
                int read;
                while ((read = await raw.ReadAsync(buffer, timeout.Token)) > 0)
                {
                    total += read;
                }
            }
            catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
            {
                // Reset by the server: as good as EOF here.
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the server did not close bob's socket within {limit.TotalSeconds} s ({total} bytes drained)");
            }

            return total;
        }

        public ValueTask DisposeAsync()
        {
            _tls.Dispose();
            _tcp.Dispose();
            return ValueTask.CompletedTask;
        }

        private static async Task<byte[]> RequestAsync(SslStream tls, FrameType type, IMessage request, FrameType expected)
        {
            var frame = new ArrayBufferWriter<byte>();
            FrameWriter.Write(frame, type, 1, request, FrameEncoding.Plain(int.MaxValue));
            await tls.WriteAsync(frame.WrittenMemory);
            await tls.FlushAsync();

            byte[] header = new byte[FrameHeader.Size];
            await tls.ReadExactlyAsync(header);
            FrameHeader answer = FrameHeader.Read(header, ProtocolDefaults.MaxPayload);
            byte[] payload = new byte[answer.PayloadLength];
            await tls.ReadExactlyAsync(payload);
            Assert.Equal(expected, answer.Type);
            return payload;
        }
    }
}
