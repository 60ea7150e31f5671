namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// One viewer's view of the directory: which departments and accounts it may see, and whose contact fields it may
/// not. Immutable; built by <see cref="IDirectoryVisibility"/>.
/// </summary>
/// <remarks>
/// <see cref="Fingerprint"/> changes whenever the set of what the viewer sees could change without the changed
/// entities' own versions moving (a rule changed, a department moved under a hidden one, the viewer joined a
/// restricted department). Clients echo it in their next sync; a mismatch makes the server answer with a reset and
/// a full, filtered resync, so a client never keeps what it may no longer see.
/// </remarks>
internal abstract class DirectoryView
{
    /// <summary>A view of everything: administrators, and every viewer while no rule exists.</summary>
    public static DirectoryView Everything { get; } = new EverythingView();

    public abstract long ViewerAccountId { get; }

    public abstract ulong Fingerprint { get; }

    /// <summary>False when the viewer may not see the directory at all: it sees only its own account.</summary>
    public abstract bool SeesDirectory { get; }

    /// <summary>Whether the department is in the viewer's tree: fully, or path-only (an ancestor drawn so the tree connects).</summary>
    public abstract bool CanSeeDepartment(long departmentId);

    /// <summary>Whether the viewer sees the department's direct members: false for path-only departments.</summary>
    public virtual bool CanSeeMembersOf(long departmentId) => CanSeeDepartment(departmentId);

    /// <summary>Whether the viewer may see the account, given the departments it belongs to. The viewer always sees itself.</summary>
    public abstract bool CanSeeAccount(long accountId, IEnumerable<long> departmentIds);

    public bool CanSeeAccount(DirectoryAccount account) => CanSeeAccount(account.Id, account.Memberships.Select(m => m.DepartmentId));

    /// <summary>Whether the viewer may see the account's contact fields (mobile, phone, e-mail): false for hidden leaders.</summary>
    public abstract bool CanSeeContactFields(long accountId);

    /// <summary>
    /// The account as this viewer may see it: contact fields blanked where hidden, memberships dropped where the viewer
    /// does not see the department's members (invisible and path-only departments). The viewer's own account is whole.
    /// </summary>
    public DirectoryAccount Present(DirectoryAccount account)
    {
        bool self = account.Id == ViewerAccountId;
        bool contacts = self || CanSeeContactFields(account.Id);
        bool allMemberships = self || account.Memberships.All(m => CanSeeMembersOf(m.DepartmentId));
        if (contacts && allMemberships)
        {
            return account;
        }

        return account with
        {
            Profile = contacts ? account.Profile : account.Profile with { Mobile = string.Empty, Phone = string.Empty, Email = string.Empty },
            Memberships = allMemberships ? account.Memberships : account.Memberships.Where(m => CanSeeMembersOf(m.DepartmentId)).ToArray(),
        };
    }

    private sealed class EverythingView : DirectoryView
    {
        public override long ViewerAccountId => 0;

        public override ulong Fingerprint => 0;

        public override bool SeesDirectory => true;

        public override bool CanSeeDepartment(long departmentId) => true;

        public override bool CanSeeAccount(long accountId, IEnumerable<long> departmentIds) => true;

        public override bool CanSeeContactFields(long accountId) => true;
    }
}

/// <summary>Everyone sees everything: the view of directory stacks built without visibility rules (unit tests).</summary>
internal sealed class OpenDirectoryVisibility : IDirectoryVisibility
{
    public DirectoryView ViewOf(long viewerAccountId) => DirectoryView.Everything;
}
