using Ferry.Appliance.Accounts;
using Ferry.Appliance.Tests.Support;
using Ferry.Transport.Contracts;

namespace Ferry.Appliance.Tests.Messaging;

/// <summary>A pull page always fits one frame, whatever the message sizes and the requested count.</summary>
public sealed class PullPageTests
{
    [Fact]
    public async Task Large_messages_are_paged_by_bytes_and_paging_loses_nothing_in_either_direction()
    {
        await using MessagingStack stack = await MessagingStack.StartAsync();
        Caller alice = stack.Join("alice", 1);
        stack.Join("bob", 2);
        string big = new('长', 30_000); // ~90 KB of UTF-8 each: 500 of them would be ~45 MB
        SendAck last = null!;
        for (int i = 0; i < 40; i++)
        {
            last = await stack.Service.SendAsync(alice, new SendRequest { PeerAccount = "bob", ClientMessageId = Guid.CreateVersion7().ToString(), Kind = MessageKind.MessageText, Text = big + i }, CancellationToken.None);
        }

        int budget = stack.Options.Connections.MaxFramePayload;
        var forward = new List<ulong>();
        PullResponse page;
        ulong after = 0;
        do
        {
            page = stack.Service.Pull(alice, new PullRequest { ConversationId = last.ConversationId, AfterSeq = after, Limit = 500 });
            Assert.True(page.CalculateSize() <= budget, $"page of {page.CalculateSize()} bytes exceeds the frame maximum {budget}");
            Assert.NotEmpty(page.Messages);
            forward.AddRange(page.Messages.Select(m => m.Seq));
            after = page.Messages[^1].Seq;
        }
        while (page.More);

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (ulong)i), forward);

        var backward = new List<ulong>();
        ulong before = last.Seq + 1;
        do
        {
            page = stack.Service.Pull(alice, new PullRequest { ConversationId = last.ConversationId, BeforeSeq = before, Limit = 500 });
            Assert.True(page.CalculateSize() <= budget);
            Assert.Equal(page.Messages.Select(m => m.Seq).Order(), page.Messages.Select(m => m.Seq));
            backward.InsertRange(0, page.Messages.Select(m => m.Seq));
            before = page.Messages[0].Seq;
        }
        while (page.More);

        Assert.Equal(forward, backward);
    }
}
