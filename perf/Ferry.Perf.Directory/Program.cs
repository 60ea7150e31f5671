using System.Diagnostics;
using Ferry.Appliance.Directory.Pinyin;

using Ferry.Perf.Directory;

// Directory timing harness. Usage:
//   dotnet run -c Release --project perf/Ferry.Perf.Directory -- [--accounts 100000] [--queries 20000] [--seed 42]
//       the in-process name search index ("Directory search" in docs/performance.md)
//   dotnet run -c Release --project perf/Ferry.Perf.Directory -- wire [--accounts 100000] [--departments 2000] ...
//       a real ferryd over the framed protocol and HTTPS ("Directory at 100,000 accounts"); see WireScenario.cs
if (args.Length > 0 && args[0] == "wire")
{
    return await WireScenario.RunAsync(args[1..]);
}

int accounts = 100_000, queriesPerKind = 20_000, seed = 42;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--accounts": accounts = int.Parse(args[i + 1]); break;
        case "--queries": queriesPerKind = int.Parse(args[i + 1]); break;
        case "--seed": seed = int.Parse(args[i + 1]); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

var table = PinyinTable.Shared;
Console.WriteLine($"pinyin table: {table.CharacterCount} characters, {table.Syllables.Count} syllables, first load {PinyinTable.SharedLoadTime.TotalMilliseconds:F1} ms");
long loadStart = Stopwatch.GetTimestamp();
const int reloads = 20;
for (int i = 0; i < reloads; i++)
{
    PinyinTable.LoadEmbedded();
}
Console.WriteLine($"pinyin table reload (warm): {Stopwatch.GetElapsedTime(loadStart).TotalMilliseconds / reloads:F2} ms");

var people = Names.Generate(accounts, seed, table);
Console.WriteLine($"{people.Count} synthetic accounts, seed {seed}; e.g. {string.Join(", ", people.Take(8).Select(p => p.Display + "/" + p.Account))}");

// Bulk build (Reset) and memory.
GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
long before = GC.GetTotalMemory(true);
long buildStart = Stopwatch.GetTimestamp();
var index = new NameSearchIndex(table);
index.Reset(people.Select(p => (p.Id, p.Account, p.Display)));
TimeSpan bulkBuild = Stopwatch.GetElapsedTime(buildStart);
long after = GC.GetTotalMemory(true);
Console.WriteLine($"bulk build (Reset) of {accounts}: {bulkBuild.TotalMilliseconds:F0} ms; index memory {(after - before) / 1048576.0:F1} MiB ({(after - before) / (double)accounts:F0} B/account)");

// One-by-one build (Add): exercises the delta and the periodic segment rebuilds.
var incremental = new NameSearchIndex(table);
long addStart = Stopwatch.GetTimestamp();
foreach (var p in people)
{
    incremental.Add(p.Id, p.Account, p.Display);
}
Console.WriteLine($"one-by-one Add of {accounts}: {Stopwatch.GetElapsedTime(addStart).TotalMilliseconds:F0} ms ({incremental.SegmentBuilds} segment builds)");
incremental = null;

var random = new Random(seed + 1);
var kinds = QueryKinds.Build(people, table, random);

Console.WriteLine();
Console.WriteLine($"limit 20, {queriesPerKind} queries per kind, 1 thread:");
Measure(index, kinds, queriesPerKind, random, visible: null);
Console.WriteLine();
Console.WriteLine("with a visibility predicate hiding every 10th account:");
Measure(index, kinds, queriesPerKind / 2, random, visible: id => id % 10 != 0);

// Worst case for the delta: pending changes just short of a segment rebuild (delta + replaced entries > accounts/32).
int threshold = Math.Max(256, accounts / 32);
int renames = 0;
int buildsBefore = index.SegmentBuilds;
double slowestRename = 0;
while (true)
{
    var p = people[random.Next(people.Count)];
    long t0 = Stopwatch.GetTimestamp();
    index.Update(p.Id, p.Account, Names.Rename(random, p.Display));
    double ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
    renames++;
    if (index.SegmentBuilds != buildsBefore)
    {
        Console.WriteLine();
        Console.WriteLine($"rename that folds the delta into a new segment (merge): {ms:F1} ms (writer only; searches keep using the old snapshot); other renames: max {slowestRename:F2} ms");
        buildsBefore = index.SegmentBuilds;
        renames = 0;
        slowestRename = 0;
        continue;
    }
    slowestRename = Math.Max(slowestRename, ms);
    if (renames * 2 >= threshold - 2)   // each rename of a segment entry adds one delta entry and one replaced entry
    {
        break;
    }
}
Console.WriteLine();
Console.WriteLine($"after {renames} renames pending in the delta (just below the rebuild threshold):");
Measure(index, kinds, queriesPerKind / 2, random, visible: null);
for (int builds = index.SegmentBuilds; index.SegmentBuilds == builds;)
{
    var p = people[random.Next(people.Count)];
    long t0 = Stopwatch.GetTimestamp();
    index.Update(p.Id, p.Account, Names.Rename(random, p.Display));
    if (index.SegmentBuilds != builds)
    {
        Console.WriteLine();
        Console.WriteLine($"the change that folds the delta into a new segment (merge, {index.Count} accounts): {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:F1} ms, writer only; searches keep using the old snapshot");
    }
}
return 0;

static void Measure(NameSearchIndex index, (string Name, Func<string> Query)[] kinds, int perKind, Random random, Func<long, bool>? visible)
{
    var results = new List<NameSearchHit>(32);
    var all = new List<double>();
    Console.WriteLine("| query kind | p50 µs | p99 µs | max µs | hits (mean) | bytes/query |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    foreach (var (name, make) in kinds)
    {
        string[] queries = Enumerable.Range(0, perKind).Select(_ => make()).ToArray();
        foreach (string q in queries.Take(2000))   // warm-up (JIT tiers)
        {
            results.Clear();
            index.Search(q, 20, visible, results);
        }
        var times = new double[perKind];
        long hits = 0;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < perKind; i++)
        {
            results.Clear();
            long t0 = Stopwatch.GetTimestamp();
            hits += index.Search(queries[i], 20, visible, results);
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Array.Sort(times);
        all.AddRange(times);
        Console.WriteLine($"| {name} | {QueryKinds.Percentile(times, 50):F1} | {QueryKinds.Percentile(times, 99):F1} | {times[^1]:F0} | {hits / (double)perKind:F1} | {allocated / (double)perKind:F0} |");
    }
    double[] sorted = [.. all.Order()];
    Console.WriteLine($"| **all kinds** | **{QueryKinds.Percentile(sorted, 50):F1}** | **{QueryKinds.Percentile(sorted, 99):F1}** | {sorted[^1]:F0} | | |");
}
