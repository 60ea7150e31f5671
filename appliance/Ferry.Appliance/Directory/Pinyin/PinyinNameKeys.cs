namespace Ferry.Appliance.Directory.Pinyin;

/// <summary>The pinyin search keys of one display name (lower case, no separators).</summary>
/// <param name="Full">Full pinyin, one per reading combination, customary readings first: 单田芳 → dantianfang, chantianfang, shantianfang.</param>
/// <param name="Initials">Initials: 张三 → zs; Latin words stay whole (张Tom → ztom) and also shrink to their first letter (zt).</param>
internal sealed record PinyinKeys(string[] Full, string[] Initials);

/// <summary>
/// Turns a display name into pinyin search keys. A name is read as tokens: each Han character with readings is one
/// token, each run of other letters or digits (Latin, full-width Latin folded to ASCII) is one lower-cased word,
/// everything else (spaces, '·', punctuation, characters without a reading) separates tokens.
/// Polyphonic characters give several combinations; at most <see cref="MaxCombinations"/> are kept, those closest
/// to the customary reading first (all customary, then one character changed, then two, ...).
/// </summary>
internal static class PinyinNameKeys
{
    /// <summary>Most full-pinyin (and, separately, initials) keys one name produces.</summary>
    public const int MaxCombinations = 16;

    /// <summary>Tokens of a name that are indexed; the rest of a very long name is ignored.</summary>
    public const int MaxTokens = 32;

    /// <summary>Longest Latin word kept in a key; the rest of the word is ignored.</summary>
    public const int MaxWordLength = 64;

    private static readonly PinyinKeys Empty = new([], []);

    /// <summary>The customary full pinyin of a name (张三 → zhangsan, 张Tom → zhangtom); for sorting and display.</summary>
    public static string ToPinyin(PinyinTable table, string name)
    {
        var tokens = Tokenize(table, name);
        return string.Concat(tokens.Select(t => t.Readings[0]));
    }

    public static PinyinKeys Build(PinyinTable table, string displayName, int maxCombinations = MaxCombinations)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCombinations, 1);
        List<Token> tokens = Tokenize(table, displayName ?? string.Empty);
        if (tokens.Count == 0)
        {
            return Empty;
        }

        var full = new List<string>(4);
        Combine(tokens.ConvertAll(t => t.Readings), maxCombinations, full);

        var initials = new List<string>(4);
        Combine(tokens.ConvertAll(t => t.Initials), maxCombinations, initials);
        if (tokens.Count > 1 && tokens.Exists(t => t.IsWord && t.Readings[0].Length > 1))
        {
            // Latin words shrunk to their first letter too: 张Tom → zt, Tom Smith → ts.
            Combine(tokens.ConvertAll(t => t.IsWord ? [t.Readings[0][..1]] : t.Initials), maxCombinations, initials);
        }
        initials.RemoveAll(full.Contains);   // a one-letter name's initials are its full pinyin
        return new PinyinKeys([.. full], [.. initials]);
    }

    /// <summary>Normalises one character the way names and queries are compared: full-width ASCII folded, lower case.</summary>
    internal static char Fold(char c)
    {
        if (c >= '\uFF01' && c <= '\uFF5E')
        {
            c = (char)(c - 0xFEE0);
        }
        return char.ToLowerInvariant(c);
    }

    private readonly record struct Token(string[] Readings, string[] Initials, bool IsWord);

    private static List<Token> Tokenize(PinyinTable table, string name)
    {
        var tokens = new List<Token>(Math.Min(name.Length, MaxTokens));
        int wordStart = -1;
        for (int i = 0; i <= name.Length && tokens.Count < MaxTokens; i++)
        {
            char c = i < name.Length ? Fold(name[i]) : ' ';
            ReadOnlySpan<string> readings = table.GetReadings(c);
            bool inWord = readings.IsEmpty && char.IsLetterOrDigit(c);
            if (inWord)
            {
                if (wordStart < 0)
                {
                    wordStart = i;
                }
                continue;
            }
            if (wordStart >= 0)
            {
                string w = string.Create(Math.Min(i - wordStart, MaxWordLength), (name, wordStart), static (span, state) =>
                {
                    for (int k = 0; k < span.Length; k++)
                    {
                        span[k] = Fold(state.name[state.wordStart + k]);
                    }
                });
                tokens.Add(new Token([w], [w], IsWord: true));
                wordStart = -1;
            }
            if (!readings.IsEmpty && tokens.Count < MaxTokens)
            {
                tokens.Add(new Token(readings.ToArray(), DistinctInitials(readings), IsWord: false));
            }
        }
        return tokens;
    }

    private static string[] DistinctInitials(ReadOnlySpan<string> readings)
    {
        if (readings.Length == 1)
        {
            return [readings[0][..1]];
        }
        var result = new List<string>(readings.Length);
        foreach (string r in readings)
        {
            string initial = r[..1];
            if (!result.Contains(initial))
            {
                result.Add(initial);
            }
        }
        return [.. result];
    }

    /// <summary>
    /// Adds to <paramref name="output"/> (without duplicates) the concatenations of one option per token, in order of
    /// how many tokens use a non-first option, until <paramref name="max"/> keys are there.
    /// </summary>
    private static void Combine(List<string[]> options, int max, List<string> output)
    {
        int n = options.Count;
        int[] choice = new int[n];
        int[] polyphonicFrom = new int[n + 1];   // polyphonicFrom[i]: tokens at i.. with more than one option
        for (int i = n - 1; i >= 0; i--)
        {
            polyphonicFrom[i] = polyphonicFrom[i + 1] + (options[i].Length > 1 ? 1 : 0);
        }
        int budget = max;   // total in output, so a second call only fills what the first left
        for (int changed = 0; changed <= polyphonicFrom[0] && output.Count < budget; changed++)
        {
            Visit(0, changed);
        }

        void Visit(int position, int changesLeft)
        {
            if (output.Count >= budget)
            {
                return;
            }
            if (position == n)
            {
                if (changesLeft == 0)
                {
                    Emit();
                }
                return;
            }
            if (polyphonicFrom[position] < changesLeft)
            {
                return;
            }
            choice[position] = 0;
            Visit(position + 1, changesLeft);
            if (changesLeft > 0)
            {
                for (int alt = 1; alt < options[position].Length && output.Count < budget; alt++)
                {
                    choice[position] = alt;
                    Visit(position + 1, changesLeft - 1);
                }
                choice[position] = 0;
            }
        }

        void Emit()
        {
            int length = 0;
            for (int i = 0; i < n; i++)
            {
                length += options[i][choice[i]].Length;
            }
            string key = string.Create(length, (options, choice), static (span, state) =>
            {
                int at = 0;
                for (int i = 0; i < state.options.Count; i++)
                {
                    string part = state.options[i][state.choice[i]];
                    part.CopyTo(span[at..]);
                    at += part.Length;
                }
            });
            if (!output.Contains(key))
            {
                output.Add(key);
            }
        }
    }
}
