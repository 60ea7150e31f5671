using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory.Administration;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory.Visibility;

/// <summary>
/// The administrator side of visibility rules: read, set and list them, every call through <see cref="AdminAccess.Authorize"/>.
/// </summary>
/// <remarks>
/// Scope (issue 3 §2): account rules need <see cref="DirectoryRight.ManageAccounts"/> and an account in the caller's
/// subtrees (an administrator account only if the caller could have granted it); department rules need
/// <see cref="DirectoryRight.ManageDepartments"/>, the department in scope, and every department of a
/// visible-departments list in scope too, so a department administrator cannot open a view wider than its own.
/// Validation collects every problem, each naming its field, and writes nothing when there is one.
/// Invariant: checks and the write happen under <see cref="_writes"/>, so a department checked to exist still does.
/// </remarks>
internal sealed class VisibilityService(IVisibilityStore store, IDirectoryStore directory, AdminAccess access, TimeProvider clock)
{
    public const int MaxVisibleDepartments = 200;
    public const int MaxPage = 500;

    private readonly Lock _writes = new();

    public AccountRule GetAccountRule(Caller caller, long accountId)
    {
        access.Authorize(caller, DirectoryRight.ManageAccounts, AdminTarget.ReadAccount(accountId));
        RequireAccount(accountId);
        return store.FindAccountRule(accountId) ?? AccountRule.None(accountId);
    }

    /// <summary>Replaces the account's rules (all false removes them). A change moves the account's directory version.</summary>
    public AccountRule SetAccountRule(Caller caller, long accountId, bool hidden, bool noDirectory, bool contactsHidden)
    {
        access.Authorize(caller, DirectoryRight.ManageAccounts, AdminTarget.ChangeAccount(accountId));
        var rule = new AccountRule(accountId, hidden, noDirectory, contactsHidden);
        lock (_writes)
        {
            DirectoryAccount account = RequireAccount(accountId);
            if (account.State == AccountState.Deleted)
            {
                FerryException.Throw(ErrorCode.Conflict, $"account '{account.Name}' is deleted; deleted accounts cannot be changed");
            }

            store.PutAccountRule(rule, Now());
        }

        return rule;
    }

    public DepartmentRule GetDepartmentRule(Caller caller, long departmentId)
    {
        access.Authorize(caller, DirectoryRight.ManageDepartments, AdminTarget.Department(departmentId));
        RequireDepartment(departmentId);
        return store.FindDepartmentRule(departmentId) ?? DepartmentRule.None(departmentId);
    }

    /// <summary>
    /// Replaces the department's rules. <paramref name="visibleDepartments"/> null lifts the restriction; a list
    /// (at most <see cref="MaxVisibleDepartments"/>, possibly empty) restricts the subtree's members to those subtrees.
    /// </summary>
    public DepartmentRule SetDepartmentRule(Caller caller, long departmentId, bool hidden, bool noDirectory, bool contactsHidden, IReadOnlyList<long?>? visibleDepartments)
    {
        access.Authorize(caller, DirectoryRight.ManageDepartments, AdminTarget.Department(departmentId));
        var errors = new FieldErrors();
        var listed = new List<long>();
        if (visibleDepartments is not null && visibleDepartments.Count > MaxVisibleDepartments)
        {
            errors.Add("visibleDepartments", $"at most {MaxVisibleDepartments} departments");
            errors.ThrowIfAny();
        }

        for (int i = 0; i < (visibleDepartments?.Count ?? 0); i++)
        {
            string field = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"visibleDepartments[{i}]");
            if (visibleDepartments![i] is not { } id || id <= 0)
            {
                errors.Add(field, "must be a department id");
            }
            else if (listed.Contains(id))
            {
                errors.Add(field, "lists the same department twice");
            }
            else
            {
                listed.Add(id);
            }
        }

        // The listed departments are part of the target: a department administrator may name only its own subtrees
        // (missing ones look the same as foreign ones to it, 403, so it cannot probe).
        access.Authorize(caller, DirectoryRight.ManageDepartments, AdminTarget.Department([departmentId, .. listed]));
        lock (_writes)
        {
            RequireDepartment(departmentId);
            for (int i = 0; i < (visibleDepartments?.Count ?? 0); i++)
            {
                if (visibleDepartments![i] is { } id && id > 0 && directory.FindDepartment(id) is null)
                {
                    errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"visibleDepartments[{i}]"), $"no department {id}");
                }
            }

            errors.ThrowIfAny();
            var rule = new DepartmentRule(departmentId, hidden, noDirectory, contactsHidden, visibleDepartments is null ? null : [.. listed.Order()]);
            store.PutDepartmentRule(rule, Now());
            return rule;
        }
    }

    /// <summary>A page of account rules, those of accounts in the caller's scope.</summary>
    public IReadOnlyList<AccountRule> AccountRules(Caller caller, int offset, int limit)
    {
        AdminAuthority authority = access.Authorize(caller, DirectoryRight.ManageAccounts, new AdminTarget());
        return store.AccountRules().Where(r => access.CanSeeAccount(authority, r.AccountId)).Skip(offset).Take(Math.Clamp(limit, 1, MaxPage)).ToList();
    }

    /// <summary>A page of department rules, those of departments in the caller's scope.</summary>
    public IReadOnlyList<DepartmentRule> DepartmentRules(Caller caller, int offset, int limit)
    {
        AdminAuthority authority = access.Authorize(caller, DirectoryRight.ManageDepartments, new AdminTarget());
        return store.DepartmentRules().Where(r => access.InScope(authority, r.DepartmentId)).Skip(offset).Take(Math.Clamp(limit, 1, MaxPage)).ToList();
    }

    private DirectoryAccount RequireAccount(long accountId) =>
        directory.FindAccount(accountId) ?? FerryException.Throw<DirectoryAccount>(ErrorCode.NotFound, $"no account {accountId}");

    private Department RequireDepartment(long departmentId) =>
        directory.FindDepartment(departmentId) ?? FerryException.Throw<Department>(ErrorCode.NotFound, $"no department {departmentId}");

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
