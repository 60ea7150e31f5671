using Ferry.Appliance.Accounts;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory.Administration;

/// <summary>
/// The one gate of every administrative call (directory, accounts, administrators): who the caller is as an
/// administrator, whether it holds the permission a call needs, and whether everything the call reads or changes
/// lies inside its scope.
/// </summary>
/// <remarks>
/// Rules (issue 3 §2), enforced here and nowhere else:
/// <list type="bullet">
/// <item>The super administrator (<c>admin</c>) and enterprise administrators (<c>is_admin</c>) act on the whole company.
/// Only the super administrator changes an enterprise administrator's account.</item>
/// <item>A department administrator acts only with the permission the call needs (<see cref="DirectoryRight.ManageAccounts"/>,
/// <see cref="DirectoryRight.ManageDepartments"/>; reading needs either), never on company-wide settings, and only
/// inside the subtrees of its scope roots: a department is in scope when it or an ancestor is a root (the top level,
/// id 0, never is); an account when one of its memberships is. A membership change may add, remove or alter only
/// in-scope memberships; an administrator account may be changed only if its grant lies within the caller's.</item>
/// <item>Missing and out-of-scope departments or accounts look the same to a department administrator (403), so it
/// cannot probe what lies outside.</item>
/// </list>
/// Grants are read per call, so a revocation takes effect on the next request.
/// </remarks>
internal sealed class AdminAccess(IAdminStore grants, IDirectoryStore directory)
{
    /// <summary>What the caller holds as an administrator, or null when it is none.</summary>
    public AdminAuthority? AuthorityOf(Caller caller)
    {
        if (caller.IsAdmin)
        {
            return string.Equals(caller.AccountName, AccountService.SuperAdministrator, StringComparison.OrdinalIgnoreCase)
                ? new AdminAuthority(caller.AccountId, AdminRole.Super, AdminPermissions.All, [])
                : new AdminAuthority(caller.AccountId, AdminRole.Enterprise, AdminPermissions.All, []);
        }

        return grants.Find(caller.AccountId) is { Role: AdminRole.Department } grant
            ? new AdminAuthority(caller.AccountId, AdminRole.Department, grant.Permissions, grant.DepartmentIds)
            : null;
    }

    public bool IsAdministrator(Caller caller) => AuthorityOf(caller) is not null;

    public AdminAuthority RequireAdministrator(Caller caller) =>
        AuthorityOf(caller) ?? FerryException.Throw<AdminAuthority>(ErrorCode.Forbidden, "administrators only");

    /// <summary>Throws Forbidden unless the caller may do <paramref name="right"/> on everything <paramref name="target"/> names.</summary>
    public AdminAuthority Authorize(Caller caller, DirectoryRight right, AdminTarget target)
    {
        AdminAuthority authority = RequireAdministrator(caller);
        if (target.SuperOnly && authority.Role != AdminRole.Super)
        {
            FerryException.Throw(ErrorCode.Forbidden, "only the super administrator may do this");
        }

        if (authority.IsCompanyWide)
        {
            if (authority.Role == AdminRole.Enterprise && target.ChangesAccount && target.AccountId is { } changed && changed != caller.AccountId
                && directory.FindAccount(changed) is { IsAdmin: true })
            {
                FerryException.Throw(ErrorCode.Forbidden, "only the super administrator changes an enterprise administrator's account");
            }

            return authority;
        }

        if (target.CompanyWide || target.SuperOnly || right == DirectoryRight.ManageSettings)
        {
            FerryException.Throw(ErrorCode.Forbidden, "this needs a company-wide administrator; department administrators act only inside their departments");
        }

        AdminPermissions needed = right switch
        {
            DirectoryRight.ManageAccounts => AdminPermissions.ManageAccounts,
            DirectoryRight.ManageDepartments => AdminPermissions.ManageDepartments,
            _ => AdminPermissions.ManageAccounts | AdminPermissions.ManageDepartments,
        };
        bool holds = right == DirectoryRight.ViewDirectory ? (authority.Permissions & needed) != 0 : authority.Permissions.HasFlag(needed);
        if (!holds)
        {
            FerryException.Throw(ErrorCode.Forbidden, $"your administrator grant lacks the permission for this ({string.Join(" or ", AdminNames.PermissionList(needed))})");
        }

        foreach (long department in target.Departments ?? [])
        {
            RequireInScope(authority, department);
        }

        if (target.AccountId is { } accountId)
        {
            CheckAccount(caller, authority, accountId, target);
        }

        return authority;
    }

    /// <summary>Whether a department lies in one of the authority's subtrees (always, for company-wide administrators).</summary>
    public bool InScope(AdminAuthority authority, long departmentId) =>
        authority.IsCompanyWide || (departmentId > 0 && directory.AncestorsOf(departmentId).Any(authority.DepartmentIds.Contains));

    /// <summary>Whether the authority may read the account: company-wide, or one of its memberships is in scope.</summary>
    public bool CanSeeAccount(AdminAuthority authority, long accountId) =>
        authority.IsCompanyWide || (directory.FindAccount(accountId) is { } account && account.Memberships.Any(m => InScope(authority, m.DepartmentId)));

    /// <summary>Whether the authority could have made <paramref name="grant"/>: the rule for granting, revoking and changing administrators.</summary>
    public bool Covers(AdminAuthority authority, AdminGrant grant) => authority.Role switch
    {
        AdminRole.Super => true,
        AdminRole.Enterprise => grant.Role == AdminRole.Department,
        _ => grant.Role == AdminRole.Department && (grant.Permissions & ~authority.Permissions) == 0
            && grant.DepartmentIds.Count > 0 && grant.DepartmentIds.All(d => InScope(authority, d)),
    };

    public void RequireInScope(AdminAuthority authority, long departmentId)
    {
        if (!InScope(authority, departmentId))
        {
            FerryException.Throw(ErrorCode.Forbidden, departmentId == 0
                ? "the top level is outside your departments"
                : $"department {departmentId} is outside your departments");
        }
    }

    private void CheckAccount(Caller caller, AdminAuthority authority, long accountId, AdminTarget target)
    {
        DirectoryAccount? account = directory.FindAccount(accountId);
        if (account is null || !account.Memberships.Any(m => InScope(authority, m.DepartmentId)))
        {
            FerryException.Throw(ErrorCode.Forbidden, $"account {accountId} is outside your departments");
        }

        if (target.ChangesAccount && accountId != caller.AccountId && (account.IsAdmin || (grants.Find(accountId) is { } grant && !Covers(authority, grant))))
        {
            FerryException.Throw(ErrorCode.Forbidden, $"account {accountId} is an administrator with rights beyond yours");
        }

        if (target.NewMemberships is not { } memberships)
        {
            return;
        }

        // Every membership added, removed or altered must be in scope; out-of-scope ones must come back unchanged.
        var touched = new HashSet<long>();
        var given = new HashSet<long>();
        foreach (MembershipInput? input in memberships)
        {
            if (input is null)
            {
                continue;
            }

            given.Add(input.DepartmentId);
            Membership? old = account.Memberships.FirstOrDefault(m => m.DepartmentId == input.DepartmentId);
            if (old is null || old.IsPrimary != input.IsPrimary || old.Title != (input.Title ?? string.Empty).Trim() || (input.Order is { } order && order != old.Order))
            {
                touched.Add(input.DepartmentId);
            }
        }

        touched.UnionWith(account.Memberships.Where(m => !given.Contains(m.DepartmentId)).Select(m => m.DepartmentId));
        foreach (long department in touched)
        {
            RequireInScope(authority, department);
        }
    }
}
