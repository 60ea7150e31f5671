using System.Collections.Concurrent;
using Ferry.Testing;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>No message the server acknowledged is ever lost: not to a crash, not to a restart.</summary>
public sealed class DurabilityTests
{
    [Fact]
    public async Task Kill_9_during_a_send_flood_loses_no_acknowledged_message()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        var acked = new ConcurrentDictionary<string, ulong>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Senders = 4;
        const int KillAfterAcks = 3000;

        var senders = new List<Task>();
        for (int s = 0; s < Senders; s++)
        {
            (RawFramedClient client, _) = await users.ConnectAsync("alice", $"flood-{s}");
            int sender = s;
            senders.Add(Task.Run(() => FloodAsync(client, sender, acked, KillAfterAcks, enough)));
        }

        // The kill happens while the floods are still sending: the server must have acks outstanding.
        await enough.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await users.Server.KillAsync();
        await Task.WhenAll(senders);
        Assert.True(acked.Count >= KillAfterAcks);

        await users.Server.StartAsync();
        (RawFramedClient bob, _) = await RawFramedClient.ConnectAndLoginAsync(
            "127.0.0.1", users.Server.FramedPort, users.Server.Fingerprint, "bob", TwoUsers.BobPassword, "after-crash");
        await using (bob)
        {
            SyncResponse sync = await bob.RequestAsync(FrameType.SyncRequest, new SyncRequest(), SyncResponse.Parser);
            ConversationState conversation = Assert.Single(sync.Conversations);
            var stored = new Dictionary<string, ulong>();
            ulong expectedSeq = 1;
            ulong after = 0;
            PullResponse page;
            do
            {
                page = await bob.RequestAsync(FrameType.PullRequest, new PullRequest { ConversationId = conversation.ConversationId, AfterSeq = after, Limit = 500 }, PullResponse.Parser);
                foreach (Message message in page.Messages)
                {
                    Assert.Equal(expectedSeq++, message.Seq); // dense: no gaps, no repeats
                    stored[message.ClientMessageId] = message.Seq;
                    after = message.Seq;
                }
            }
            while (page.More);

            Assert.Equal(conversation.LastSeq, after);
            foreach ((string clientId, ulong seq) in acked)
            {
                Assert.True(stored.TryGetValue(clientId, out ulong storedSeq), $"acked message {clientId} (seq {seq}) was lost");
                Assert.Equal(seq, storedSeq);
            }
        }
    }

    /// <summary>Pipelines sends (up to 64 in flight) until the connection dies, recording every ack.</summary>
    private static async Task FloodAsync(RawFramedClient client, int sender, ConcurrentDictionary<string, ulong> acked, int target, TaskCompletionSource enough)
    {
        await using (client)
        {
            var inFlight = new List<Task>();
            for (int i = 0; ; i++)
            {
                string clientId = $"{sender}-{i}-{Guid.NewGuid():N}";
                inFlight.Add(SendOneAsync(client, clientId, acked, target, enough));
                if (inFlight.Count >= 64)
                {
                    Task done = await Task.WhenAny(inFlight);
                    inFlight.Remove(done);
                    if (done.IsFaulted)
                    {
                        break;
                    }
                }
            }

            await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private static async Task SendOneAsync(RawFramedClient client, string clientId, ConcurrentDictionary<string, ulong> acked, int target, TaskCompletionSource enough)
    {
        SendAck ack = await client.RequestAsync(FrameType.SendRequest, ProtocolAbuseTests.Text("bob", "flood " + clientId, clientId), SendAck.Parser);
        acked[clientId] = ack.Seq;
        if (acked.Count >= target)
        {
            enough.TrySetResult();
        }
    }

    [Fact]
    public async Task A_retried_send_is_stored_once_and_acked_with_the_original_seq()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        (RawFramedClient alice, _) = await users.ConnectAsync("alice");
        await using (alice)
        {
            string clientId = Guid.NewGuid().ToString();
            SendAck first = await alice.RequestAsync(FrameType.SendRequest, ProtocolAbuseTests.Text("bob", "once", clientId), SendAck.Parser);
            SendAck second = await alice.RequestAsync(FrameType.SendRequest, ProtocolAbuseTests.Text("bob", "once", clientId), SendAck.Parser);
            Assert.False(first.Duplicate);
            Assert.True(second.Duplicate);
            Assert.Equal(first.Seq, second.Seq);
            Assert.Equal(first.Id, second.Id);

            // Pipelined duplicates land in one commit batch: still one message.
            string burstId = Guid.NewGuid().ToString();
            SendAck[] burst = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
                alice.RequestAsync(FrameType.SendRequest, ProtocolAbuseTests.Text("bob", "burst", burstId), SendAck.Parser)));
            Assert.Single(burst.Select(a => a.Seq).Distinct());
            Assert.Equal(7, burst.Count(a => a.Duplicate));

            PullResponse all = await alice.RequestAsync(FrameType.PullRequest, new PullRequest { ConversationId = first.ConversationId }, PullResponse.Parser);
            Assert.Equal(2, all.Messages.Count);
        }
    }

    [Fact]
    public async Task Sigterm_tells_clients_and_exits_cleanly_and_messages_survive_the_restart()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        (RawFramedClient alice, _) = await users.ConnectAsync("alice");
        SendAck ack;
        await using (alice)
        {
            ack = await alice.RequestAsync(FrameType.SendRequest, ProtocolAbuseTests.Text("bob", "before restart"), SendAck.Parser);
            int exit = await users.Server.StopAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, exit);
            ReceivedFrame goodbye = await alice.Pushes.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal((uint)ErrorCode.ServerShuttingDown, goodbye.As(Error.Parser).Code);
        }

        await users.Server.StartAsync();
        (RawFramedClient bob, _) = await users.ConnectAsync("bob");
        await using (bob)
        {
            PullResponse pulled = await bob.RequestAsync(FrameType.PullRequest, new PullRequest { ConversationId = ack.ConversationId }, PullResponse.Parser);
            Assert.Equal("before restart", Assert.Single(pulled.Messages).Text);
        }
    }
}
