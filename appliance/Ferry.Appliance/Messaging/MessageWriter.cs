using System.Threading.Channels;
using Ferry.Transport.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Messaging;

/// <summary>
/// The single writer of all conversation state, and the group commit.
/// Operations queue up while the previous batch is being committed; the next batch takes them all, applies them in
/// one transaction and commits once — one fsync for the whole batch. Only after the commit returns does each
/// operation complete (ack to the sender, then notices to devices), in queue order.
/// Invariant: seq numbers are assigned only here, so each conversation's sequence is dense and gap-free; a batch
/// that fails to commit is rolled back and the in-memory heads are dropped, so no seq handed out is ever skipped.
/// </summary>
internal sealed partial class MessageWriter : IHostedService, IDisposable
{
    public const int MaxBatch = 4096;
    private const int QueueCapacity = 65536;

    private readonly Channel<WriteOperation> _queue = Channel.CreateBounded<WriteOperation>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Func<IMessagingWriteStore> _openStore;
    private readonly IMessagingStore _reads;
    private readonly WriterContext.Dependencies _dependencies;
    private readonly ILogger<MessageWriter> _logger;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? _thread;

    public MessageWriter(Func<IMessagingWriteStore> openStore, IMessagingStore reads, WriterContext.Dependencies dependencies, ILogger<MessageWriter> logger)
    {
        _openStore = openStore;
        _reads = reads;
        _dependencies = dependencies;
        _logger = logger;
    }

    /// <summary>Batches committed so far, and operations in them: for metrics and benchmarks.</summary>
    public long Batches { get; private set; }

    public long Operations { get; private set; }

    /// <summary>Queues an operation. Waits (backpressure) only when the queue is full.</summary>
    public ValueTask EnqueueAsync(WriteOperation operation, CancellationToken cancellationToken)
    {
        if (_queue.Writer.TryWrite(operation))
        {
            return ValueTask.CompletedTask;
        }

        return WaitAndEnqueueAsync(operation, cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "ferry-message-writer" };
        _thread.Start();
        return Task.CompletedTask;
    }

    /// <summary>Stops taking new operations, commits what is queued, then returns.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_thread is not null)
        {
            await _stopped.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _queue.Writer.TryComplete();

    private async ValueTask WaitAndEnqueueAsync(WriteOperation operation, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(operation, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new FerryException(ErrorCode.ServerShuttingDown, "the server is shutting down");
        }
    }

    private void Run()
    {
        try
        {
            using IMessagingWriteStore store = _openStore();
            var context = new WriterContext(store, _reads.MaxVersion(), _dependencies);
            var batch = new List<WriteOperation>(MaxBatch);
            ChannelReader<WriteOperation> reader = _queue.Reader;
            while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                batch.Clear();
                while (batch.Count < MaxBatch && reader.TryRead(out WriteOperation? operation))
                {
                    batch.Add(operation);
                }

                CommitBatch(store, context, batch);
            }
        }
        catch (Exception ex)
        {
            LogWriterDied(ex);
            FailQueued(ex);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void CommitBatch(IMessagingWriteStore store, WriterContext context, List<WriteOperation> batch)
    {
        try
        {
            context.BeginBatch();
            store.Begin();
            foreach (WriteOperation operation in batch)
            {
                try
                {
                    operation.Apply(context);
                }
                catch (FerryException rejected)
                {
                    // Operations validate before they write, so a rejection leaves the transaction as it was.
                    operation.Reject(rejected);
                }
            }

            context.FlushConversations();
            store.Commit();
        }
        catch (Exception ex)
        {
            LogBatchFailed(ex, batch.Count);
            store.Rollback();
            context.Reset(_reads.MaxVersion());
            var failure = new FerryException(ErrorCode.Unavailable, "the message could not be stored; retry with the same client message id", ex);
            foreach (WriteOperation operation in batch)
            {
                operation.Reject(failure);
            }

            return;
        }

        Batches++;
        Operations += batch.Count;
        foreach (WriteOperation operation in batch)
        {
            operation.Complete();
        }
    }

    private void FailQueued(Exception cause)
    {
        _queue.Writer.TryComplete();
        var failure = new FerryException(ErrorCode.Unavailable, "the message store is unavailable", cause);
        while (_queue.Reader.TryRead(out WriteOperation? operation))
        {
            operation.Reject(failure);
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "message batch of {Count} operations failed to commit; rolled back")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Critical, Message = "message writer stopped")]
    private partial void LogWriterDied(Exception ex);
}
