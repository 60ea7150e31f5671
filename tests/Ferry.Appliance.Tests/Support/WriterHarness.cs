using Ferry.Appliance.Identity;
using Ferry.Appliance.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Appliance.Tests.Support;

/// <summary>
/// A <see cref="MessageWriter"/> on a <see cref="TempDatabase"/>, built as ferryd builds it but not started:
/// operations queued before <see cref="StartAsync"/> all land in the writer's first batch.
/// Each helper queues its operation synchronously and returns the task of its outcome.
/// </summary>
internal sealed class WriterHarness : IAsyncDisposable
{
    private int _stopped;

    public WriterHarness(TempDatabase database, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        Reads = new SqliteMessagingStore(database.Database);
        Writer = new MessageWriter(
            () => new SqliteMessagingWriteStore(database.Database),
            Reads,
            new WriterContext.Dependencies(new IdGenerator(clock), clock),
            NullLogger<MessageWriter>.Instance);
    }

    public MessageWriter Writer { get; }

    public SqliteMessagingStore Reads { get; }

    public static async Task<WriterHarness> StartAsync(TempDatabase database, TimeProvider? clock = null)
    {
        var harness = new WriterHarness(database, clock);
        await harness.StartAsync();
        return harness;
    }

    public Task StartAsync() => Writer.StartAsync(CancellationToken.None);

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await Writer.StopAsync(CancellationToken.None);
        }
    }

    public Task<SendResult> Send(long sender, long conversationId, string clientId, string text = "hello") =>
        Enqueue<SendResult>((ok, fail) => new SendOperation(new SendCommand(sender, "device-" + sender, null, conversationId, clientId, 1, text), ok, fail));

    public Task<SendResult> SendDirect(long sender, long peer, string clientId, string text = "hello") =>
        Enqueue<SendResult>((ok, fail) => new SendOperation(new SendCommand(sender, "device-" + sender, peer, 0, clientId, 1, text), ok, fail));

    public Task<ConversationHead> OpenDirect(long account, long peer) =>
        Enqueue<ConversationHead>((ok, fail) => new OpenDirectOperation(account, peer, ok, fail));

    public Task<ReadResult> MarkRead(long account, long conversationId, long readSeq) =>
        Enqueue<ReadResult>((ok, fail) => new MarkReadOperation(account, conversationId, readSeq, ok, fail));

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Writer.Dispose();
    }

    private Task<T> Enqueue<T>(Func<Action<T>, Action<FerryException>, WriteOperation> create)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        ValueTask queued = Writer.EnqueueAsync(create(r => completion.TrySetResult(r), e => completion.TrySetException(e)), CancellationToken.None);
        return queued.IsCompletedSuccessfully ? completion.Task : AfterQueued(queued, completion.Task);
    }

    private static async Task<T> AfterQueued<T>(ValueTask queued, Task<T> outcome)
    {
        await queued;
        return await outcome;
    }
}
