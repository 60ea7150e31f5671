using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace Ferry.Pinyin.Tests;

public sealed class PinyinTableTests(ITestOutputHelper output)
{
    private static readonly PinyinTable Table = PinyinTable.Shared;

    [Fact]
    public void EmbeddedTableLoadsAllOfTheUnifiedIdeographsThatHaveReadings()
    {
        output.WriteLine($"shared load: {PinyinTable.SharedLoadTime.TotalMilliseconds:F2} ms, {Table.CharacterCount} characters, {Table.Syllables.Count} syllables");
        Assert.Equal(26676, Table.CharacterCount);
        Assert.InRange(Table.Syllables.Count, 400, 440);
        Assert.All(Table.Syllables, s => Assert.Matches("^[a-z]{1,6}$", s));
        Assert.True(PinyinTable.SharedLoadTime < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void LoadingAgainIsFast()
    {
        PinyinTable.LoadEmbedded();   // warm
        long start = Stopwatch.GetTimestamp();
        PinyinTable table = PinyinTable.LoadEmbedded();
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        output.WriteLine($"warm load: {elapsed.TotalMilliseconds:F2} ms");
        Assert.Equal(Table.CharacterCount, table.CharacterCount);
        Assert.True(elapsed < TimeSpan.FromMilliseconds(500), $"load took {elapsed.TotalMilliseconds} ms");
    }

    [Theory]
    [InlineData('张', "zhang")]
    [InlineData('三', "san")]
    [InlineData('单', "dan,chan,shan")]
    [InlineData('解', "jie,xie")]
    [InlineData('吕', "lv")]
    [InlineData('女', "nv")]
    [InlineData('区', "qu,ou")]
    [InlineData('\u3400', "qiu")]   // Extension A
    [InlineData('龥', "yu")]        // U+9FA5
    public void ReadingsAreTonelessCustomaryFirst(char c, string expected)
    {
        Assert.Equal(expected, string.Join(',', Table.GetReadings(c).ToArray()));
        Assert.True(Table.HasReadings(c));
    }

    [Fact]
    public void PolyphonicSurnamesHaveTheirNameReadings()
    {
        Assert.Equal(["ceng", "zeng"], Table.GetReadings('曾').ToArray());
        Assert.Contains("shan", Table.GetReadings('单').ToArray());
        Assert.Contains("xie", Table.GetReadings('解').ToArray());
        Assert.Contains("qiu", Table.GetReadings('仇').ToArray());
        Assert.Contains("zhai", Table.GetReadings('翟').ToArray());
        Assert.Contains("piao", Table.GetReadings('朴').ToArray());
        Assert.Contains("zha", Table.GetReadings('查').ToArray());
    }

    [Theory]
    [InlineData('A')]
    [InlineData(' ')]
    [InlineData('·')]
    [InlineData('〇')]
    [InlineData('\uA000')]
    [InlineData('\uD840')]   // high surrogate (Extension B is not in the table)
    public void NonHanHasNoReadings(char c)
    {
        Assert.True(Table.GetReadings(c).IsEmpty);
        Assert.False(Table.HasReadings(c));
    }

    [Theory]
    [InlineData("Zhang\t张\n")]          // upper case reading
    [InlineData("zhang\n")]              // no tab
    [InlineData("zhang\tA\n")]           // not in range
    [InlineData("zhang\t张\nzhang\t张\n")] // character twice
    [InlineData("zh1ng\t张\n")]
    [InlineData(",zhang\t张\n")]
    public void MalformedTablesAreRejected(string text)
    {
        Assert.Throws<FormatException>(() => PinyinTable.Parse(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void ParsesCommentsAndCrLf()
    {
        PinyinTable t = PinyinTable.Parse(Encoding.UTF8.GetBytes("# comment\r\nzhang\t张长\r\nchang,zhang\t场\r\n"));
        Assert.Equal(3, t.CharacterCount);
        Assert.Equal(["chang", "zhang"], t.GetReadings('场').ToArray());
        Assert.Same(t.GetReadings('张')[0], t.GetReadings('场')[1]);   // syllables are shared
    }

    [Fact]
    public void EmbeddedTableCarriesItsSourceAndLicence()
    {
        using Stream stream = typeof(PinyinTable).Assembly.GetManifestResourceStream(PinyinTable.ResourceName)!;
        using var reader = new StreamReader(stream);
        string text = reader.ReadToEnd();
        Assert.Contains("Unicode 15.0.0", text, StringComparison.Ordinal);
        Assert.Contains("UNICODE, INC. LICENSE AGREEMENT - DATA FILES AND SOFTWARE", text, StringComparison.Ordinal);
        Assert.InRange(text.Length, 20_000, 200_000);
    }

    /// <summary>The committed table is what the generator makes from Debian's unicode-data (checked where both are installed).</summary>
    [Fact]
    public void CommittedTableMatchesTheGenerator()
    {
        const string input = "/usr/share/unicode/Unihan_Readings.txt.bz2";
        string? root = AppContext.BaseDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Appliance.sln")))
        {
            root = Path.GetDirectoryName(root);
        }
        string? python = new[] { "/usr/bin/python3", "/usr/local/bin/python3" }.FirstOrDefault(File.Exists);
        if (root is null || python is null || !File.Exists(input))
        {
            output.WriteLine("generator check not run: needs the repository, python3 and Debian's unicode-data");
            return;
        }
        var start = new ProcessStartInfo(python, [Path.Combine(root, "appliance/Ferry.Appliance/Directory/Pinyin/gen-pinyin-table.py"), "--check"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        output.WriteLine(stdout + stderr);
        Assert.Equal(0, process.ExitCode);
    }
}
