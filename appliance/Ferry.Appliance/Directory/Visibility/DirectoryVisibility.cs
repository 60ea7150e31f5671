namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// The stored rules made into views (issue 3 §3). One indexed read per call (the generation stamp, the viewer's
/// administrator flag and its departments); everything else comes from an in-memory <see cref="VisibilitySnapshot"/>,
/// rebuilt only when the generation moves (a department created, deleted or moved, a membership changed, a rule
/// written: see <see cref="VisibilitySchema"/>), and from the snapshot's cache of scopes per department set.
/// </summary>
/// <remarks>
/// Super and enterprise administrators (<c>accounts.is_admin</c>) get <see cref="DirectoryView.Everything"/>; so does
/// everyone while no rule is stored. Department administrators are ordinary viewers here: their grant is about
/// administration, not about what their client shows.
/// </remarks>
internal sealed class DirectoryVisibility(IVisibilityStore store) : IDirectoryVisibility
{
    private readonly Lock _rebuild = new();
    private volatile VisibilitySnapshot? _snapshot;

    public DirectoryView ViewOf(long viewerAccountId)
    {
        ViewerFacts viewer = store.Viewer(viewerAccountId);
        if (viewer.IsAdmin)
        {
            return DirectoryView.Everything;
        }

        VisibilitySnapshot snapshot = Current(viewer.Generation);
        if (!snapshot.HasRules && viewer.Exists)
        {
            return DirectoryView.Everything;
        }

        // An unknown viewer sees nothing but itself: a no-directory scope without departments.
        ViewScope scope = viewer.Exists
            ? snapshot.ScopeOf(viewerAccountId, viewer.DepartmentIds)
            : ViewScope.Build(snapshot, [], accountNoDirectory: true);
        return new ScopedView(viewerAccountId, snapshot, scope);
    }

    /// <summary>The snapshot as of at least <paramref name="generation"/>; one rebuild at a time, readers never wait for one they do not need.</summary>
    internal VisibilitySnapshot Current(long generation)
    {
        VisibilitySnapshot? snapshot = _snapshot;
        if (snapshot is not null && snapshot.Generation >= generation)
        {
            return snapshot;
        }

        lock (_rebuild)
        {
            snapshot = _snapshot;
            if (snapshot is null || snapshot.Generation < generation)
            {
                snapshot = new VisibilitySnapshot(store.Load());
                _snapshot = snapshot;
            }

            return snapshot;
        }
    }
}

/// <summary>One viewer's view: its scope (shared with viewers in the same departments) plus the account rules.</summary>
internal sealed class ScopedView(long viewerAccountId, VisibilitySnapshot snapshot, ViewScope scope) : DirectoryView
{
    public override long ViewerAccountId => viewerAccountId;

    public override ulong Fingerprint => scope.Fingerprint;

    public override bool SeesDirectory => scope.SeesDirectory;

    public override bool CanSeeDepartment(long departmentId) => scope.SeesFully(departmentId) || scope.IsPathOnly(departmentId);

    public override bool CanSeeMembersOf(long departmentId) => scope.SeesFully(departmentId);

    /// <summary>
    /// Itself always; nobody else without the directory or when hidden by an account rule; otherwise through one
    /// membership in a department it sees fully. An account in no department is visible unless the viewer is restricted.
    /// O(memberships), no database access.
    /// </summary>
    public override bool CanSeeAccount(long accountId, IEnumerable<long> departmentIds)
    {
        if (accountId == viewerAccountId)
        {
            return true;
        }

        if (!scope.SeesDirectory || snapshot.IsHiddenAccount(accountId))
        {
            return false;
        }

        bool any = false;
        foreach (long department in departmentIds)
        {
            if (scope.SeesFully(department))
            {
                return true;
            }

            any = true;
        }

        return !any && !scope.Restricted;
    }

    /// <summary>Hidden for a leader (account rule) and for every member of a contacts-hidden subtree, whichever membership it is seen through.</summary>
    public override bool CanSeeContactFields(long accountId) => accountId == viewerAccountId || !snapshot.IsContactsHiddenAccount(accountId);
}
