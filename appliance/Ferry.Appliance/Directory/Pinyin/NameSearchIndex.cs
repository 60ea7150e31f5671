using System.Diagnostics.CodeAnalysis;

namespace Ferry.Appliance.Directory.Pinyin;

/// <summary>How a hit matched the query; also its rank, best first.</summary>
internal enum NameMatch : byte
{
    /// <summary>The whole display name or account name (any case).</summary>
    ExactName = 0,
    /// <summary>A whole full-pinyin or initials key: zhangsan, zs.</summary>
    ExactPinyin = 1,
    /// <summary>The start of the display name or account name.</summary>
    NamePrefix = 2,
    /// <summary>The start of a full-pinyin or initials key: zhangs, zha, z.</summary>
    PinyinPrefix = 3,
    /// <summary>Anywhere inside the display name or account name: 三 in 张三.</summary>
    NameSubstring = 4,
}

internal readonly record struct NameSearchHit(long AccountId, string AccountName, string DisplayName, NameMatch Match);

/// <summary>
/// In-memory index of account names and display names for directory search by name, account, full pinyin and
/// initials, answering a query over 100,000 accounts in well under a millisecond.
/// <para>
/// Ranking: exact name/account, exact pinyin, name/account prefix, pinyin prefix, substring of name/account.
/// Within a rank, the matched key in ordinal order, then the customary pinyin of the name, then the account id;
/// substring hits in index order.
/// </para>
/// <para>
/// Layout: the bulk of the entries sit in an immutable segment of two sorted key arrays (names and accounts;
/// pinyin keys) searched by binary search for exact and prefix ranges, plus one text buffer of all names for
/// substring search. Changes go to a small delta list scanned linearly and mark replaced entries removed; when the
/// delta and the removed entries outgrow a share of the segment, the segment is rebuilt. Searches read an immutable
/// snapshot and take no lock; changes are serialised by a lock. The only per-query allocation is the result list.
/// </para>
/// </summary>
internal sealed class NameSearchIndex
{
    /// <summary>Queries longer than this (after trimming) find nothing.</summary>
    public const int MaxQueryLength = 64;

    /// <summary>Largest result count one search returns.</summary>
    public const int MaxLimit = 500;

    // The delta (scanned in full by every search) is folded into the segment once it and the replaced segment
    // entries exceed 1/DeltaShare of the segment, or MinDeltaBeforeRebuild for small indexes.
    private const int MinDeltaBeforeRebuild = 256;
    private const int DeltaShare = 32;
    private const char TextSeparator = '\0';

    private readonly PinyinTable _table;
    private readonly int _maxCombinations;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, Entry> _byId = [];
    private long _nextSequence;
    private volatile Snapshot _snapshot = new(Segment.Empty, [], 0);

    [ThreadStatic] private static Scratch? t_scratch;

    public NameSearchIndex(PinyinTable? table = null, int maxCombinations = PinyinNameKeys.MaxCombinations)
    {
        _table = table ?? PinyinTable.Shared;
        _maxCombinations = maxCombinations;
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>Times the sorted segment was (re)built, for tests and diagnostics.</summary>
    public int SegmentBuilds { get; private set; }

    public bool Contains(long accountId)
    {
        lock (_gate)
        {
            return _byId.ContainsKey(accountId);
        }
    }

    /// <summary>Adds an account; false (and no change) if the id is already indexed.</summary>
    public bool Add(long accountId, string accountName, string displayName)
    {
        Entry entry = CreateEntry(accountId, accountName, displayName);
        lock (_gate)
        {
            if (_byId.ContainsKey(accountId))
            {
                return false;
            }
            Insert(entry);
            return true;
        }
    }

    /// <summary>Adds the account or replaces its names; true if it was already indexed.</summary>
    public bool Update(long accountId, string accountName, string displayName)
    {
        Entry entry = CreateEntry(accountId, accountName, displayName);
        lock (_gate)
        {
            bool existed = _byId.TryGetValue(accountId, out Entry? old);
            if (existed)
            {
                Retire(old!);
            }
            Insert(entry);
            return existed;
        }
    }

    /// <summary>Removes an account; false if it was not indexed.</summary>
    public bool Remove(long accountId)
    {
        lock (_gate)
        {
            if (!_byId.Remove(accountId, out Entry? old))
            {
                return false;
            }
            Snapshot s = _snapshot;
            Entry[] delta = old.InSegment ? s.Delta : Without(s.Delta, old);
            old.Removed = true;
            Publish(s.Segment, delta, s.RemovedInSegment + (old.InSegment ? 1 : 0));
            return true;
        }
    }

    /// <summary>Replaces the whole content with <paramref name="entries"/> in one build (initial load, bulk import).</summary>
    public void Reset(IEnumerable<(long AccountId, string AccountName, string DisplayName)> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var fresh = new Dictionary<long, Entry>();
        foreach (var (id, account, display) in entries)
        {
            fresh[id] = CreateEntry(id, account, display);
        }
        lock (_gate)
        {
            foreach (Entry old in _byId.Values)
            {
                old.Removed = true;
            }
            _byId.Clear();
            foreach (var (id, entry) in fresh)
            {
                entry.Sequence = _nextSequence++;
                _byId.Add(id, entry);
            }
            Rebuild();
        }
    }

    /// <summary>Convenience form of <see cref="Search(string?, int, Func{long, bool}?, List{NameSearchHit})"/>.</summary>
    public List<NameSearchHit> Search(string? query, int limit, Func<long, bool>? visible = null)
    {
        var results = new List<NameSearchHit>(Math.Clamp(limit, 0, 32));
        Search(query, limit, visible, results);
        return results;
    }

    /// <summary>
    /// Appends to <paramref name="results"/> up to <paramref name="limit"/> accounts matching <paramref name="query"/>,
    /// best first, skipping those <paramref name="visible"/> rejects. Returns how many were appended.
    /// An empty, blank or over-long (<see cref="MaxQueryLength"/>) query finds nothing.
    /// </summary>
    public int Search(string? query, int limit, Func<long, bool>? visible, List<NameSearchHit> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        ReadOnlySpan<char> trimmed = query.AsSpan().Trim();
        if (trimmed.IsEmpty || trimmed.Length > MaxQueryLength || limit <= 0)
        {
            return 0;
        }
        limit = Math.Min(limit, MaxLimit);

        // Name form: folded, runs of white space as one space. Pinyin form: letters and digits only, ü as v,
        // empty when the query holds a Han character (no pinyin key does).
        Span<char> nameBuffer = stackalloc char[MaxQueryLength];
        Span<char> pinyinBuffer = stackalloc char[MaxQueryLength];
        int nameLength = 0, pinyinLength = 0;
        bool pinyinPossible = true;
        foreach (char raw in trimmed)
        {
            char c = PinyinNameKeys.Fold(raw);
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (nameLength > 0 && nameBuffer[nameLength - 1] != ' ')
                {
                    nameBuffer[nameLength++] = ' ';
                }
                continue;
            }
            nameBuffer[nameLength++] = c;
            if (c == 'ü')
            {
                c = 'v';
            }
            if (_table.HasReadings(c))
            {
                pinyinPossible = false;
            }
            else if (char.IsLetterOrDigit(c))
            {
                pinyinBuffer[pinyinLength++] = c;
            }
        }
        if (nameLength > 0 && nameBuffer[nameLength - 1] == ' ')
        {
            nameLength--;
        }
        if (nameLength == 0)
        {
            return 0;
        }
        ReadOnlySpan<char> nameQuery = nameBuffer[..nameLength];
        ReadOnlySpan<char> pinyinQuery = pinyinPossible ? pinyinBuffer[..pinyinLength] : default;

        Snapshot snapshot = _snapshot;
        Scratch scratch = t_scratch ??= new Scratch();
        if (scratch.InUse)
        {
            scratch = new Scratch();   // a visibility predicate that searches again
        }
        scratch.InUse = true;
        try
        {
            Collect(snapshot, nameQuery, pinyinQuery, limit, visible, scratch);
            List<Candidate> candidates = scratch.Candidates;
            candidates.Sort(Candidate.Compare);
            int count = Math.Min(limit, candidates.Count);
            for (int i = 0; i < count; i++)
            {
                Entry e = candidates[i].Entry;
                results.Add(new NameSearchHit(e.Id, e.AccountName, e.DisplayName, candidates[i].Match));
            }
            return count;
        }
        finally
        {
            scratch.Clear();
            scratch.InUse = false;
        }
    }

    private static void Collect(Snapshot snapshot, ReadOnlySpan<char> nameQuery, ReadOnlySpan<char> pinyinQuery,
        int limit, Func<long, bool>? visible, Scratch scratch)
    {
        // Recent changes: every live delta entry, matched in full.
        foreach (Entry e in snapshot.Delta)
        {
            if (!e.Removed && BestMatch(e, nameQuery, pinyinQuery, out NameMatch match, out string? key)
                && (visible is null || visible(e.Id)))
            {
                scratch.Add(e, match, key!);
            }
        }

        // The segment, rank by rank. Within a rank, keys come in order, so once the better ranks plus this rank's
        // segment hits reach the limit, no later key of this rank (nor any worse rank) can enter the top.
        Segment segment = snapshot.Segment;
        int better = Range(segment.NameKeys, segment.NameOwners, nameQuery, exact: true, NameMatch.ExactName, limit, 0, visible, scratch);
        if (better >= limit)
        {
            return;
        }
        better = scratch.CountBelow(NameMatch.ExactPinyin);
        if (!pinyinQuery.IsEmpty)
        {
            better = Range(segment.PinyinKeys, segment.PinyinOwners, pinyinQuery, exact: true, NameMatch.ExactPinyin, limit, better, visible, scratch);
            if (better >= limit)
            {
                return;
            }
        }
        better = scratch.CountBelow(NameMatch.NamePrefix);
        better = Range(segment.NameKeys, segment.NameOwners, nameQuery, exact: false, NameMatch.NamePrefix, limit, better, visible, scratch);
        if (better >= limit)
        {
            return;
        }
        better = scratch.CountBelow(NameMatch.PinyinPrefix);
        if (!pinyinQuery.IsEmpty)
        {
            better = Range(segment.PinyinKeys, segment.PinyinOwners, pinyinQuery, exact: false, NameMatch.PinyinPrefix, limit, better, visible, scratch);
            if (better >= limit)
            {
                return;
            }
        }
        better = scratch.CountBelow(NameMatch.NameSubstring);
        Substrings(segment, nameQuery, limit, better, visible, scratch);
    }

    /// <summary>Adds the segment entries whose key equals (or starts with) the query; returns better + those added.</summary>
    private static int Range(string[] keys, Entry[] owners, ReadOnlySpan<char> query, bool exact, NameMatch match,
        int limit, int better, Func<long, bool>? visible, Scratch scratch)
    {
        int lo = 0, hi = keys.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (keys[mid].AsSpan().SequenceCompareTo(query) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        for (int i = lo; i < keys.Length && better < limit; i++)
        {
            string key = keys[i];
            if (exact ? !key.AsSpan().SequenceEqual(query) : !key.AsSpan().StartsWith(query))
            {
                break;
            }
            Entry e = owners[i];
            if (!e.Removed && !scratch.Seen(e) && (visible is null || visible(e.Id)))
            {
                scratch.Add(e, match, exact ? string.Empty : key);
                better++;
            }
        }
        return better;
    }

    private static void Substrings(Segment segment, ReadOnlySpan<char> query, int limit, int better,
        Func<long, bool>? visible, Scratch scratch)
    {
        ReadOnlySpan<char> text = segment.Text;
        int offset = 0;
        while (better < limit && offset < text.Length)
        {
            int found = text[offset..].IndexOf(query);
            if (found < 0)
            {
                return;
            }
            int at = offset + found;
            int owner = Array.BinarySearch(segment.TextStarts, at);
            if (owner < 0)
            {
                owner = ~owner - 1;
            }
            Entry e = segment.TextOwners[owner];
            if (!e.Removed && !scratch.Seen(e) && (visible is null || visible(e.Id)))
            {
                scratch.Add(e, NameMatch.NameSubstring, string.Empty);
                better++;
            }
            offset = owner + 1 < segment.TextStarts.Length ? segment.TextStarts[owner + 1] : text.Length;
        }
    }

    private static bool BestMatch(Entry e, ReadOnlySpan<char> nameQuery, ReadOnlySpan<char> pinyinQuery,
        out NameMatch match, [NotNullWhen(true)] out string? key)
    {
        if (e.DisplayKey.AsSpan().SequenceEqual(nameQuery) || e.AccountKey.AsSpan().SequenceEqual(nameQuery))
        {
            (match, key) = (NameMatch.ExactName, string.Empty);
            return true;
        }
        if (!pinyinQuery.IsEmpty)
        {
            foreach (string k in e.PinyinKeys)
            {
                if (k.AsSpan().SequenceEqual(pinyinQuery))
                {
                    (match, key) = (NameMatch.ExactPinyin, string.Empty);
                    return true;
                }
            }
        }
        key = null;
        foreach (string k in (ReadOnlySpan<string>)[e.DisplayKey, e.AccountKey])
        {
            if (k.AsSpan().StartsWith(nameQuery) && (key is null || string.CompareOrdinal(k, key) < 0))
            {
                key = k;
            }
        }
        if (key is not null)
        {
            match = NameMatch.NamePrefix;
            return true;
        }
        if (!pinyinQuery.IsEmpty)
        {
            foreach (string k in e.PinyinKeys)
            {
                if (k.AsSpan().StartsWith(pinyinQuery) && (key is null || string.CompareOrdinal(k, key) < 0))
                {
                    key = k;
                }
            }
            if (key is not null)
            {
                match = NameMatch.PinyinPrefix;
                return true;
            }
        }
        if (e.DisplayKey.AsSpan().Contains(nameQuery, StringComparison.Ordinal)
            || e.AccountKey.AsSpan().Contains(nameQuery, StringComparison.Ordinal))
        {
            (match, key) = (NameMatch.NameSubstring, string.Empty);
            return true;
        }
        match = default;
        return false;
    }

    private Entry CreateEntry(long accountId, string accountName, string displayName)
    {
        ArgumentNullException.ThrowIfNull(accountName);
        ArgumentNullException.ThrowIfNull(displayName);
        PinyinKeys keys = PinyinNameKeys.Build(_table, displayName, _maxCombinations);
        string[] pinyin = keys.Initials.Length == 0 ? keys.Full : [.. keys.Full, .. keys.Initials];
        return new Entry
        {
            Id = accountId,
            AccountName = accountName,
            DisplayName = displayName,
            AccountKey = FoldKey(accountName),
            DisplayKey = FoldKey(displayName),
            PinyinKeys = pinyin,
            SortKey = keys.Full.Length > 0 ? keys.Full[0] : FoldKey(displayName),
        };
    }

    /// <summary>Folded form of a name as the name query is folded: trimmed, lower case, white-space runs as one space.</summary>
    private static string FoldKey(string name)
    {
        ReadOnlySpan<char> trimmed = name.AsSpan().Trim();
        var chars = new char[trimmed.Length];
        int n = 0;
        foreach (char raw in trimmed)
        {
            char c = PinyinNameKeys.Fold(raw);
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (n > 0 && chars[n - 1] == ' ')
                {
                    continue;
                }
                c = ' ';
            }
            chars[n++] = c;
        }
        return new string(chars, 0, n);
    }

    // Callers hold _gate.
    private void Insert(Entry entry)
    {
        entry.Sequence = _nextSequence++;
        _byId[entry.Id] = entry;
        Snapshot s = _snapshot;
        Publish(s.Segment, [.. s.Delta, entry], s.RemovedInSegment);
    }

    private void Retire(Entry old)
    {
        Snapshot s = _snapshot;
        Entry[] delta = old.InSegment ? s.Delta : Without(s.Delta, old);
        old.Removed = true;
        _snapshot = new Snapshot(s.Segment, delta, s.RemovedInSegment + (old.InSegment ? 1 : 0));
    }

    private void Publish(Segment segment, Entry[] delta, int removedInSegment)
    {
        if (delta.Length + removedInSegment > Math.Max(MinDeltaBeforeRebuild, segment.EntryCount / DeltaShare))
        {
            // Fold the delta into a new segment by merging sorted runs: linear in the index size, no full sort.
            _snapshot = new Snapshot(Segment.Merge(segment, delta), [], 0);
            SegmentBuilds++;
            return;
        }
        _snapshot = new Snapshot(segment, delta, removedInSegment);
    }

    private void Rebuild()
    {
        Entry[] entries = [.. _byId.Values];
        Array.Sort(entries, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        _snapshot = new Snapshot(Segment.Build(entries), [], 0);
        SegmentBuilds++;
    }

    private static Entry[] Without(Entry[] delta, Entry old) => Array.FindAll(delta, e => !ReferenceEquals(e, old));

    private sealed class Entry
    {
        public required long Id { get; init; }
        public required string AccountName { get; init; }
        public required string DisplayName { get; init; }
        public required string AccountKey { get; init; }
        public required string DisplayKey { get; init; }
        public required string[] PinyinKeys { get; init; }
        public required string SortKey { get; init; }
        public long Sequence { get; set; }
        public bool InSegment { get; set; }
        private volatile bool _removed;
        public bool Removed { get => _removed; set => _removed = value; }
    }

    private sealed record Snapshot(Segment Segment, Entry[] Delta, int RemovedInSegment);

    private sealed class Segment
    {
        public static readonly Segment Empty = Build([]);

        public required int EntryCount { get; init; }
        public required string[] NameKeys { get; init; }
        public required Entry[] NameOwners { get; init; }
        public required string[] PinyinKeys { get; init; }
        public required Entry[] PinyinOwners { get; init; }
        public required char[] Text { get; init; }
        public required int[] TextStarts { get; init; }
        public required Entry[] TextOwners { get; init; }

        /// <summary>A segment of <paramref name="entries"/>, given in sequence order.</summary>
        public static Segment Build(Entry[] entries)
        {
            var (nameKeys, pinyinKeys) = KeyPairs(entries);
            nameKeys.Sort(KeyOrder);
            pinyinKeys.Sort(KeyOrder);
            return Create(entries, Split(nameKeys), Split(pinyinKeys));
        }

        /// <summary>The live entries of <paramref name="old"/> plus the live <paramref name="delta"/> entries (newer, in sequence order).</summary>
        public static Segment Merge(Segment old, Entry[] delta)
        {
            Entry[] fresh = Array.FindAll(delta, e => !e.Removed);
            var (deltaNames, deltaPinyin) = KeyPairs(fresh);
            deltaNames.Sort(KeyOrder);
            deltaPinyin.Sort(KeyOrder);
            var entries = new List<Entry>(old.EntryCount + fresh.Length);
            foreach (Entry e in old.TextOwners)
            {
                if (!e.Removed)
                {
                    entries.Add(e);
                }
            }
            entries.AddRange(fresh);
            return Create([.. entries], MergeRuns(old.NameKeys, old.NameOwners, deltaNames), MergeRuns(old.PinyinKeys, old.PinyinOwners, deltaPinyin));
        }

        private static (string[] Keys, Entry[] Owners) MergeRuns(string[] keys, Entry[] owners, List<(string Key, Entry Owner)> run)
        {
            int live = run.Count;
            foreach (Entry e in owners)
            {
                live += e.Removed ? 0 : 1;
            }
            var mergedKeys = new string[live];
            var mergedOwners = new Entry[live];
            int i = 0, j = 0;
            for (int at = 0; at < live; at++)
            {
                while (i < keys.Length && owners[i].Removed)
                {
                    i++;
                }
                if (i < keys.Length && (j == run.Count || KeyOrder((keys[i], owners[i]), run[j]) <= 0))
                {
                    (mergedKeys[at], mergedOwners[at]) = (keys[i], owners[i]);
                    i++;
                }
                else
                {
                    (mergedKeys[at], mergedOwners[at]) = run[j++];
                }
            }
            return (mergedKeys, mergedOwners);
        }

        private static (List<(string, Entry)> Names, List<(string, Entry)> Pinyin) KeyPairs(Entry[] entries)
        {
            var nameKeys = new List<(string, Entry)>(entries.Length * 2);
            var pinyinKeys = new List<(string, Entry)>(entries.Length * 3);
            foreach (Entry e in entries)
            {
                nameKeys.Add((e.DisplayKey, e));
                if (e.AccountKey != e.DisplayKey)
                {
                    nameKeys.Add((e.AccountKey, e));
                }
                foreach (string k in e.PinyinKeys)
                {
                    pinyinKeys.Add((k, e));
                }
            }
            return (nameKeys, pinyinKeys);
        }

        private static Segment Create(Entry[] entries, (string[] Keys, Entry[] Owners) names, (string[] Keys, Entry[] Owners) pinyin)
        {
            int textLength = 0;
            foreach (Entry e in entries)
            {
                e.InSegment = true;
                textLength += e.DisplayKey.Length + e.AccountKey.Length + 2;
            }
            var text = new char[textLength];
            var starts = new int[entries.Length];
            int at = 0;
            for (int i = 0; i < entries.Length; i++)
            {
                starts[i] = at;
                entries[i].DisplayKey.CopyTo(text.AsSpan(at));
                at += entries[i].DisplayKey.Length;
                text[at++] = TextSeparator;
                entries[i].AccountKey.CopyTo(text.AsSpan(at));
                at += entries[i].AccountKey.Length;
                text[at++] = TextSeparator;
            }
            return new Segment
            {
                EntryCount = entries.Length,
                NameKeys = names.Keys,
                NameOwners = names.Owners,
                PinyinKeys = pinyin.Keys,
                PinyinOwners = pinyin.Owners,
                Text = text,
                TextStarts = starts,
                TextOwners = entries,
            };
        }
    }

    /// <summary>Keys in ordinal order, equal keys in result order (customary pinyin, then id), so that a range
    /// read front to back yields hits in the order they rank.</summary>
    private static int KeyOrder((string Key, Entry Owner) a, (string Key, Entry Owner) b)
    {
        int c = string.CompareOrdinal(a.Key, b.Key);
        if (c != 0)
        {
            return c;
        }
        c = string.CompareOrdinal(a.Owner.SortKey, b.Owner.SortKey);
        return c != 0 ? c : a.Owner.Id.CompareTo(b.Owner.Id);
    }

    private static (string[] Keys, Entry[] Owners) Split(List<(string Key, Entry Owner)> pairs)
    {
        var keys = new string[pairs.Count];
        var owners = new Entry[pairs.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            (keys[i], owners[i]) = pairs[i];
        }
        return (keys, owners);
    }

    private readonly record struct Candidate(Entry Entry, NameMatch Match, string Key)
    {
        public static readonly Comparison<Candidate> Compare = static (a, b) =>
        {
            int c = ((byte)a.Match).CompareTo((byte)b.Match);   // not Enum.CompareTo(object): that boxes
            if (c != 0)
            {
                return c;
            }
            if (a.Match == NameMatch.NameSubstring)
            {
                return a.Entry.Sequence.CompareTo(b.Entry.Sequence);
            }
            c = string.CompareOrdinal(a.Key, b.Key);
            if (c != 0)
            {
                return c;
            }
            c = string.CompareOrdinal(a.Entry.SortKey, b.Entry.SortKey);
            return c != 0 ? c : a.Entry.Id.CompareTo(b.Entry.Id);
        };
    }

    /// <summary>Per-thread working space of a search, reused so a search allocates only its results.</summary>
    private sealed class Scratch
    {
        public List<Candidate> Candidates { get; } = new(64);
        public bool InUse { get; set; }
        private readonly HashSet<Entry> _seen = new(ReferenceEqualityComparer.Instance);

        public bool Seen(Entry e) => _seen.Contains(e);

        public void Add(Entry e, NameMatch match, string key)
        {
            Candidates.Add(new Candidate(e, match, key));
            _seen.Add(e);
        }

        public int CountBelow(NameMatch match)
        {
            int n = 0;
            foreach (Candidate c in Candidates)
            {
                if (c.Match < match)
                {
                    n++;
                }
            }
            return n;
        }

        public void Clear()
        {
            Candidates.Clear();
            _seen.Clear();
        }
    }
}
