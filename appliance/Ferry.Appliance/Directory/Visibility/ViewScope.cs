namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// What viewers with one set of departments see of the departments, worked out once per snapshot and shared by all
/// of them. The per-viewer parts (itself, hidden accounts, contacts) are answered by <see cref="ScopedView"/>.
/// </summary>
/// <remarks>
/// The semantics (issue 3 §3), enforced here:
/// <list type="bullet">
/// <item>No-directory (the viewer's own account rule, or a rule on any department of any of its chains): the viewer
/// sees no other account; its own departments and their ancestors are path-only, so its own place can be drawn.</item>
/// <item>Restricted (any of its departments lies under a visible-departments rule): it sees fully the subtrees of the
/// union of every list that applies, and its own departments; hidden departments stay hidden inside those subtrees.</item>
/// <item>Otherwise it sees every department that is not hidden, and its own departments even when they are.</item>
/// <item>Ancestors of what it sees fully are path-only: visible so the tree can be drawn, their direct members not.</item>
/// </list>
/// </remarks>
internal sealed class ViewScope
{
    private readonly VisibilitySnapshot _snapshot;
    private readonly HashSet<long> _own;
    private readonly HashSet<long>? _full;
    private readonly HashSet<long> _pathOnly;

    private ViewScope(VisibilitySnapshot snapshot, HashSet<long> own, bool seesDirectory, HashSet<long>? full, HashSet<long> pathOnly, ulong fingerprint)
    {
        _snapshot = snapshot;
        _own = own;
        SeesDirectory = seesDirectory;
        _full = full;
        _pathOnly = pathOnly;
        Fingerprint = fingerprint;
    }

    public bool SeesDirectory { get; }

    /// <summary>True when the viewer sees only a chosen part (a visible-departments list, or no directory at all).</summary>
    public bool Restricted => _full is not null;

    public ulong Fingerprint { get; }

    /// <summary>The department and its direct members are visible.</summary>
    public bool SeesFully(long departmentId) => _full?.Contains(departmentId)
        ?? (_snapshot.Exists(departmentId) && (!_snapshot.IsHidden(departmentId) || _own.Contains(departmentId)));

    public bool IsPathOnly(long departmentId) => _pathOnly.Contains(departmentId);

    public static ViewScope Build(VisibilitySnapshot snapshot, long[] departments, bool accountNoDirectory)
    {
        HashSet<long> own = [.. departments.Where(snapshot.Exists)];
        bool noDirectory = accountNoDirectory || own.Any(snapshot.InheritsNoDirectory);
        var fingerprint = new Fnv64();
        fingerprint.Add(!noDirectory);

        if (noDirectory)
        {
            HashSet<long> path = [.. own, .. own.SelectMany(snapshot.AncestorsOf)];
            fingerprint.AddSet(path);
            return new ViewScope(snapshot, own, seesDirectory: false, full: [], path, fingerprint.Value);
        }

        long[][] lists = own.Select(snapshot.VisibleListOf).OfType<long[]>().ToArray();
        if (lists.Length > 0)
        {
            HashSet<long> full = [.. lists.SelectMany(l => l).Distinct().SelectMany(snapshot.SubtreeOf).Where(d => !snapshot.IsHidden(d)), .. own];
            HashSet<long> path = [.. full.SelectMany(snapshot.AncestorsOf).Where(d => !full.Contains(d))];
            fingerprint.Add(true);
            fingerprint.AddSet(full);
            fingerprint.AddSet(path);
            fingerprint.Add(snapshot.ContactsFingerprint);
            return new ViewScope(snapshot, own, seesDirectory: true, full, path, fingerprint.Value);
        }

        HashSet<long> ownPath = [.. own.SelectMany(snapshot.AncestorsOf).Where(snapshot.IsHidden).Where(d => !own.Contains(d))];
        HashSet<long> hidden = [.. snapshot.HiddenDepartments.Where(d => !own.Contains(d))];
        ulong value = 0;

        // Invariant: a viewer nothing restricts has fingerprint 0, the same as DirectoryView.Everything, so the first
        // rule stored somewhere else does not send every client into a full resync.
        if (hidden.Count > 0 || ownPath.Count > 0 || snapshot.ContactsFingerprint != 0)
        {
            fingerprint.Add(false);
            fingerprint.AddSet(hidden);
            fingerprint.AddSet(ownPath);
            fingerprint.Add(snapshot.ContactsFingerprint);
            value = fingerprint.Value;
        }

        return new ViewScope(snapshot, own, seesDirectory: true, full: null, ownPath, value);
    }
}
