using Ferry.Appliance.Accounts;

namespace Ferry.Appliance.Directory.Ldap;

// ---- What the directory holds now, as the planner needs it (built by whoever applies the plan). ----

/// <summary>
/// A department that came from LDAP (has a source DN). <see cref="SourceId"/> is the stable upstream id recorded at the
/// last sync (entryUUID / objectGUID), null if none. <see cref="ParentId"/> is the directory parent, 0 at the top.
/// </summary>
internal sealed record ExistingDepartment(long Id, string SourceDn, string? SourceId, long ParentId, string Name);

/// <summary>
/// An account as the planner sees it. <see cref="ManagedByLdap"/>: created or adopted by the sync; only such accounts
/// are ever updated or frozen, so a local account (like <c>admin</c>) can never be taken over by an LDAP entry of the
/// same name. <see cref="FrozenBySync"/>: frozen because it disappeared upstream; only those are unfrozen when they
/// come back (an administrator's freeze stays). <see cref="PrimaryDepartmentId"/> is 0 when none. Empty strings for
/// unset fields, as in the upstream records.
/// </summary>
internal sealed record ExistingAccount(
    long Id,
    string Name,
    bool ManagedByLdap,
    string? SourceDn,
    AccountState State,
    bool FrozenBySync,
    string DisplayName,
    string Mail,
    string Mobile,
    string Phone,
    string Title,
    string EmployeeNumber,
    long PrimaryDepartmentId,
    IReadOnlyDictionary<string, string> Attributes);

/// <summary>The directory side of a plan: LDAP-sourced departments, and every account whose name could collide.</summary>
internal sealed record DirectorySnapshot(IReadOnlyList<ExistingDepartment> Departments, IReadOnlyList<ExistingAccount> Accounts);

// ---- The plan: the preview of what a sync would change, and what applying it does. ----

/// <summary>
/// A department a plan step points at: <see cref="Id"/> when it exists already, otherwise null and <see cref="Dn"/>
/// names a department created earlier in the same plan (<see cref="SyncPlan.CreateDepartments"/> is parent-first).
/// A null <see cref="DepartmentRef"/> where one is expected means the top of the tree.
/// </summary>
internal sealed record DepartmentRef(long? Id, string Dn);

/// <summary>Create a department with this source DN and stable id, under <see cref="Parent"/> (null: top level), at <see cref="Order"/> among its siblings.</summary>
internal sealed record DepartmentCreate(string Dn, string? UniqueId, DepartmentRef? Parent, string Name, int Order);

internal sealed record DepartmentRename(long Id, string Dn, string OldName, string NewName);

/// <summary>Move the department under <see cref="NewParent"/> (null: top level); its members and history move with it.</summary>
internal sealed record DepartmentMove(long Id, string Dn, string Name, long OldParentId, DepartmentRef? NewParent);

/// <summary>The upstream DN changed (an OU above was renamed or moved); record <see cref="NewDn"/> as the source DN.</summary>
internal sealed record DepartmentRelink(long Id, string OldDn, string NewDn);

/// <summary>
/// Create an LDAP-managed account from <see cref="User"/> (no local password: it logs in by LDAP bind), primary member
/// of <see cref="Department"/> (null: no department).
/// </summary>
internal sealed record AccountCreate(UpstreamUser User, DepartmentRef? Department);

/// <summary>One changed field for the preview: API field name (displayName, email, …, department, dn, attribute keys), old and new value.</summary>
internal sealed record FieldChange(string Field, string Old, string New);

/// <summary>
/// Set the account's synced fields to <see cref="User"/>'s (<see cref="Changes"/> lists which differ) and, when
/// <see cref="Department"/> is not null, make it the primary department. A null department upstream (user outside any
/// synced OU) leaves memberships alone.
/// </summary>
internal sealed record AccountUpdate(long Id, string Account, UpstreamUser User, DepartmentRef? Department, IReadOnlyList<FieldChange> Changes);

/// <summary>Freeze (never delete): the account is no longer upstream. Mark it frozen-by-sync so its return unfreezes it.</summary>
internal sealed record AccountFreeze(long Id, string Account, string? SourceDn);

/// <summary>Unfreeze an account the sync froze earlier that is upstream again.</summary>
internal sealed record AccountUnfreeze(long Id, string Account);

/// <summary>
/// The freeze guard: <see cref="Freezes"/> of <see cref="ManagedActive"/> active LDAP-managed accounts would be frozen.
/// Above <see cref="MaxShare"/> the plan must not be applied without an administrator's confirmation.
/// </summary>
internal sealed record FreezeGuard(int Freezes, int ManagedActive, double MaxShare)
{
    public double Share => ManagedActive == 0 ? 0 : (double)Freezes / ManagedActive;

    public bool RequiresConfirmation => Freezes > 0 && Share > MaxShare;
}

/// <summary>
/// Everything one sync would change. Applying it in list order is always valid: departments (creations parent-first,
/// then renames, moves, relinks), then accounts (creations, updates, unfreezes, freezes). Entries in
/// <see cref="Errors"/> were skipped and their accounts left exactly as they are. <see cref="RemovedDepartments"/>
/// are gone upstream but are left in place (they may hold local members); the preview shows them for the admin.
/// </summary>
internal sealed record SyncPlan(
    IReadOnlyList<DepartmentCreate> CreateDepartments,
    IReadOnlyList<DepartmentRename> RenameDepartments,
    IReadOnlyList<DepartmentMove> MoveDepartments,
    IReadOnlyList<DepartmentRelink> RelinkDepartments,
    IReadOnlyList<ExistingDepartment> RemovedDepartments,
    IReadOnlyList<AccountCreate> CreateAccounts,
    IReadOnlyList<AccountUpdate> UpdateAccounts,
    IReadOnlyList<AccountUnfreeze> UnfreezeAccounts,
    IReadOnlyList<AccountFreeze> FreezeAccounts,
    IReadOnlyList<LdapEntryError> Errors,
    FreezeGuard Guard)
{
    /// <summary>True when there is something to apply (errors and removed departments alone change nothing).</summary>
    public bool HasChanges =>
        CreateDepartments.Count + RenameDepartments.Count + MoveDepartments.Count + RelinkDepartments.Count
        + CreateAccounts.Count + UpdateAccounts.Count + UnfreezeAccounts.Count + FreezeAccounts.Count > 0;

    /// <summary>Shorthand for <see cref="FreezeGuard.RequiresConfirmation"/>.</summary>
    public bool RequiresConfirmation => Guard.RequiresConfirmation;
}
