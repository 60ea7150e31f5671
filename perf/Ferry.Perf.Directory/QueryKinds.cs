using Ferry.Appliance.Directory.Pinyin;

namespace Ferry.Perf.Directory;

/// <summary>The kinds of name query a user types, drawn from the synthetic people, shared by the in-process and wire harnesses.</summary>
internal static class QueryKinds
{
    public static (string Name, Func<string> Query)[] Build(List<Person> people, PinyinTable table, Random random)
    {
        Person Pick() => people[random.Next(people.Count)];
        return
        [
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
        ];
    }

    /// <summary>The nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sorted, double percentile) =>
        sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];
}
