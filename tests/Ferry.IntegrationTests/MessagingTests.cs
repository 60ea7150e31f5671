using Ferry.Client;
using Ferry.Transport.Contracts;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>The messaging guarantees, through the SDK against a real ferryd.</summary>
public sealed class MessagingTests
{
    [Fact]
    public async Task Online_recipient_receives_in_order_exactly_once()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        await using var devices = new Devices(users.Server);
        FerryClient alice = await devices.ConnectAsync("alice", "laptop", receive: false);
        FerryClient bob = await devices.ConnectAsync("bob", "laptop");

        Task<List<MessageEvent>> receiving = Devices.ReceiveAsync(bob, 50);
        for (int i = 1; i <= 50; i++)
        {
            SendAck ack = await alice.SendAsync("bob", $"message {i}");
            Assert.Equal((ulong)i, ack.Seq);
        }

        List<MessageEvent> received = await receiving;
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (ulong)i), received.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => $"message {i}"), received.Select(m => m.Text));
        Assert.All(received, m => Assert.Equal(("alice", "bob"), (m.From, m.To)));
    }

    [Fact]
    public async Task Offline_recipient_gets_everything_when_it_comes_back()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        await using var devices = new Devices(users.Server);
        FerryClient bob = await devices.ConnectAsync("bob", "phone");
        await devices.DisconnectAsync(bob);

        FerryClient alice = await devices.ConnectAsync("alice", "laptop", receive: false);
        SendAck[] acks = await Task.WhenAll(Enumerable.Range(1, 300).Select(i => alice.SendAsync("bob", $"while you were away {i}")));
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (ulong)i), acks.Select(a => a.Seq).Order());

        // Same device (same config directory) comes back: it syncs from its stored cursor.
        FerryClient bobAgain = await devices.ConnectAsync("bob", "phone");
        List<MessageEvent> received = await Devices.ReceiveAsync(bobAgain, 300);
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (ulong)i), received.Select(m => m.Seq));
    }

    [Fact]
    public async Task A_second_device_of_the_sender_sees_what_the_first_sent()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        await using var devices = new Devices(users.Server);
        FerryClient laptop = await devices.ConnectAsync("alice", "laptop", receive: false);
        FerryClient phone = await devices.ConnectAsync("alice", "phone");

        Task<List<MessageEvent>> onPhone = Devices.ReceiveAsync(phone, 3);
        await laptop.SendAsync("bob", "one");
        await laptop.SendAsync("bob", "two");
        await laptop.SendAsync("bob", "three");
        List<MessageEvent> seen = await onPhone;
        Assert.Equal(["one", "two", "three"], seen.Select(m => m.Text));
        Assert.All(seen, m => Assert.Equal("alice", m.From));

        // A third device that was never online syncs the history too.
        FerryClient tablet = await devices.ConnectAsync("alice", "tablet");
        Assert.Equal(["one", "two", "three"], (await Devices.ReceiveAsync(tablet, 3)).Select(m => m.Text));
    }

    [Fact]
    public async Task Reconnecting_recipient_fills_the_gap_and_sees_each_message_once()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        await using var devices = new Devices(users.Server);
        FerryClient alice = await devices.ConnectAsync("alice", "laptop", receive: false);
        FerryClient bob = await devices.ConnectAsync("bob", "laptop");
        const int Total = 400;

        Task<List<MessageEvent>> receiving = Devices.ReceiveAsync(bob, Total, TimeSpan.FromSeconds(120));
        for (int i = 1; i <= Total; i++)
        {
            // Cut bob's connection now and then while messages keep coming: he misses pushes and must pull the gaps.
            if (i % 100 == 50)
            {
                bob.DropConnection();
            }

            await alice.SendAsync("bob", $"m{i}");
        }

        List<MessageEvent> received = await receiving;
        Assert.Equal(Enumerable.Range(1, Total).Select(i => (ulong)i), received.Select(m => m.Seq));
    }

    [Fact]
    public async Task Clients_ride_out_a_server_crash_by_resuming_and_lose_nothing()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        await using var devices = new Devices(users.Server);
        FerryClient alice = await devices.ConnectAsync("alice", "laptop", receive: false);
        FerryClient bob = await devices.ConnectAsync("bob", "laptop");
        Task<List<MessageEvent>> receiving = Devices.ReceiveAsync(bob, 20, TimeSpan.FromSeconds(120));
        for (int i = 1; i <= 10; i++)
        {
            await alice.SendAsync("bob", $"before {i}");
        }

        await users.Server.KillAsync();
        await users.Server.StartAsync();

        // The same client objects: they reconnect with backoff, resume their sessions and sync.
        for (int i = 1; i <= 10; i++)
        {
            await alice.SendAsync("bob", $"after {i}");
        }

        List<MessageEvent> all = await receiving;
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (ulong)i), all.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"before {i}").Concat(Enumerable.Range(1, 10).Select(i => $"after {i}")), all.Select(m => m.Text));
    }

    [Fact]
    public async Task History_pages_oldest_first_and_read_state_reaches_the_other_device()
    {
        await using TwoUsers users = await TwoUsers.StartAsync();
        await using var devices = new Devices(users.Server);
        FerryClient alice = await devices.ConnectAsync("alice", "laptop", receive: false);
        for (int i = 1; i <= 120; i++)
        {
            await alice.SendAsync("bob", $"h{i}");
        }

        FerryClient bob = await devices.ConnectAsync("bob", "laptop", receive: false);
        IReadOnlyList<MessageEvent> last50 = await bob.GetHistoryAsync("alice");
        Assert.Equal(Enumerable.Range(71, 50).Select(i => $"h{i}"), last50.Select(m => m.Text));
        IReadOnlyList<MessageEvent> after100 = await bob.GetHistoryAsync("alice", limit: 50, afterSeq: 100);
        Assert.Equal(Enumerable.Range(101, 20).Select(i => (ulong)i), after100.Select(m => m.Seq));

        ConversationInfo conversation = await bob.OpenDirectAsync("alice");
        Assert.Equal(120UL, conversation.Unread);
        await bob.MarkReadAsync(conversation.Id, 100);
        ConversationInfo afterRead = await bob.OpenDirectAsync("alice");
        Assert.Equal(100UL, afterRead.ReadSeq);
        Assert.Equal(20UL, afterRead.Unread);

        // Cursors never move back.
        await bob.MarkReadAsync(conversation.Id, 10);
        Assert.Equal(100UL, (await bob.OpenDirectAsync("alice")).ReadSeq);
    }
}
