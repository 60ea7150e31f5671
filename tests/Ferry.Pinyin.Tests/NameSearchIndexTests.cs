namespace Ferry.Pinyin.Tests;

public sealed class NameSearchIndexTests
{
    private static NameSearchIndex Sample()
    {
        var index = new NameSearchIndex();
        index.Add(1, "zhangsan", "张三");
        index.Add(2, "zhangshan", "张珊");
        index.Add(3, "zhaosi", "赵四");
        index.Add(4, "shantf", "单田芳");
        index.Add(5, "zenggf", "曾国藩");
        index.Add(6, "xiejin", "解缙");
        index.Add(7, "tomz", "张Tom");
        index.Add(8, "tsmith", "Tom Smith");
        index.Add(9, "lisi", "李四");
        index.Add(10, "wangwu", "王五");
        return index;
    }

    private static long[] Ids(NameSearchIndex index, string? query, int limit = 20, Func<long, bool>? visible = null)
        => index.Search(query, limit, visible).Select(h => h.AccountId).ToArray();

    [Theory]
    [InlineData("zs")]
    [InlineData("zhangsan")]
    [InlineData("ZhangSan")]
    [InlineData("zhang san")]
    [InlineData("zhangs")]
    [InlineData("zhang")]
    [InlineData("张")]
    [InlineData("张三")]
    [InlineData("三")]
    [InlineData("  zs  ")]
    [InlineData("ｚｓ")]
    public void ZhangSanIsFound(string query)
    {
        Assert.Contains(1L, Ids(Sample(), query));
    }

    [Fact]
    public void InitialsFindEveryoneWithThem()
    {
        long[] ids = Ids(Sample(), "zs");
        Assert.Equal([1L, 2L, 3L], ids.Order().ToArray());
    }

    [Theory]
    [InlineData("shantianfang", 4)]
    [InlineData("dantianfang", 4)]
    [InlineData("chantianfang", 4)]
    [InlineData("stf", 4)]
    [InlineData("dtf", 4)]
    [InlineData("田芳", 4)]
    [InlineData("zengguofan", 5)]
    [InlineData("cengguofan", 5)]
    [InlineData("zgf", 5)]
    [InlineData("xiejin", 6)]
    [InlineData("jiejin", 6)]
    [InlineData("jj", 6)]
    public void PolyphonicNamesAreFoundByEveryReading(string query, long id)
    {
        Assert.Contains(id, Ids(Sample(), query));
    }

    [Theory]
    [InlineData("zhangtom")]
    [InlineData("ztom")]
    [InlineData("zt")]
    [InlineData("张tom")]
    [InlineData("张T")]
    [InlineData("TOM")]
    public void MixedNamesAreFound(string query)
    {
        Assert.Contains(7L, Ids(Sample(), query));
    }

    [Theory]
    [InlineData("tom")]
    [InlineData("Tom Smith")]
    [InlineData("tomsmith")]
    [InlineData("ts")]
    [InlineData("smith")]
    [InlineData("tsmi")]
    public void LatinNamesAreFound(string query)
    {
        Assert.Contains(8L, Ids(Sample(), query));
    }

    [Fact]
    public void MatchKindsAreReported()
    {
        NameSearchIndex index = Sample();
        Assert.Equal(NameMatch.ExactName, index.Search("张三", 5).Single(h => h.AccountId == 1).Match);
        Assert.Equal(NameMatch.ExactName, index.Search("ZHANGSAN", 5).Single(h => h.AccountId == 1).Match);
        Assert.Equal(NameMatch.ExactPinyin, index.Search("zs", 5).Single(h => h.AccountId == 1).Match);
        Assert.Equal(NameMatch.NamePrefix, index.Search("zhangsa", 5).Single(h => h.AccountId == 1).Match);
        Assert.Equal(NameMatch.PinyinPrefix, index.Search("shantian", 5).Single(h => h.AccountId == 4).Match);
        Assert.Equal(NameMatch.NameSubstring, index.Search("三", 5).Single(h => h.AccountId == 1).Match);
        NameSearchHit hit = index.Search("zs", 5)[0];
        Assert.Equal(("zhangsan", "张三"), (hit.AccountName, hit.DisplayName));
    }

    [Fact]
    public void RankingIsExactThenPrefixThenSubstringNamesBeforePinyin()
    {
        var index = new NameSearchIndex();
        index.Add(6, "x1", "abzs");           // substring of the display name
        index.Add(5, "zhangsl", "张森林");      // pinyin prefix: zsl
        index.Add(4, "zsun", "孙");            // account prefix
        index.Add(3, "zhaoshun", "赵顺");       // exact initials, sorts after zhangsan
        index.Add(2, "zhangsan", "张三");       // exact initials
        index.Add(1, "zs", "Zoe Stone");       // exact account
        var hits = index.Search("zs", 10);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L], hits.Select(h => h.AccountId).ToArray());
        Assert.Equal(
            [NameMatch.ExactName, NameMatch.ExactPinyin, NameMatch.ExactPinyin, NameMatch.NamePrefix, NameMatch.PinyinPrefix, NameMatch.NameSubstring],
            hits.Select(h => h.Match).ToArray());
        Assert.Equal([1L, 2L, 3L], Ids(index, "zs", limit: 3));
    }

    [Fact]
    public void VisibilityFilterHidesAccountsAndStillFillsTheLimit()
    {
        NameSearchIndex index = Sample();
        Assert.Equal([2L, 3L], Ids(index, "zs", limit: 2, visible: id => id != 1));
        Assert.Empty(Ids(index, "zhangsan", visible: _ => false));
    }

    [Fact]
    public void RemoveAndUpdate()
    {
        NameSearchIndex index = Sample();
        Assert.False(index.Add(1, "other", "其他"));
        Assert.True(index.Remove(1));
        Assert.False(index.Remove(1));
        Assert.DoesNotContain(1L, Ids(index, "zs"));
        Assert.Empty(Ids(index, "zhangsan"));

        Assert.True(index.Update(2, "zhangshan", "单珊"));    // renamed
        Assert.DoesNotContain(2L, Ids(index, "zs"));
        Assert.Contains(2L, Ids(index, "shanshan"));
        Assert.Contains(2L, Ids(index, "ds"));
        Assert.Contains(2L, Ids(index, "zhangshan"));         // account unchanged
        Assert.False(index.Update(100, "new", "新人"));        // update of an unknown id adds it
        Assert.Equal([100L], Ids(index, "xinren"));
        Assert.Equal(10, index.Count);
        Assert.True(index.Contains(100));
        Assert.False(index.Contains(1));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\0\0")]
    public void EmptyQueriesFindNothing(string? query)
    {
        Assert.Empty(Ids(Sample(), query));
    }

    [Fact]
    public void OverLongQueriesAndBadLimitsFindNothing()
    {
        var index = new NameSearchIndex();
        string longName = new('a', NameSearchIndex.MaxQueryLength);
        index.Add(1, longName, "Long");
        Assert.Equal([1L], Ids(index, longName));
        Assert.Empty(Ids(index, longName + "a"));
        Assert.Empty(Ids(index, new string('张', 10_000)));
        Assert.Empty(Ids(index, "a", limit: 0));
        Assert.Empty(Ids(index, "a", limit: -1));
        Assert.Single(Ids(index, "a", limit: int.MaxValue));
    }

    [Fact]
    public void OddQueriesDoNotThrow()
    {
        NameSearchIndex index = Sample();
        foreach (string q in new[] { "\0", "'", "·", "张'", "zh'ang", "\uD800", "😀", "a\0b", "%", "*", "ü", "lü" })
        {
            _ = index.Search(q, 10);
        }
        index.Add(20, "lvbu", "吕布");
        Assert.Contains(20L, Ids(index, "lüb"));
        Assert.Contains(20L, Ids(index, "lvbu"));
        Assert.Contains(1L, Ids(index, "zh'ang s"));
    }

    [Fact]
    public void ResetReplacesEverything()
    {
        NameSearchIndex index = Sample();
        index.Reset([(100, "a100", "张三丰"), (101, "a101", "李四光")]);
        Assert.Equal(2, index.Count);
        Assert.Equal([100L], Ids(index, "zsf"));
        Assert.Empty(Ids(index, "wangwu"));
    }

    /// <summary>
    /// Thousands of random changes (adds, renames, removals) across segment rebuilds, compared query by query with a
    /// brute-force search over the same names; this checks the early stops of the segment scan and the delta merge.
    /// </summary>
    [Fact]
    public void MatchesBruteForceThroughRandomChanges()
    {
        var random = new Random(20261122);
        var index = new NameSearchIndex();
        var model = new Dictionary<long, (string Account, string Display, long Order, PinyinKeys Keys)>();
        long order = 0;
        string Name()
        {
            string surnames = "张王李赵单曾解长乐区";
            string given = "三四五伟芳田国藩和重明";
            int n = random.Next(1, 3);
            string s = surnames[random.Next(surnames.Length)].ToString();
            for (int i = 0; i < n; i++)
            {
                s += given[random.Next(given.Length)];
            }
            return random.Next(10) == 0 ? s + "Tom" : s;
        }
        string[] queries = ["z", "zs", "zh", "zhang", "zhangsan", "s", "sh", "shan", "d", "dt", "张", "三", "田芳", "tom", "a1", "a12", "c", "l", "zw", "cg", "x"];
        for (int step = 0; step < 3000; step++)
        {
            long id = random.Next(600);
            int action = random.Next(10);
            if (action < 7)
            {
                string account = "a" + id;
                string display = Name();
                index.Update(id, account, display);
                model[id] = (account, display, order++, PinyinNameKeys.Build(PinyinTable.Shared, display));
            }
            else
            {
                Assert.Equal(model.Remove(id), index.Remove(id));
            }
            if (step % 50 == 0)
            {
                foreach (string q in queries)
                {
                    int limit = random.Next(1, 30);
                    Func<long, bool>? visible = random.Next(3) == 0 ? i => i % 3 != 0 : null;
                    var expected = BruteForce(model, q, limit, visible);
                    var actual = index.Search(q, limit, visible).Select(h => (h.AccountId, h.Match)).ToList();
                    Assert.True(expected.SequenceEqual(actual),
                        $"step {step} query {q} limit {limit}: expected {string.Join(' ', expected)} got {string.Join(' ', actual)}");
                }
            }
        }
        Assert.Equal(model.Count, index.Count);
        Assert.True(index.SegmentBuilds > 1);
    }

    private static List<(long, NameMatch)> BruteForce(Dictionary<long, (string Account, string Display, long Order, PinyinKeys Keys)> model,
        string query, int limit, Func<long, bool>? visible)
    {
        string q = query.ToLowerInvariant();
        var rows = new List<(NameMatch Match, string Key, string Sort, long Order, long Id)>();
        foreach (var (id, (account, display, order, keys)) in model)
        {
            if (visible is not null && !visible(id))
            {
                continue;
            }
            string[] pinyin = [.. keys.Full, .. keys.Initials];
            string d = display.ToLowerInvariant(), a = account.ToLowerInvariant();
            string sort = keys.Full.Length > 0 ? keys.Full[0] : d;
            string? prefixName = new[] { d, a }.Where(k => k.StartsWith(q, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
            string? prefixPinyin = pinyin.Where(k => k.StartsWith(q, StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
            bool hasHan = q.Any(PinyinTable.Shared.HasReadings);
            if (d == q || a == q)
            {
                rows.Add((NameMatch.ExactName, "", sort, order, id));
            }
            else if (!hasHan && pinyin.Contains(q))
            {
                rows.Add((NameMatch.ExactPinyin, "", sort, order, id));
            }
            else if (prefixName is not null)
            {
                rows.Add((NameMatch.NamePrefix, prefixName, sort, order, id));
            }
            else if (!hasHan && prefixPinyin is not null)
            {
                rows.Add((NameMatch.PinyinPrefix, prefixPinyin, sort, order, id));
            }
            else if (d.Contains(q, StringComparison.Ordinal) || a.Contains(q, StringComparison.Ordinal))
            {
                rows.Add((NameMatch.NameSubstring, "", "", order, id));
            }
        }
        return rows
            .OrderBy(r => r.Match)
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .ThenBy(r => r.Match == NameMatch.NameSubstring ? "" : r.Sort, StringComparer.Ordinal)
            .ThenBy(r => r.Match == NameMatch.NameSubstring ? r.Order : r.Id)
            .Take(limit)
            .Select(r => (r.Id, r.Match))
            .ToList();
    }

    [Fact]
    public async Task SearchesRunConcurrentlyWithChanges()
    {
        var index = new NameSearchIndex();
        index.Reset(Enumerable.Range(0, 2000).Select(i => ((long)i, "u" + i, i % 2 == 0 ? "张三" + i : "李四" + i)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        Task writer = Task.Run(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                index.Update(i % 3000, "u" + i, i % 2 == 0 ? "单田芳" : "张三");
                if (i % 7 == 0)
                {
                    index.Remove((i * 13) % 3000);
                }
            }
        });
        Task[] readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (string q in new[] { "zs", "zhangsan", "stf", "张", "u1", "三1" })
                {
                    var hits = index.Search(q, 20);
                    Assert.True(hits.Count <= 20);
                    Assert.Equal(hits.Count, hits.Select(h => h.AccountId).Distinct().Count());
                }
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);
    }
}
