using System.Diagnostics;
using Ferry.Appliance.Directory.Pinyin;

// Directory search timing harness. Usage:
//   dotnet run -c Release --project perf/Ferry.Perf.Directory -- [--accounts 100000] [--queries 20000] [--seed 42]
// Prints markdown tables for docs/performance.md ("Directory search").

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
Person Pick() => people[random.Next(people.Count)];
var kinds = new (string Name, Func<string> Query)[]
{
    ("full pinyin (zhangwei)", () => PinyinNameKeys.ToPinyin(table, Pick().Display)),
    ("initials (zw)", () => PinyinNameKeys.Build(table, Pick().Display).Initials.FirstOrDefault() ?? "zw"),
    ("pinyin prefix (zhangw)", () => { string f = PinyinNameKeys.ToPinyin(table, Pick().Display); return f[..Math.Max(1, f.Length * 2 / 3)]; }),
    ("one letter (z)", () => ((char)('a' + random.Next(26))).ToString()),
    ("surname (张)", () => Pick().Display[..1]),
    ("full Chinese name (张伟)", () => Pick().Display),
    ("given-name substring (伟)", () => Pick().Display[^1..]),
    ("account prefix (zhangwei1)", () => { string a = Pick().Account; return a[..Math.Max(2, a.Length - 2)]; }),
    ("mixed (ztom)", () => "z" + Names.LatinGiven[random.Next(Names.LatinGiven.Length)].ToLowerInvariant()),
    ("no match (qqxz)", () => "qqxz" + random.Next(100)),
};

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
        Console.WriteLine($"| {name} | {P(times, 50):F1} | {P(times, 99):F1} | {times[^1]:F0} | {hits / (double)perKind:F1} | {allocated / (double)perKind:F0} |");
    }
    double[] sorted = [.. all.Order()];
    Console.WriteLine($"| **all kinds** | **{P(sorted, 50):F1}** | **{P(sorted, 99):F1}** | {sorted[^1]:F0} | | |");
}

static double P(double[] sorted, double percentile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];

internal sealed record Person(long Id, string Account, string Display);

internal static class Names
{
    // Common surnames (including the polyphonic 单 曾 解 区 朴 查 仇 翟 乐), weighted by position: earlier ones are commoner.
    private const string Surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解区朴查仇翟乐";
    private const string Given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞辉宇浩然子涵欣怡梓轩一诺晨阳佳琪思雨文博雅婷嘉俊建国志强海燕春梅秋菊冬雪德华国庆长乐和平重阳行朝";
    public static readonly string[] LatinGiven = ["Tom", "Amy", "Leo", "Mia", "Max", "Eva", "Ian", "Zoe", "Ben", "Lily"];
    private static readonly string[] LatinSurnames = ["Smith", "Brown", "Lee", "Wong", "Chan", "Taylor", "Martin", "Garcia"];

    public static List<Person> Generate(int count, int seed, PinyinTable table)
    {
        var random = new Random(seed);
        var people = new List<Person>(count);
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        for (int id = 1; people.Count < count; id++)
        {
            string display;
            int roll = random.Next(100);
            if (roll < 3)
            {
                display = LatinGiven[random.Next(LatinGiven.Length)] + " " + LatinSurnames[random.Next(LatinSurnames.Length)];
            }
            else
            {
                display = Surname(random).ToString();
                if (roll < 8)
                {
                    display += LatinGiven[random.Next(LatinGiven.Length)];
                }
                else
                {
                    int given = random.Next(10) < 7 ? 2 : 1;
                    for (int g = 0; g < given; g++)
                    {
                        display += Given[random.Next(Given.Length)];
                    }
                }
            }
            string baseAccount = PinyinNameKeys.ToPinyin(table, display);
            string account = baseAccount;
            for (int n = 2; !accounts.Add(account); n++)
            {
                account = baseAccount + n;
            }
            people.Add(new Person(id, account, display));
        }
        return people;
    }

    public static string Rename(Random random, string display) => Surname(random) + display[1..];

    // Skewed towards the common surnames: min of two uniform draws.
    private static char Surname(Random random) => Surnames[Math.Min(random.Next(Surnames.Length), random.Next(Surnames.Length))];
}
