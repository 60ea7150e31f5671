using Ferry.Testing;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>Silent and half-open clients are cut off; everyone else carries on.</summary>
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
}
