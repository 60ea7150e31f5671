namespace Ferry.Appliance.Directory.Administration;

/// <summary>The three kinds of administrator. Stored as numbers: never renumber.</summary>
internal enum AdminRole
{
    /// <summary>The account <c>admin</c> made by <c>ferryd init</c>: everything, and the only one who makes enterprise administrators.</summary>
    Super = 0,

    /// <summary>Every permission over the whole company (<c>accounts.is_admin</c> = 1).</summary>
    Enterprise = 1,

    /// <summary>Chosen permissions over one or more department subtrees (<c>accounts.is_admin</c> = 0).</summary>
    Department = 2,
}

/// <summary>What a department administrator may do inside its scope. Stored as bit flags: never renumber.</summary>
[Flags]
internal enum AdminPermissions
{
    None = 0,
    ManageAccounts = 1,
    ManageDepartments = 2,
    ManageGroups = 4,
    SendNotices = 8,
    ViewLogs = 16,
    All = ManageAccounts | ManageDepartments | ManageGroups | SendNotices | ViewLogs,
}

/// <summary>An administrator grant: one per account. <see cref="DepartmentIds"/> are the scope roots (empty: whole company).</summary>
internal sealed record AdminGrant(
    long AccountId, AdminRole Role, IReadOnlyList<long> DepartmentIds, AdminPermissions Permissions, long? GrantedBy, long CreatedMs);

/// <summary>What the caller holds, resolved per call from the accounts row and the grant (so a revocation takes effect at once).</summary>
internal sealed record AdminAuthority(long AccountId, AdminRole Role, AdminPermissions Permissions, IReadOnlyList<long> DepartmentIds)
{
    public bool IsCompanyWide => Role != AdminRole.Department;
}

/// <summary>
/// What an administrative call touches, for the scope check of <see cref="AdminAccess.Authorize"/>. Department id 0
/// (the top level) lies outside every department scope.
/// </summary>
internal sealed record AdminTarget(
    bool CompanyWide = false,
    bool SuperOnly = false,
    IReadOnlyList<long>? Departments = null,
    long? AccountId = null,
    bool ChangesAccount = false,
    IReadOnlyList<MembershipInput?>? NewMemberships = null)
{
    /// <summary>Company-wide settings and whole-directory operations: super and enterprise administrators only.</summary>
    public static AdminTarget Company { get; } = new(CompanyWide: true);

    /// <summary>Only the super administrator (making an enterprise administrator).</summary>
    public static AdminTarget Super { get; } = new(SuperOnly: true);

    public static AdminTarget Department(params long[] ids) => new(Departments: ids);

    /// <summary>Reading an account: at least one of its memberships lies in scope.</summary>
    public static AdminTarget ReadAccount(long accountId) => new(AccountId: accountId);

    /// <summary>Changing an account: in scope, and if it is an administrator, one the caller could have granted.</summary>
    public static AdminTarget ChangeAccount(long accountId) => new(AccountId: accountId, ChangesAccount: true);

    /// <summary>Replacing memberships: the account in scope, and every membership that is added, removed or changed in scope.</summary>
    public static AdminTarget Memberships(long accountId, IReadOnlyList<MembershipInput?>? memberships) =>
        new(AccountId: accountId, ChangesAccount: true, NewMemberships: memberships ?? []);
}

/// <summary>The API names of roles and permissions.</summary>
internal static class AdminNames
{
    public static IReadOnlyList<(string Name, AdminPermissions Flag)> Permissions { get; } =
    [
        ("manageAccounts", AdminPermissions.ManageAccounts),
        ("manageDepartments", AdminPermissions.ManageDepartments),
        ("manageGroups", AdminPermissions.ManageGroups),
        ("sendNotices", AdminPermissions.SendNotices),
        ("viewLogs", AdminPermissions.ViewLogs),
    ];

    public static string Role(AdminRole role) => role switch
    {
        AdminRole.Super => "super",
        AdminRole.Enterprise => "enterprise",
        _ => "department",
    };

    public static List<string> PermissionList(AdminPermissions permissions) =>
        Permissions.Where(p => permissions.HasFlag(p.Flag)).Select(p => p.Name).ToList();
}
