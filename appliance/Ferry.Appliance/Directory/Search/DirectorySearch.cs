using System.Collections.Concurrent;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory.Pinyin;
using Ferry.Appliance.Directory.Visibility;
using Microsoft.Extensions.Hosting;

namespace Ferry.Appliance.Directory.Search;

/// <summary>
/// What a search hit shows of an account, and the departments its visibility is decided by. <see cref="State"/> is
/// active or frozen (frozen accounts are indexed for administrators only; deleted ones are not indexed).
/// </summary>
internal sealed record SearchCard(long Id, string Account, string DisplayName, long[] DepartmentIds, long PrimaryDepartmentId, string Title,
    AccountState State = AccountState.Active)
{
    public bool IsActive => State == AccountState.Active;
}

/// <summary>A hit as one viewer may see it: the primary department only when the viewer may see that department.</summary>
internal sealed record SearchResult(SearchCard Card, long PrimaryDepartmentId, string PrimaryDepartment);

/// <summary>
/// The directory's search read model: <see cref="NameSearchIndex"/> (name, account, full pinyin, initials) over the
/// active and frozen accounts, plus an id → departments map (and department → parent, for administrator scopes) so the
/// viewer's visibility is decided without a database read per hit. Loaded at start; before each search it catches up from <c>directory_changes</c> (one cheap version query
/// when nothing changed), so every writer (admin API, import, LDAP sync) is seen without event plumbing.
/// </summary>
/// <remarks>
/// Invariant: <see cref="_version"/> is the directory version the index reflects; only <see cref="CatchUp"/>
/// moves it, under <see cref="_catchUp"/>. Deleted accounts are not indexed. Frozen accounts are, flagged by their
/// state, so administrators find them to restore them (<see cref="AdminSearch"/>); every client-facing read
/// (<see cref="Search"/>, <see cref="VisibleCard"/>) skips them: they cannot be contacted.
/// </remarks>
internal sealed class DirectorySearch(IDirectoryStore store) : IHostedService
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;
    private const int CatchUpPage = 1000;

    private readonly NameSearchIndex _index = new();
    private readonly ConcurrentDictionary<long, SearchCard> _cards = new();
    private readonly ConcurrentDictionary<long, string> _departmentNames = new();
    private readonly ConcurrentDictionary<long, long> _departmentParents = new();
    private readonly Lock _catchUp = new();
    private long _version;

    /// <summary>The directory version the index reflects.</summary>
    public long Version => Volatile.Read(ref _version);

    /// <summary>Indexed accounts, active and frozen.</summary>
    public int Count => _cards.Count;

    public IReadOnlyList<SearchResult> Search(string query, int limit, DirectoryView view, long viewerAccountId)
    {
        CatchUp();
        List<NameSearchHit> hits = _index.Search(query, Math.Clamp(limit, 1, MaxLimit), id =>
            _cards.TryGetValue(id, out SearchCard? card) && card.IsActive && DirectoryChangeFilter.SeesAccount(view, viewerAccountId, id, card.DepartmentIds));
        var results = new List<SearchResult>(hits.Count);
        foreach (NameSearchHit hit in hits)
        {
            if (!_cards.TryGetValue(hit.AccountId, out SearchCard? card) || !card.IsActive)
            {
                continue;   // removed or frozen between the match and now
            }

            bool showDepartment = card.PrimaryDepartmentId != 0 && view.SeesDirectory && view.CanSeeMembersOf(card.PrimaryDepartmentId);
            results.Add(showDepartment
                ? new SearchResult(card, card.PrimaryDepartmentId, _departmentNames.GetValueOrDefault(card.PrimaryDepartmentId, string.Empty))
                : new SearchResult(card, 0, string.Empty));
        }

        return results;
    }

    /// <summary>
    /// The active account as the viewer may see it, from memory (after a catch-up): for lists of many accounts (contact
    /// groups, recent contacts) where a database read per account would be too slow. Null when hidden, frozen or gone.
    /// </summary>
    public SearchCard? VisibleCard(DirectoryView view, long viewerAccountId, long accountId) =>
        _cards.TryGetValue(accountId, out SearchCard? card) && card.IsActive && DirectoryChangeFilter.SeesAccount(view, viewerAccountId, accountId, card.DepartmentIds)
            ? card
            : null;

    /// <summary>
    /// Administrators' search: active and frozen accounts matching <paramref name="query"/>, best first, up to
    /// <paramref name="limit"/> of those <paramref name="include"/> accepts (null: all). The predicate runs inside the
    /// index walk, so a narrow scope still fills the limit. Directory visibility rules do not apply to administrators.
    /// </summary>
    public IReadOnlyList<SearchCard> AdminSearch(string query, int limit, Func<SearchCard, bool>? include)
    {
        CatchUp();
        List<NameSearchHit> hits = _index.Search(query, Math.Clamp(limit, 1, MaxLimit), id =>
            _cards.TryGetValue(id, out SearchCard? card) && (include is null || include(card)));
        var results = new List<SearchCard>(hits.Count);
        foreach (NameSearchHit hit in hits)
        {
            if (_cards.TryGetValue(hit.AccountId, out SearchCard? card))
            {
                results.Add(card);
            }
        }

        return results;
    }

    /// <summary>A department's name as of the last catch-up; null when unknown.</summary>
    public string? DepartmentName(long departmentId) => _departmentNames.GetValueOrDefault(departmentId);

    /// <summary>
    /// Whether a department lies in one of the subtrees of <paramref name="roots"/>, decided in memory from the
    /// department → parent map of the last catch-up (the same rule as <c>AdminAccess.InScope</c>: a department is in
    /// scope when it or an ancestor is a root). The returned predicate memoises per department: build one per search.
    /// </summary>
    public Func<long, bool> InSubtrees(IReadOnlyCollection<long> roots)
    {
        var rootSet = roots.ToHashSet();
        var known = new Dictionary<long, bool>();
        return department =>
        {
            if (known.TryGetValue(department, out bool cached))
            {
                return cached;
            }

            bool inside = false;
            long at = department;
            for (int depth = 0; at > 0 && depth < 10_000; depth++)
            {
                if (rootSet.Contains(at))
                {
                    inside = true;
                    break;
                }

                if (known.TryGetValue(at, out bool above))
                {
                    inside = above;
                    break;
                }

                at = _departmentParents.GetValueOrDefault(at);
            }

            known[department] = inside;
            return inside;
        };
    }

    /// <summary>Applies every directory change after <see cref="Version"/>. Cheap when nothing changed.</summary>
    public void CatchUp()
    {
        if (store.CurrentVersion() <= Version)
        {
            return;
        }

        lock (_catchUp)
        {
            long since = Version;

            // The first load (and a reset) collects everything and builds the index once instead of entry by entry.
            Dictionary<long, (long, string, string)>? bulk = since == 0 ? [] : null;
            while (true)
            {
                DirectoryChanges page = store.ChangesSince(since, CatchUpPage);
                if (page.Reset)
                {
                    // The database is from another history (a restore): start over.
                    _cards.Clear();
                    _departmentNames.Clear();
                    _departmentParents.Clear();
                    bulk = [];
                }

                Apply(page, bulk);
                since = page.NextVersion;
                if (!page.More)
                {
                    break;
                }
            }

            if (bulk is not null)
            {
                _index.Reset(bulk.Values);
            }

            Volatile.Write(ref _version, since);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        CatchUp();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Apply(DirectoryChanges page, Dictionary<long, (long, string, string)>? bulk)
    {
        foreach (Department department in page.Departments)
        {
            _departmentNames[department.Id] = department.Name;
            _departmentParents[department.Id] = department.ParentId;
        }

        foreach (DirectoryAccount account in page.Accounts)
        {
            if (account.State is not (AccountState.Active or AccountState.Frozen))
            {
                Forget(account.Id, bulk);
                continue;
            }

            Membership? primary = account.Memberships.FirstOrDefault(m => m.IsPrimary) ?? account.Memberships.FirstOrDefault();
            string title = primary is { Title.Length: > 0 } ? primary.Title : account.Profile.Title;
            _cards[account.Id] = new SearchCard(account.Id, account.Name, account.DisplayName,
                account.Memberships.Select(m => m.DepartmentId).ToArray(), primary?.DepartmentId ?? 0, title, account.State);
            if (bulk is not null)
            {
                bulk[account.Id] = (account.Id, account.Name, account.DisplayName);
            }
            else
            {
                _index.Update(account.Id, account.Name, account.DisplayName);
            }
        }

        foreach (Tombstone tombstone in page.Tombstones)
        {
            if (tombstone.Kind == ChangeKind.Department)
            {
                _departmentNames.TryRemove(tombstone.Id, out _);
                _departmentParents.TryRemove(tombstone.Id, out _);
            }
            else
            {
                Forget(tombstone.Id, bulk);
            }
        }
    }

    private void Forget(long accountId, Dictionary<long, (long, string, string)>? bulk)
    {
        _cards.TryRemove(accountId, out _);
        if (bulk is not null)
        {
            bulk.Remove(accountId);
        }
        else
        {
            _index.Remove(accountId);
        }
    }
}
