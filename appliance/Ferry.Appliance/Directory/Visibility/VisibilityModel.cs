namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// Visibility rules of one account. <see cref="Hidden"/>: nobody else sees it in the tree, profiles or search.
/// <see cref="NoDirectory"/>: it may not see the directory (only itself). <see cref="ContactsHidden"/>: a leader whose
/// mobile, phone and e-mail other non-administrators do not see.
/// </summary>
internal sealed record AccountRule(long AccountId, bool Hidden, bool NoDirectory, bool ContactsHidden)
{
    public bool IsEmpty => !Hidden && !NoDirectory && !ContactsHidden;

    public static AccountRule None(long accountId) => new(accountId, false, false, false);
}

/// <summary>
/// Visibility rules of one department, applying to its whole subtree. <see cref="VisibleDepartments"/> null: no
/// restriction; a list (possibly empty): members of the subtree see only those departments' subtrees and their own
/// departments.
/// </summary>
internal sealed record DepartmentRule(long DepartmentId, bool Hidden, bool NoDirectory, bool ContactsHidden, IReadOnlyList<long>? VisibleDepartments)
{
    public bool IsEmpty => !Hidden && !NoDirectory && !ContactsHidden && VisibleDepartments is null;

    public static DepartmentRule None(long departmentId) => new(departmentId, false, false, false, null);
}

/// <summary>
/// Every stored rule as of one generation of <c>visibility_stamp</c>, read from one snapshot of the database, with the
/// tree and the accounts with a membership under a contacts-hidden department.
/// </summary>
internal sealed record VisibilityData(
    long Generation,
    IReadOnlyList<(long Id, long ParentId)> Departments,
    IReadOnlyList<AccountRule> AccountRules,
    IReadOnlyList<DepartmentRule> DepartmentRules,
    IReadOnlyList<long> ContactsHiddenMembers);

/// <summary>An account as the viewer side needs it: administrator or not, and its departments.</summary>
internal sealed record ViewerFacts(long Generation, bool Exists, bool IsAdmin, IReadOnlyList<long> DepartmentIds);
