using Ferry.Appliance.Messaging;
using Ferry.Appliance.Tests.Support;

namespace Ferry.Appliance.Tests.Messaging;

/// <summary>Read cursors move forward only, stop at the last message, and raise the membership's version.</summary>
public sealed class ReadStateTests
{
    [Fact]
    public async Task Marking_read_moves_forward_and_bumps_only_the_readers_version()
    {
        using TempDatabase temp = TempDatabase.Create();
        await using WriterHarness writer = await WriterHarness.StartAsync(temp);
        long conversation = await SendMany(writer, 5);
        long peerVersion = writer.Reads.Membership(2, conversation)!.Version;
        long before = writer.Reads.Membership(1, conversation)!.Version;

        ReadResult read = await writer.MarkRead(1, conversation, 3);

        Assert.Equal(3, read.ReadSeq);
        Assert.True(read.Version > before);
        MembershipState mine = writer.Reads.Membership(1, conversation)!;
        Assert.Equal((3L, read.Version), (mine.ReadSeq, mine.Version));
        Assert.Equal(read.Version, writer.Reads.MaxVersion());
        Assert.Equal(peerVersion, writer.Reads.Membership(2, conversation)!.Version);
    }

    [Fact]
    public async Task Marking_read_never_moves_backwards()
    {
        using TempDatabase temp = TempDatabase.Create();
        await using WriterHarness writer = await WriterHarness.StartAsync(temp);
        long conversation = await SendMany(writer, 5);
        ReadResult forward = await writer.MarkRead(1, conversation, 4);

        ReadResult back = await writer.MarkRead(1, conversation, 2);
        ReadResult same = await writer.MarkRead(1, conversation, 4);

        Assert.Equal((4L, 0L), (back.ReadSeq, back.Version));
        Assert.Equal((4L, 0L), (same.ReadSeq, same.Version));
        MembershipState state = writer.Reads.Membership(1, conversation)!;
        Assert.Equal((4L, forward.Version), (state.ReadSeq, state.Version));
    }

    [Fact]
    public async Task Marking_read_stops_at_the_last_message()
    {
        using TempDatabase temp = TempDatabase.Create();
        await using WriterHarness writer = await WriterHarness.StartAsync(temp);
        long conversation = await SendMany(writer, 5);

        ReadResult read = await writer.MarkRead(1, conversation, 1_000);
        ReadResult again = await writer.MarkRead(1, conversation, long.MaxValue);

        Assert.Equal(5, read.ReadSeq);
        Assert.Equal(0, again.Version);
        Assert.Equal(5, writer.Reads.Membership(1, conversation)!.ReadSeq);
        Assert.Equal(0, writer.Reads.Membership(1, conversation)!.Unread);
    }

    [Fact]
    public async Task Marking_read_in_the_same_batch_as_sends_sees_them()
    {
        using TempDatabase temp = TempDatabase.Create();
        long conversation;
        await using (WriterHarness setup = await WriterHarness.StartAsync(temp))
        {
            conversation = (await setup.OpenDirect(1, 2)).Id;
        }

        await using var writer = new WriterHarness(temp);
        Task<SendResult> a = writer.Send(2, conversation, "a");
        Task<SendResult> b = writer.Send(2, conversation, "b");
        Task<ReadResult> read = writer.MarkRead(1, conversation, 10);
        await writer.StartAsync();

        Assert.Equal(2, (await read).ReadSeq);
        Assert.Equal(1, writer.Writer.Batches);
        Assert.True((await read).Version > (await b).Version);
        Assert.Equal(0, writer.Reads.Membership(1, conversation)!.Unread);
    }

    /// <summary>Account 2 sends <paramref name="count"/> messages to account 1; returns the conversation.</summary>
    private static async Task<long> SendMany(WriterHarness writer, int count)
    {
        SendResult last = null!;
        for (int i = 0; i < count; i++)
        {
            last = await writer.SendDirect(2, 1, $"m{i}");
        }

        return last.Message.ConversationId;
    }
}
