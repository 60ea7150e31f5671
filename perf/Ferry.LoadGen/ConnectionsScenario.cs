using System.Diagnostics;
using System.Globalization;

namespace Ferry.LoadGen;

/// <summary>
/// N authenticated idle TLS connections; the server's resident memory before and after, per connection.
/// Sessions: one password login per account (device "loadgen-dev"), then every connection of that account resumes
/// with that token and device id — a resume is what a reconnecting client does, and it costs no KDF and no commit.
/// </summary>
internal static class ConnectionsScenario
{
    public static async Task<int> RunAsync(Args args)
    {
        int count = args.Int("count", 10_000);
        int accounts = args.Int("accounts", Math.Max(1, count / 100));
        int parallel = args.Int("parallel", 64);
        int perAddress = args.Int("per-address", 10_000);
        int settle = args.Int("settle", 10);
        int timeLimit = args.Int("time-limit", 900);

        await using Fixture fixture = await Fixture.StartAsync(new Dictionary<string, string>
        {
            // No heartbeats from these clients: an idle timeout long enough for the whole measurement.
            ["FERRY_CONNECTIONS__IDLETIMEOUTSECONDS"] = "7200",
        });
        int pid = fixture.Server.ProcessId;
        Console.WriteLine($"ferryd {ProcStats.OpenFileLimit(pid)}");
        await fixture.CreateAccountsAsync(accounts);
        string[] tokens = await fixture.LoginAllAsync(accounts, i => (Fixture.AccountName(i), "loadgen-dev"));

        await Task.Delay(TimeSpan.FromSeconds(2));
        long rssBefore = ProcStats.RssBytes(pid);
        long selfBefore = ProcStats.RssBytes(Environment.ProcessId);
        Console.WriteLine($"before: ferryd RSS {Mib(rssBefore)}, loadgen RSS {Mib(selfBefore)}");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(timeLimit));
        var connections = new LightConnection?[count];
        var idle = new Task[count];
        int opened = 0, failed = 0;
        var cpu = new CpuWindow(pid);
        var clock = Stopwatch.StartNew();
        int checkpoint = Math.Max(1, count / 10);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = stop.Token }, async (i, ct) =>
        {
            try
            {
                LightConnection connection = await LightConnection.ConnectAsync(fixture.FramedEndPoint, ProcStats.SourceAddress(i, perAddress), fixture.Server.Fingerprint, ct);
                int account = i % accounts;
                await connection.HandshakeAsync(Fixture.AccountName(account), null, "loadgen-dev", tokens[account], ct);
                connections[i] = connection;
                idle[i] = connection.IdleAsync(stop.Token);
                int done = Interlocked.Increment(ref opened);
                if (done % checkpoint == 0)
                {
                    Console.WriteLine($"  {done,8} open after {clock.Elapsed.TotalSeconds,6:F1} s: ferryd RSS {Mib(ProcStats.RssBytes(pid))}, loadgen RSS {Mib(ProcStats.RssBytes(Environment.ProcessId))}");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (Interlocked.Increment(ref failed) <= 5)
                {
                    Console.WriteLine($"  connection {i} failed: {ex.GetType().Name}: {ex.Message}");
                }

                idle[i] = Task.CompletedTask;
            }
        });
        double openSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"opened {opened} (failed {failed}) in {openSeconds:F1} s = {opened / openSeconds:F0} connections/s (TLS handshake + Hello + resume)");
        Console.WriteLine(cpu.Report());

        await Task.Delay(TimeSpan.FromSeconds(settle));
        int stillOpen = idle.Count(t => t is { IsCompleted: false });
        long rssAfter = ProcStats.RssBytes(pid);
        long selfAfter = ProcStats.RssBytes(Environment.ProcessId);
        Console.WriteLine($"after {settle} s idle: {stillOpen} still open; ferryd RSS {Mib(rssAfter)} (VmHWM {ProcStats.StatusKilobytes(pid, "VmHWM:") / 1024} MiB), loadgen RSS {Mib(selfAfter)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT connections={stillOpen} ferryd_bytes_per_connection={(rssAfter - rssBefore) / Math.Max(1, stillOpen)} ({(rssAfter - rssBefore) / 1024.0 / Math.Max(1, stillOpen):F1} KiB) loadgen_bytes_per_connection={(selfAfter - selfBefore) / Math.Max(1, stillOpen)}"));

        stop.Cancel();
        await fixture.Server.KillAsync();
        foreach (LightConnection? connection in connections)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        return failed == 0 && stillOpen == count ? 0 : 1;
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB";
}
