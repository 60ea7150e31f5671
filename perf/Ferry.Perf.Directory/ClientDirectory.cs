using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Ferry.Appliance.Directory.Pinyin;
using Ferry.Client;
using Ferry.Testing;
using Ferry.Transport.Contracts;

namespace Ferry.Perf.Directory;

/// <summary>What a client does with the directory, timed over the framed protocol with the SDK (FerryClient).</summary>
internal static partial class WireScenario
{
    private const int FullSyncRuns = 3;
    private const int Changes = 100;

    private static async Task ClientDirectoryAsync(FerrydProcess server, AdminApi admin, List<Person> people, int queriesPerKind, int seed)
    {
        string root = Path.Combine(Path.GetTempPath(), "ferry-perf-directory-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            Person viewer = people[0];
            var fullSync = new List<double>();
            var random = new Random(seed + 2);
            FerryClient? client = null;
            for (int run = 0; run < FullSyncRuns; run++)
            {
                if (client is not null)
                {
                    await client.DisposeAsync();
                }

                client = await ConnectAsync(server, viewer.Account, Path.Combine(root, "run" + run.ToString(CultureInfo.InvariantCulture)));
                var clock = Stopwatch.StartNew();
                int pages = await client.SyncDirectoryAsync();
                double ms = clock.Elapsed.TotalMilliseconds;
                fullSync.Add(ms);
                long bytes = client.Directory.Accounts.Sum(a => (long)a.CalculateSize()) + client.Directory.Departments.Sum(d => (long)d.CalculateSize());
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"full directory sync {run + 1}: {ms:F0} ms, {pages} pages, {client.Directory.Accounts.Count} accounts, {client.Directory.Departments.Count} departments, {bytes / 1048576.0:F1} MiB of protobuf before compression"));
                if (client.Directory.Accounts.Count < people.Count)
                {
                    throw new InvalidOperationException($"the first sync brought {client.Directory.Accounts.Count} accounts, expected at least {people.Count}");
                }
            }

            Console.WriteLine($"RESULT full initial directory sync: median {Median(fullSync):F0} ms of {FullSyncRuns} (fresh client each)");

            // The client goes offline holding its copy (saved beside its session); an administrator changes 100
            // distinct accounts (a title each); the client comes back and fetches only those. Offline, because a
            // connected client receives the change notice and syncs by itself (DirectoryNotice.directory_version).
            string copy = Path.Combine(root, "run" + (FullSyncRuns - 1).ToString(CultureInfo.InvariantCulture));
            ulong before = client!.Directory.Version;
            long[] targets = Enumerable.Range(0, people.Count).OrderBy(_ => random.Next()).Take(Changes)
                .Select(i => (long)client.Directory.FindAccount(people[i].Account)!.Id).ToArray();
            await client.DisposeAsync();
            for (int i = 0; i < targets.Length; i++)
            {
                using HttpResponseMessage response = await admin.Http.PatchAsync($"/api/v1/admin/directory/accounts/{targets[i]}", AdminApi.Json(new JsonObject { ["title"] = "改" + i.ToString(CultureInfo.InvariantCulture) }));
                response.EnsureSuccessStatusCode();
            }

            // Benchmark set-up, not synchronisation: let the server's once-a-second change broadcast pass while no client is connected.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var reopen = Stopwatch.StartNew();
            await using FerryClient synced = await ConnectAsync(server, viewer.Account, copy);
            double connectMs = reopen.Elapsed.TotalMilliseconds;
            if (synced.Directory.Version != before)
            {
                throw new InvalidOperationException($"the reconnected client holds version {synced.Directory.Version}, expected the saved {before}");
            }

            var incremental = Stopwatch.StartNew();
            int incrementalPages = await synced.SyncDirectoryAsync();
            double incrementalMs = incremental.Elapsed.TotalMilliseconds;
            int changed = synced.Directory.Accounts.Count(a => a.Version > before);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"RESULT incremental sync after {Changes} changes: {incrementalMs:F1} ms, {incrementalPages} page(s), {changed} accounts newer than the saved copy (reconnect with the saved copy of {synced.Directory.Accounts.Count} accounts: {connectMs:F0} ms)"));
            if (changed != Changes)
            {
                throw new InvalidOperationException($"the incremental sync brought {changed} changed accounts, expected {Changes}");
            }

            await SearchAsync(synced, people, queriesPerKind, seed);
        }
        finally
        {
            if (System.IO.Directory.Exists(root))
            {
                System.IO.Directory.Delete(root, recursive: true);
            }
        }
    }

    private static async Task SearchAsync(FerryClient client, List<Person> people, int queriesPerKind, int seed)
    {
        var random = new Random(seed + 1);
        var kinds = QueryKinds.Build(people, PinyinTable.Shared, random);
        foreach ((_, Func<string> make) in kinds)
        {
            for (int i = 0; i < 50; i++)
            {
                _ = await client.SearchDirectoryAsync(make());   // warm-up (JIT tiers on both sides)
            }
        }

        var all = new List<double>();
        Console.WriteLine($"directory search over the framed protocol, limit 20, {queriesPerKind} queries per kind, one client, one request at a time:");
        Console.WriteLine("| query kind | p50 ms | p99 ms | max ms | hits (mean) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach ((string name, Func<string> make) in kinds)
        {
            var times = new double[queriesPerKind];
            long hits = 0;
            for (int i = 0; i < queriesPerKind; i++)
            {
                string query = make();
                long start = Stopwatch.GetTimestamp();
                hits += (await client.SearchDirectoryAsync(query)).Count;
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(times);
            all.AddRange(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {QueryKinds.Percentile(times, 50):F2} | {QueryKinds.Percentile(times, 99):F2} | {times[^1]:F1} | {hits / (double)queriesPerKind:F1} |"));
        }

        double[] sorted = [.. all.Order()];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| **all kinds** | **{QueryKinds.Percentile(sorted, 50):F2}** | **{QueryKinds.Percentile(sorted, 99):F2}** | {sorted[^1]:F1} | |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT search over the wire: p50 {QueryKinds.Percentile(sorted, 50):F2} ms, p99 {QueryKinds.Percentile(sorted, 99):F2} ms ({sorted.Length} queries)"));
    }

    private static Task<FerryClient> ConnectAsync(FerrydProcess server, string account, string configDirectory) =>
        FerryClient.ConnectAsync(new FerryClientOptions
        {
            Server = server.Server,
            User = account,
            Password = Password,
            PinnedFingerprint = server.Fingerprint,
            ConfigDirectory = configDirectory,
            ReceiveMessages = false,
        });

    private static double Median(List<double> values) => QueryKinds.Percentile([.. values.Order()], 50);
}
