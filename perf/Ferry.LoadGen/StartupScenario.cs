using System.Diagnostics;
using System.Globalization;
using Ferry.Testing;

namespace Ferry.LoadGen;

/// <summary>
/// Start-up time: from just before the process is spawned to its "ready" log line (logged when the host has started,
/// at the moment /healthz turns to "ok", which is then checked). The data directory is initialised once beforehand;
/// each run is a graceful stop and a fresh start on it.
/// </summary>
internal static class StartupScenario
{
    public static async Task<int> RunAsync(Args args)
    {
        int runs = args.Int("runs", 7);
        await using Fixture fixture = await Fixture.StartAsync();
        FerrydProcess server = fixture.Server;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var times = new List<double>();
        for (int run = 0; run < runs; run++)
        {
            await server.StopAsync(TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            await server.StartAsync();
            double ready = clock.Elapsed.TotalMilliseconds;
            string health = await http.GetStringAsync($"http://127.0.0.1:{server.DiscoveryPort}/healthz");
            double healthy = clock.Elapsed.TotalMilliseconds;
            times.Add(ready);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  run {run + 1}: ready after {ready:F0} ms, /healthz '{health}' after {healthy:F0} ms, RSS {ProcStats.RssBytes(server.ProcessId) / 1048576.0:F1} MiB"));
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT startup runs={runs} median_ms={times[times.Count / 2]:F0} min_ms={times[0]:F0} max_ms={times[^1]:F0}"));
        return 0;
    }
}
