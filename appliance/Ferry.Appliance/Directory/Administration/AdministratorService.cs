using Ferry.Appliance.Accounts;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory.Administration;

/// <summary>A grant as an administrator asks for it; null means "not given".</summary>
internal sealed record GrantInput(long? AccountId, string? Role, IReadOnlyList<string?>? Permissions, IReadOnlyList<long>? DepartmentIds);

/// <summary>
/// Creates, lists and revokes administrator grants. Nobody grants more than they hold: only the super administrator
/// makes enterprise administrators; a department administrator grants a subset of its permissions over departments
/// inside its own scope, to accounts inside it. Nobody grants to or revokes from themselves.
/// </summary>
internal sealed class AdministratorService(IAdminStore store, AdminAccess access, IDirectoryStore directory, AccountService accounts, TimeProvider clock)
{
    public const int MaxScopeDepartments = 50;

    private readonly Lock _writes = new();

    public AdminGrant Grant(Caller caller, GrantInput input)
    {
        AdminAuthority authority = access.RequireAdministrator(caller);
        var errors = new FieldErrors();
        AdminRole? role = input.Role switch
        {
            null => Error<AdminRole?>(errors, "role", "is required: enterprise or department"),
            "enterprise" => AdminRole.Enterprise,
            "department" => AdminRole.Department,
            _ => Error<AdminRole?>(errors, "role", "must be enterprise or department"),
        };

        AdminPermissions permissions = role == AdminRole.Enterprise ? AdminPermissions.All : Permissions(input.Permissions, role == AdminRole.Department, errors);
        if (role == AdminRole.Enterprise && input.Permissions is { Count: > 0 })
        {
            errors.Add("permissions", "enterprise administrators hold every permission; omit it");
        }

        List<long> departments = Departments(input.DepartmentIds, role, authority, errors);
        lock (_writes)
        {
            DirectoryAccount? target = null;
            if (input.AccountId is not { } accountId || accountId <= 0)
            {
                errors.Add("accountId", "is required");
            }
            else if ((target = directory.FindAccount(accountId)) is null && authority.IsCompanyWide)
            {
                errors.Add("accountId", $"no account {accountId}");
            }
            else if (target is { State: AccountState.Deleted })
            {
                errors.Add("accountId", "the account is deleted");
            }
            else if (target is not null && string.Equals(target.Name, AccountService.SuperAdministrator, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("accountId", "the super administrator already holds every right");
            }

            errors.ThrowIfAny();
            long grantee = input.AccountId!.Value;
            if (grantee == caller.AccountId)
            {
                FerryException.Throw(ErrorCode.Forbidden, "nobody can grant themselves administrator rights");
            }

            if (role == AdminRole.Enterprise && authority.Role != AdminRole.Super)
            {
                FerryException.Throw(ErrorCode.Forbidden, "only the super administrator makes enterprise administrators");
            }

            var grant = new AdminGrant(grantee, role!.Value, departments, permissions, caller.AccountId, clock.GetUtcNow().ToUnixTimeMilliseconds());
            if (!access.CanSeeAccount(authority, grantee))
            {
                FerryException.Throw(ErrorCode.Forbidden, $"account {grantee} is outside your departments");
            }

            if (!access.Covers(authority, grant))
            {
                FerryException.Throw(ErrorCode.Forbidden, "you cannot grant more than you hold: permissions must be yours and departments inside your scope");
            }

            if (target!.IsAdmin || store.Find(grantee) is not null)
            {
                FerryException.Throw(ErrorCode.Conflict, $"account {grantee} is already an administrator; revoke that grant first");
            }

            store.Put(grant);
            accounts.Forget(grantee);
            return grant;
        }
    }

    /// <summary>Grants the caller could have made, and its own.</summary>
    public IReadOnlyList<AdminGrant> List(Caller caller)
    {
        AdminAuthority authority = access.RequireAdministrator(caller);
        return store.List().Where(g => authority.IsCompanyWide || g.AccountId == caller.AccountId || access.Covers(authority, g)).ToList();
    }

    public void Revoke(Caller caller, long accountId)
    {
        AdminAuthority authority = access.RequireAdministrator(caller);
        lock (_writes)
        {
            AdminGrant? grant = store.Find(accountId);
            if (grant is null || (!authority.IsCompanyWide && !access.Covers(authority, grant)))
            {
                FerryException.Throw(authority.IsCompanyWide ? ErrorCode.NotFound : ErrorCode.Forbidden, $"no administrator grant of account {accountId} within your reach");
            }

            if (accountId == caller.AccountId)
            {
                FerryException.Throw(ErrorCode.Forbidden, "nobody can revoke their own administrator rights");
            }

            if (!access.Covers(authority, grant))
            {
                FerryException.Throw(ErrorCode.Forbidden, "only the super administrator revokes an enterprise administrator");
            }

            store.Remove(accountId);
            accounts.Forget(accountId);
        }
    }

    /// <summary>The caller's own authority and its scope roots (for a department administrator's tree).</summary>
    public (AdminAuthority Authority, IReadOnlyList<DepartmentNode> Roots) Self(Caller caller)
    {
        AdminAuthority authority = access.RequireAdministrator(caller);
        var roots = new List<DepartmentNode>();
        foreach (long id in authority.DepartmentIds)
        {
            if (directory.FindDepartment(id) is { } department && directory.Children(department.ParentId).FirstOrDefault(n => n.Department.Id == id) is { } node)
            {
                roots.Add(node);
            }
        }

        return (authority, roots);
    }

    private static AdminPermissions Permissions(IReadOnlyList<string?>? names, bool required, FieldErrors errors)
    {
        if (names is null || names.Count == 0)
        {
            if (required)
            {
                errors.Add("permissions", $"is required: one or more of {string.Join(", ", AdminNames.Permissions.Select(p => p.Name))}");
            }

            return AdminPermissions.None;
        }

        AdminPermissions result = AdminPermissions.None;
        for (int i = 0; i < names.Count; i++)
        {
            (string Name, AdminPermissions Flag) known = AdminNames.Permissions.FirstOrDefault(p => p.Name == names[i]);
            if (known.Name is null)
            {
                errors.Add($"permissions[{i}]", $"must be one of {string.Join(", ", AdminNames.Permissions.Select(p => p.Name))}");
            }
            else if (result.HasFlag(known.Flag))
            {
                errors.Add($"permissions[{i}]", $"lists {known.Name} twice");
            }

            result |= known.Flag;
        }

        return result;
    }

    private List<long> Departments(IReadOnlyList<long>? ids, AdminRole? role, AdminAuthority authority, FieldErrors errors)
    {
        if (role == AdminRole.Enterprise)
        {
            if (ids is { Count: > 0 })
            {
                errors.Add("departmentIds", "enterprise administrators act on the whole company; omit it");
            }

            return [];
        }

        if (role != AdminRole.Department)
        {
            return [];
        }

        if (ids is null || ids.Count == 0)
        {
            errors.Add("departmentIds", "is required: the departments whose subtrees the administrator manages");
            return [];
        }

        if (ids.Count > MaxScopeDepartments)
        {
            errors.Add("departmentIds", $"at most {MaxScopeDepartments} departments");
        }

        var clean = new List<long>();
        for (int i = 0; i < ids.Count; i++)
        {
            long id = ids[i];
            if (id <= 0)
            {
                errors.Add($"departmentIds[{i}]", "must be a department id");
            }
            else if (clean.Contains(id))
            {
                errors.Add($"departmentIds[{i}]", $"lists department {id} twice");
            }
            else if (authority.IsCompanyWide && directory.FindDepartment(id) is null)
            {
                // A department administrator learns nothing of departments outside its scope: those fail the scope check (403).
                errors.Add($"departmentIds[{i}]", $"no department {id}");
            }
            else
            {
                clean.Add(id);
            }
        }

        // A root inside another root's subtree adds nothing: keep the outermost.
        return clean.Where(id => !directory.AncestorsOf(id).Skip(1).Any(clean.Contains)).ToList();
    }

    private static T Error<T>(FieldErrors errors, string field, string problem)
    {
        errors.Add(field, problem);
        return default!;
    }
}
