using System.Diagnostics;
using System.Globalization;

namespace Ferry.LoadGen;

/// <summary>
/// A reconnect storm: K sessions are made (password logins, 10 devices per account), ferryd is killed (SIGKILL) and
/// started again on the same data directory, then N connections (connection i uses session i mod K) all connect,
/// say Hello and resume at once, P handshakes in flight at a time.
/// </summary>
internal static class ResumeScenario
{
    public static async Task<int> RunAsync(Args args)
    {
        int count = args.Int("count", 10_000);
        int sessions = args.Int("sessions", Math.Min(count, 2_000));
        int parallel = args.Int("parallel", 256);
        int perAddress = args.Int("per-address", 10_000);
        int timeLimit = args.Int("time-limit", 600);
        int devicesPerAccount = 10;
        int accounts = Math.Max(1, (sessions + devicesPerAccount - 1) / devicesPerAccount);

        await using Fixture fixture = await Fixture.StartAsync(new Dictionary<string, string> { ["FERRY_CONNECTIONS__IDLETIMEOUTSECONDS"] = "7200" });
        await fixture.CreateAccountsAsync(accounts);
        string[] tokens = await fixture.LoginAllAsync(sessions, i => (Fixture.AccountName(i % accounts), Device(i)));

        var restart = Stopwatch.StartNew();
        await fixture.Server.KillAsync();
        await fixture.Server.StartAsync();
        Console.WriteLine($"ferryd killed and restarted in {restart.Elapsed.TotalMilliseconds:F0} ms, pid {fixture.Server.ProcessId}, framed port {fixture.Server.FramedPort}");
        int pid = fixture.Server.ProcessId;

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(timeLimit));
        var connections = new LightConnection?[count];
        long[] took = new long[count];
        int failed = 0;
        var cpu = new CpuWindow(pid);
        long start = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = stop.Token }, async (i, ct) =>
        {
            long begin = Stopwatch.GetTimestamp();
            try
            {
                LightConnection connection = await LightConnection.ConnectAsync(fixture.FramedEndPoint, ProcStats.SourceAddress(i, perAddress), fixture.Server.Fingerprint, ct);
                int session = i % sessions;
                await connection.HandshakeAsync(Fixture.AccountName(session % accounts), null, Device(session), tokens[session], ct);
                connections[i] = connection;
                took[i] = Stopwatch.GetTimestamp() - begin;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                took[i] = -1;
                if (Interlocked.Increment(ref failed) <= 5)
                {
                    Console.WriteLine($"  connection {i} failed: {ex.GetType().Name}: {ex.Message}");
                }
            }
        });
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        int resumed = count - failed;
        Console.WriteLine(cpu.Report());
        long[] ok = took.Where(t => t >= 0).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT resume count={count} sessions={sessions} parallel={parallel} resumed={resumed} failed={failed} seconds={seconds:F2} resumes_per_s={resumed / seconds:F0} " +
            $"per_connection_ms p50={Ms(ok, 0.5):F1} p99={Ms(ok, 0.99):F1} max={Ms(ok, 1):F1}"));

        await fixture.Server.KillAsync();
        foreach (LightConnection? connection in connections)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static string Device(int session) => "loadgen-dev-" + session.ToString(CultureInfo.InvariantCulture);

    private static double Ms(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
}
