using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;

namespace Ferry.LoadGen;

/// <summary>
/// Durable 1:1 messages end to end: sender i sends to account S+i, which is online on its own connection.
/// A message counts as delivered when the recipient's connection receives its ChangeNotice (sent by the server only
/// after the commit, i.e. after the fsync). The message text carries the send time, so the recipient measures latency.
/// </summary>
internal static class MessagingScenario
{
    /// <summary>Closed loop: each sender keeps up to W sends in flight (pipelined on one connection).</summary>
    public static async Task<int> ThroughputAsync(Args args)
    {
        int senders = args.Int("senders", 32);
        int seconds = args.Int("seconds", 20);
        int window = args.Int("window", 256);
        int warmup = args.Int("warmup", 3);
        int size = args.Int("size", 64);
        bool v7 = TimeOrderedIds(args);
        await using var run = await MessagingRun.StartAsync(senders, size, v7);
        run.StartClosedLoop(window);
        return await run.MeasureAsync(warmup, seconds, $"throughput senders={senders} window={window} size={size} ids={(v7 ? "v7" : "v4")}");
    }

    /// <summary>Open loop: R messages a second in total, paced on a schedule; latency counts from the scheduled time.</summary>
    public static async Task<int> LatencyAsync(Args args)
    {
        int rate = args.Int("rate", 5_000);
        int senders = args.Int("senders", 32);
        int seconds = args.Int("seconds", 20);
        int warmup = args.Int("warmup", 3);
        int size = args.Int("size", 64);
        bool v7 = TimeOrderedIds(args);
        await using var run = await MessagingRun.StartAsync(senders, size, v7);
        run.StartOpenLoop(rate);
        return await run.MeasureAsync(warmup, seconds, $"latency rate={rate}/s senders={senders} size={size} ids={(v7 ? "v7" : "v4")}");
    }

    /// <summary>
    /// "--ids v7" (default): time-ordered UUIDs as client message ids, as the SDK makes them; they land at the end of
    /// the server's (sender, client message id) index. "--ids v4": random UUIDs, as a third-party client might send.
    /// </summary>
    private static bool TimeOrderedIds(Args args) => args.String("ids", "v7") switch
    {
        "v4" => false,
        "v7" => true,
        string other => throw new ArgumentException($"--ids must be v4 or v7, not '{other}'"),
    };
}

/// <summary>One messaging measurement: the server, S sender and S recipient connections, counters.</summary>
internal sealed class MessagingRun : IAsyncDisposable
{
    private const int MaxOutstandingOpenLoop = 20_000;
    private readonly Fixture _fixture;
    private readonly LightConnection[] _senders;
    private readonly LightConnection[] _recipients;
    private readonly string _padding;
    private readonly bool _timeOrderedIds;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly List<long>[] _latencies;
    private long _acked;
    private long _delivered;
    private long _errors;
    private long _sent;
    private volatile bool _recording;

    private MessagingRun(Fixture fixture, LightConnection[] senders, LightConnection[] recipients, int size, bool timeOrderedIds)
    {
        _timeOrderedIds = timeOrderedIds;
        _fixture = fixture;
        _senders = senders;
        _recipients = recipients;
        _padding = new string('x', Math.Max(1, size - 20));
        _latencies = recipients.Select(_ => new List<long>(1 << 16)).ToArray();
    }

    public static async Task<MessagingRun> StartAsync(int senders, int size, bool timeOrderedIds)
    {
        Fixture fixture = await Fixture.StartAsync();
        await fixture.CreateAccountsAsync(2 * senders);
        var connections = new LightConnection[2 * senders];
        await Parallel.ForAsync(0, 2 * senders, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            connections[i] = await LightConnection.ConnectAsync(fixture.FramedEndPoint, System.Net.IPAddress.Loopback, fixture.Server.Fingerprint, ct);
            await connections[i].HandshakeAsync(Fixture.AccountName(i), Fixture.Password, "loadgen-dev", null, ct);
        });
        Console.WriteLine($"{senders} senders and {senders} recipients logged in");
        var run = new MessagingRun(fixture, connections[..senders], connections[senders..], size, timeOrderedIds);
        run.StartReaders();
        return run;
    }

    public void StartClosedLoop(int window)
    {
        for (int i = 0; i < _senders.Length; i++)
        {
            int index = i;
            _tasks.Add(Task.Run(() => ClosedLoopAsync(index, window)));
        }
    }

    public void StartOpenLoop(int totalRate)
    {
        double perSender = (double)totalRate / _senders.Length;
        for (int i = 0; i < _senders.Length; i++)
        {
            int index = i;
            _tasks.Add(Task.Run(() => OpenLoopAsync(index, perSender)));
        }
    }

    public async Task<int> MeasureAsync(int warmup, int seconds, string label)
    {
        await Task.Delay(TimeSpan.FromSeconds(warmup));
        long acked0 = Interlocked.Read(ref _acked), delivered0 = Interlocked.Read(ref _delivered), sent0 = Interlocked.Read(ref _sent);
        var cpu = new CpuWindow(_fixture.Server.ProcessId);
        var clock = Stopwatch.StartNew();
        _recording = true;
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        _recording = false;
        double elapsed = clock.Elapsed.TotalSeconds;
        long acked = Interlocked.Read(ref _acked) - acked0, delivered = Interlocked.Read(ref _delivered) - delivered0, sent = Interlocked.Read(ref _sent) - sent0;
        string cpuReport = cpu.Report();
        _stop.Cancel();
        await Task.WhenAll(_tasks).WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);

        Console.WriteLine(cpuReport);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT {label} seconds={elapsed:F1} sent_per_s={sent / elapsed:F0} acked_per_s={acked / elapsed:F0} delivered_per_s={delivered / elapsed:F0} errors={Interlocked.Read(ref _errors)}"));
        long[] all = _latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        if (all.Length > 0)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT latency_ms samples={all.Length} p50={Ms(all, 0.50):F2} p90={Ms(all, 0.90):F2} p99={Ms(all, 0.99):F2} p99.9={Ms(all, 0.999):F2} max={all[^1] * 1000.0 / Stopwatch.Frequency:F2}"));
        }

        return Interlocked.Read(ref _errors) == 0 ? 0 : 1;
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _fixture.Server.KillAsync();
        foreach (LightConnection connection in _senders.Concat(_recipients))
        {
            await connection.DisposeAsync();
        }

        await _fixture.DisposeAsync();
        _stop.Dispose();
    }

    private static double Ms(long[] sorted, double quantile) =>
        sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))] * 1000.0 / Stopwatch.Frequency;

    private void StartReaders()
    {
        for (int i = 0; i < _recipients.Length; i++)
        {
            List<long> latencies = _latencies[i];
            _tasks.Add(_recipients[i].RunReaderAsync((header, payload) => OnRecipientFrame(header, payload, latencies), _stop.Token));
        }
    }

    private void OnRecipientFrame(FrameHeader header, ReadOnlySequence<byte> payload, List<long> latencies)
    {
        if (header.Type != FrameType.ChangeNotice)
        {
            return;
        }

        ChangeNotice notice = ChangeNotice.Parser.ParseFrom(payload);
        Interlocked.Increment(ref _delivered);
        if (_recording && notice.Message is { } message)
        {
            string text = message.Text;
            int bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out long sentAt))
            {
                latencies.Add(Stopwatch.GetTimestamp() - sentAt);
            }
        }
    }

    private void OnSenderFrame(FrameHeader header, SemaphoreSlim? window, ref long outstanding)
    {
        if (header.Type == FrameType.SendAck)
        {
            Interlocked.Increment(ref _acked);
        }
        else if (header.Type == FrameType.Error)
        {
            if (Interlocked.Increment(ref _errors) <= 5)
            {
                Console.WriteLine($"  error frame for request {header.RequestId}");
            }
        }
        else
        {
            return;
        }

        Interlocked.Decrement(ref outstanding);
        window?.Release();
    }

    private void WriteSend(ArrayBufferWriter<byte> buffer, LightConnection connection, string peer, long scheduledTimestamp)
    {
        var request = new SendRequest
        {
            ClientMessageId = (_timeOrderedIds ? Guid.CreateVersion7() : Guid.NewGuid()).ToString(),
            PeerAccount = peer,
            Kind = MessageKind.MessageText,
            Text = scheduledTimestamp.ToString(CultureInfo.InvariantCulture) + "|" + _padding,
        };
        FrameWriter.Write(buffer, FrameType.SendRequest, connection.NextRequestId(), request, FrameEncoding.Plain(int.MaxValue));
    }

    private async Task ClosedLoopAsync(int index, int window)
    {
        LightConnection connection = _senders[index];
        string peer = Fixture.AccountName(_senders.Length + index);
        using var slots = new SemaphoreSlim(window, window);
        long outstanding = 0;
        Task reader = connection.RunReaderAsync((header, _) => OnSenderFrame(header, slots, ref outstanding), _stop.Token);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await slots.WaitAsync(_stop.Token);
                int batch = 1;
                while (batch < window && slots.Wait(0))
                {
                    batch++;
                }

                buffer.ResetWrittenCount();
                long now = Stopwatch.GetTimestamp();
                for (int i = 0; i < batch; i++)
                {
                    WriteSend(buffer, connection, peer, now);
                }

                Interlocked.Add(ref outstanding, batch);
                Interlocked.Add(ref _sent, batch);
                await connection.Stream.WriteAsync(buffer.WrittenMemory, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The run is over.
        }

        await reader;
    }

    private async Task OpenLoopAsync(int index, double rate)
    {
        LightConnection connection = _senders[index];
        string peer = Fixture.AccountName(_senders.Length + index);
        long outstanding = 0;
        Task reader = connection.RunReaderAsync((header, _) => OnSenderFrame(header, null, ref outstanding), _stop.Token);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        // Stagger the senders' schedules so their messages do not all fall due at the same instant.
        long start = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency / rate * index / _senders.Length);
        double ticksPerMessage = Stopwatch.Frequency / rate;
        long scheduled = 0;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                long now = Stopwatch.GetTimestamp();
                long due = (long)((now - start) / ticksPerMessage);
                buffer.ResetWrittenCount();
                int batch = 0;
                while (scheduled < due && Interlocked.Read(ref outstanding) + batch < MaxOutstandingOpenLoop)
                {
                    WriteSend(buffer, connection, peer, start + (long)(scheduled * ticksPerMessage));
                    scheduled++;
                    batch++;
                }

                if (batch > 0)
                {
                    Interlocked.Add(ref outstanding, batch);
                    Interlocked.Add(ref _sent, batch);
                    await connection.Stream.WriteAsync(buffer.WrittenMemory, _stop.Token);
                }

                await Task.Delay(1, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The run is over.
        }

        await reader;
    }
}
