using System.Collections.Concurrent;

namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// The department tree and every rule as of one generation of <c>visibility_stamp</c>, with each department's
/// effective rules (inherited down its subtree) worked out once. Immutable; shared by every request until the
/// generation moves. Views of viewers with the same departments share one <see cref="ViewScope"/>.
/// </summary>
internal sealed class VisibilitySnapshot
{
    /// <summary>Distinct department sets kept before the scope cache starts over (each scope holds at most a few sets of ids).</summary>
    public const int MaxCachedScopes = 20_000;

    private static readonly long[] NoDepartments = [];

    private readonly Dictionary<long, long> _parents = [];
    private readonly Dictionary<long, List<long>> _children = [];
    private readonly HashSet<long> _hiddenDepartments = [];
    private readonly HashSet<long> _noDirectoryDepartments = [];
    private readonly HashSet<long> _contactsHiddenDepartments = [];
    private readonly Dictionary<long, long[]> _visibleLists = [];
    private readonly HashSet<long> _hiddenAccounts = [];
    private readonly HashSet<long> _noDirectoryAccounts = [];
    private readonly HashSet<long> _contactsHiddenAccounts = [];
    private readonly ConcurrentDictionary<ScopeKey, ViewScope> _scopes = new();

    public VisibilitySnapshot(VisibilityData data)
    {
        Generation = data.Generation;
        HasRules = data.AccountRules.Count > 0 || data.DepartmentRules.Count > 0;
        foreach ((long id, long parent) in data.Departments)
        {
            _parents[id] = parent;
            if (!_children.TryGetValue(parent, out List<long>? siblings))
            {
                _children[parent] = siblings = [];
            }

            siblings.Add(id);
        }

        foreach (AccountRule rule in data.AccountRules)
        {
            AddIf(_hiddenAccounts, rule.Hidden, rule.AccountId);
            AddIf(_noDirectoryAccounts, rule.NoDirectory, rule.AccountId);
            AddIf(_contactsHiddenAccounts, rule.ContactsHidden, rule.AccountId);
        }

        _contactsHiddenAccounts.UnionWith(data.ContactsHiddenMembers);
        Inherit(data.DepartmentRules.ToDictionary(r => r.DepartmentId));

        var contacts = new Fnv64();
        foreach (long id in _contactsHiddenDepartments.Order())
        {
            contacts.Add(id);
        }

        ContactsFingerprint = _contactsHiddenDepartments.Count == 0 ? 0 : contacts.Value;
    }

    public long Generation { get; }

    /// <summary>False while no rule is stored: every viewer then sees everything.</summary>
    public bool HasRules { get; }

    /// <summary>Hash of the departments whose members' contact fields are hidden: part of every viewer's fingerprint.</summary>
    public ulong ContactsFingerprint { get; }

    public int DepartmentCount => _parents.Count;

    public bool Exists(long departmentId) => _parents.ContainsKey(departmentId);

    /// <summary>In a hidden subtree, or not reachable from the top level.</summary>
    public bool IsHidden(long departmentId) => _hiddenDepartments.Contains(departmentId);

    public bool IsHiddenAccount(long accountId) => _hiddenAccounts.Contains(accountId);

    public bool IsContactsHiddenAccount(long accountId) => _contactsHiddenAccounts.Contains(accountId);

    public IEnumerable<long> HiddenDepartments => _hiddenDepartments;

    /// <summary>The scope of a viewer with these departments, built once per snapshot and department set.</summary>
    public ViewScope ScopeOf(long accountId, IReadOnlyList<long> departmentIds)
    {
        long[] departments = [.. departmentIds];
        for (int i = 1; i < departments.Length; i++)
        {
            if (departments[i - 1] >= departments[i])
            {
                departments = [.. departments.Distinct().Order()];
                break;
            }
        }

        var key = new ScopeKey(departments, _noDirectoryAccounts.Contains(accountId));
        if (_scopes.TryGetValue(key, out ViewScope? scope))
        {
            return scope;
        }

        if (_scopes.Count >= MaxCachedScopes)
        {
            _scopes.Clear();
        }

        return _scopes.GetOrAdd(key, k => ViewScope.Build(this, k.Departments, k.AccountNoDirectory));
    }

    public bool InheritsNoDirectory(long departmentId) => _noDirectoryDepartments.Contains(departmentId);

    /// <summary>The union of the visible-department lists on the department's chain, or null when none restricts it.</summary>
    public long[]? VisibleListOf(long departmentId) => _visibleLists.GetValueOrDefault(departmentId);

    /// <summary>The department's ancestors, nearest first, without itself and without the top level.</summary>
    public IEnumerable<long> AncestorsOf(long departmentId)
    {
        long current = departmentId;
        for (int depth = 0; depth <= _parents.Count && _parents.TryGetValue(current, out long parent) && parent != 0; depth++)
        {
            yield return parent;
            current = parent;
        }
    }

    /// <summary>The department and everything below it.</summary>
    public IEnumerable<long> SubtreeOf(long departmentId)
    {
        if (!_parents.ContainsKey(departmentId))
        {
            yield break;
        }

        var seen = new HashSet<long>();
        var pending = new Stack<long>();
        pending.Push(departmentId);
        while (pending.TryPop(out long id))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            yield return id;
            foreach (long child in _children.GetValueOrDefault(id) ?? [])
            {
                pending.Push(child);
            }
        }
    }

    /// <summary>
    /// Walks the tree from the top, carrying each rule down its subtree: hidden, no-directory and contacts-hidden
    /// are inherited; visible-department lists add up (a department under two restricting rules sees the union).
    /// A department the walk never reaches (an orphan) counts as hidden.
    /// </summary>
    private void Inherit(Dictionary<long, DepartmentRule> rules)
    {
        var pending = new Stack<(long Id, bool Hidden, bool NoDirectory, bool Contacts, long[]? List)>();
        foreach (long top in _children.GetValueOrDefault(0) ?? [])
        {
            pending.Push((top, false, false, false, null));
        }

        var reached = new HashSet<long>();
        while (pending.TryPop(out var item))
        {
            if (!reached.Add(item.Id))
            {
                continue;
            }

            (long id, bool hidden, bool noDirectory, bool contacts, long[]? list) = item;
            if (rules.TryGetValue(id, out DepartmentRule? rule))
            {
                hidden |= rule.Hidden;
                noDirectory |= rule.NoDirectory;
                contacts |= rule.ContactsHidden;
                if (rule.VisibleDepartments is { } own)
                {
                    list = list is null ? [.. own.Distinct().Order()] : [.. list.Union(own).Order()];
                }
            }

            AddIf(_hiddenDepartments, hidden, id);
            AddIf(_noDirectoryDepartments, noDirectory, id);
            AddIf(_contactsHiddenDepartments, contacts, id);
            if (list is not null)
            {
                _visibleLists[id] = list;
            }

            foreach (long child in _children.GetValueOrDefault(id) ?? [])
            {
                pending.Push((child, hidden, noDirectory, contacts, list));
            }
        }

        _hiddenDepartments.UnionWith(_parents.Keys.Where(id => !reached.Contains(id)));
    }

    private static void AddIf(HashSet<long> set, bool condition, long id)
    {
        if (condition)
        {
            set.Add(id);
        }
    }

    /// <summary>A viewer's department set (sorted) and whether its own account has the no-directory rule.</summary>
    internal readonly struct ScopeKey(long[] departments, bool accountNoDirectory) : IEquatable<ScopeKey>
    {
        public long[] Departments { get; } = departments ?? NoDepartments;

        public bool AccountNoDirectory { get; } = accountNoDirectory;

        public bool Equals(ScopeKey other) => AccountNoDirectory == other.AccountNoDirectory && Departments.AsSpan().SequenceEqual(other.Departments);

        public override bool Equals(object? obj) => obj is ScopeKey other && Equals(other);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(AccountNoDirectory);
            foreach (long id in Departments)
            {
                hash.Add(id);
            }

            return hash.ToHashCode();
        }
    }
}

/// <summary>64-bit FNV-1a: the fingerprint hash. Stable across processes (unlike <see cref="HashCode"/>), so clients may keep it.</summary>
internal struct Fnv64
{
    private const ulong Prime = 1099511628211;

    public Fnv64()
    {
    }

    public ulong Value { get; private set; } = 14695981039346656037;

    public void Add(long value)
    {
        ulong hash = Value;
        for (int i = 0; i < 8; i++)
        {
            hash = (hash ^ (byte)(value >> (i * 8))) * Prime;
        }

        Value = hash;
    }

    public void Add(bool value) => Add(value ? 1L : 0L);

    public void Add(ulong value) => Add(unchecked((long)value));

    /// <summary>A set, in ascending order, preceded by its size so that adjacent sets cannot run into each other.</summary>
    public void AddSet(IEnumerable<long> ids)
    {
        long[] sorted = [.. ids.Order()];
        Add((long)sorted.Length);
        foreach (long id in sorted)
        {
            Add(id);
        }
    }
}
