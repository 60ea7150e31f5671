using System.Buffers;
using System.Diagnostics;
using System.Text;

namespace Ferry.Appliance.Directory.Pinyin;

/// <summary>
/// Toneless Mandarin readings of the CJK Unified Ideographs (U+4E00–U+9FFF) and Extension A (U+3400–U+4DBF),
/// from Unicode's Unihan database (see README.md beside this file for the source, licence and generator).
/// Loaded once from the embedded <c>pinyin-table.txt</c>; lookups are an array index and allocate nothing.
/// Readings come customary first: 单 → dan, chan, shan. ü is written v (吕 → lv).
/// </summary>
internal sealed class PinyinTable
{
    /// <summary>Logical name of the embedded table (see Ferry.Appliance.csproj).</summary>
    internal const string ResourceName = "Ferry.Appliance.Directory.Pinyin.pinyin-table.txt";

    private const char First = '\u3400';
    private const char Last = '\u9FFF';

    private readonly ushort[] _setOfChar;      // char - First -> reading set id, 0 = no reading
    private readonly int[] _setStart;          // set id -> start in _setReadings; _setStart[id + 1] is its end
    private readonly string[] _setReadings;    // readings of every set, one after the other

    private PinyinTable(ushort[] setOfChar, int[] setStart, string[] setReadings, string[] syllables, int characters)
    {
        _setOfChar = setOfChar;
        _setStart = setStart;
        _setReadings = setReadings;
        Syllables = syllables;
        CharacterCount = characters;
    }

    /// <summary>The table embedded in ferryd, loaded on first use.</summary>
    public static PinyinTable Shared => Holder.Table;

    /// <summary>How long loading <see cref="Shared"/> took (parse of the embedded resource).</summary>
    public static TimeSpan SharedLoadTime => Holder.LoadTime;

    /// <summary>Characters that have at least one reading.</summary>
    public int CharacterCount { get; }

    /// <summary>Distinct toneless syllables in the table (about 420).</summary>
    public IReadOnlyList<string> Syllables { get; }

    /// <summary>The readings of <paramref name="c"/>, customary first; empty when it has none (not Han, or not in the table).</summary>
    public ReadOnlySpan<string> GetReadings(char c)
    {
        if (c < First || c > Last)
        {
            return default;
        }
        int set = _setOfChar[c - First];
        if (set == 0)
        {
            return default;
        }
        int start = _setStart[set];
        return _setReadings.AsSpan(start, _setStart[set + 1] - start);
    }

    public bool HasReadings(char c) => c >= First && c <= Last && _setOfChar[c - First] != 0;

    /// <summary>Loads the table embedded in this assembly.</summary>
    public static PinyinTable LoadEmbedded()
    {
        using Stream stream = typeof(PinyinTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        byte[] bytes = ArrayPool<byte>.Shared.Rent(checked((int)stream.Length));
        try
        {
            stream.ReadExactly(bytes, 0, (int)stream.Length);
            return Parse(bytes.AsSpan(0, (int)stream.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>
    /// Parses the table format: '#' comment lines, then lines of
    /// <c>reading[,reading...] TAB characters</c> (UTF-8). Throws <see cref="FormatException"/> on anything else.
    /// </summary>
    public static PinyinTable Parse(ReadOnlySpan<byte> utf8)
    {
        char[] text = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            int length = Encoding.UTF8.GetChars(utf8, text);
            return Parse(text.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(text);
        }
    }

    private static PinyinTable Parse(ReadOnlySpan<char> text)
    {
        var setOfChar = new ushort[Last - First + 1];
        var setStart = new List<int> { 0, 0 };      // set 0 is "no reading"
        var setReadings = new List<string>(4096);
        var syllables = new Dictionary<string, string>(512, StringComparer.Ordinal);
        var lookup = syllables.GetAlternateLookup<ReadOnlySpan<char>>();
        int characters = 0;
        int lineNumber = 0;

        foreach (Range range in text.Split('\n'))
        {
            lineNumber++;
            ReadOnlySpan<char> line = text[range].TrimEnd('\r');
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }
            int tab = line.IndexOf('\t');
            if (tab <= 0 || tab == line.Length - 1)
            {
                throw new FormatException($"pinyin table line {lineNumber}: expected 'readings<TAB>characters'");
            }
            int set = setStart.Count - 1;
            if (set > ushort.MaxValue)
            {
                throw new FormatException("pinyin table: too many reading sets");
            }
            ReadOnlySpan<char> readings = line[..tab];
            foreach (Range r in readings.Split(','))
            {
                ReadOnlySpan<char> reading = readings[r];
                if (reading.IsEmpty || reading.ContainsAnyExceptInRange('a', 'z'))
                {
                    throw new FormatException($"pinyin table line {lineNumber}: bad reading '{reading}'");
                }
                if (!lookup.TryGetValue(reading, out string? interned))
                {
                    interned = reading.ToString();
                    syllables.Add(interned, interned);
                }
                setReadings.Add(interned);
            }
            setStart.Add(setReadings.Count);
            foreach (char c in line[(tab + 1)..])
            {
                if (c < First || c > Last || setOfChar[c - First] != 0)
                {
                    throw new FormatException($"pinyin table line {lineNumber}: character U+{(int)c:X4} out of range or repeated");
                }
                setOfChar[c - First] = (ushort)set;
                characters++;
            }
        }
        string[] sortedSyllables = [.. syllables.Keys];
        Array.Sort(sortedSyllables, StringComparer.Ordinal);
        return new PinyinTable(setOfChar, [.. setStart], [.. setReadings], sortedSyllables, characters);
    }

    private static class Holder
    {
        internal static readonly TimeSpan LoadTime;
        internal static readonly PinyinTable Table;

#pragma warning disable CA1810 // the load time is measured here, so an explicit static constructor is wanted
        static Holder()
        {
            long start = Stopwatch.GetTimestamp();
            Table = LoadEmbedded();
            LoadTime = Stopwatch.GetElapsedTime(start);
        }
#pragma warning restore CA1810
    }
}
