using Ferry.Appliance.Accounts;
using Ferry.Appliance.Identity;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory;

/// <summary>What an administrator does in the directory; the unit of the scope checks of hierarchical administration.</summary>
internal enum DirectoryRight
{
    ManageDepartments,
    ManageAccounts,
    ManageSettings,

    /// <summary>Reading the tree, members and accounts: a department administrator needs manage accounts or manage departments.</summary>
    ViewDirectory,
}

/// <summary>
/// The directory use cases: the department tree, profiles and memberships, the account lifecycle, attribute
/// definitions and field settings, and incremental change pages.
/// </summary>
/// <remarks>
/// Invariant: every write checks its rules and writes under <see cref="_writes"/>, so what was checked (a parent
/// exists, a move makes no cycle, a department is empty) is still true when the store's transaction runs; ferryd is
/// the only writer of its database. Every administrative method takes the <see cref="Caller"/> and passes through
/// <see cref="Authorize"/>: the one place where department-administrator scopes are enforced (Administration/AdminAccess).
/// </remarks>
internal sealed partial class DirectoryService(
    IDirectoryStore store, AccountService accounts, SessionService sessions, IdGenerator ids, TimeProvider clock,
    Administration.AdminAccess? admins = null, Visibility.IDirectoryVisibility? visibility = null)
{
    public const int DefaultChangesPage = 500;
    public const int MaxChangesPage = 1000;
    public const int MaxMembersPage = 500;

    private readonly Lock _writes = new();
    private readonly Visibility.DirectoryChangeFilter _changes = new(store, visibility ?? new Visibility.OpenDirectoryVisibility());

    /// <summary>After any change to an account: drop it from the caches, and cut it off if it may no longer log in.</summary>
    private void AccountChanged(long accountId)
    {
        accounts.Forget(accountId);
        if (accounts.FindById(accountId) is { State: not AccountState.Active })
        {
            sessions.EndConnections(accountId);
        }
    }

    // ---- departments ----

    public IReadOnlyList<DepartmentNode> Children(Caller caller, long parentId)
    {
        Authorize(caller, DirectoryRight.ViewDirectory, Administration.AdminTarget.Department(parentId));
        if (parentId != 0)
        {
            RequireDepartment(parentId);
        }

        return store.Children(parentId);
    }

    public Department Get(Caller caller, long departmentId)
    {
        Authorize(caller, DirectoryRight.ViewDirectory, Administration.AdminTarget.Department(departmentId));
        return RequireDepartment(departmentId);
    }

    public Department CreateDepartment(Caller caller, string? name, long? parentId, int? position)
    {
        Authorize(caller, DirectoryRight.ManageDepartments, Administration.AdminTarget.Department(parentId ?? 0));
        var errors = new FieldErrors();
        name = DirectoryRules.Text(name, "name", DirectoryRules.MaxNameLength, errors, required: true);
        if (name is null)
        {
            errors.Add("name", "is required");
        }

        DirectoryRules.NotNegative(position, "position", errors);
        lock (_writes)
        {
            CheckParent(parentId ?? 0, "parentId", errors);
            errors.ThrowIfAny();
            return store.CreateDepartment(ids.Next(), parentId ?? 0, name!, position, Now());
        }
    }

    public Department RenameDepartment(Caller caller, long departmentId, string? name)
    {
        Authorize(caller, DirectoryRight.ManageDepartments, Administration.AdminTarget.Department(departmentId));
        var errors = new FieldErrors();
        name = DirectoryRules.Text(name, "name", DirectoryRules.MaxNameLength, errors, required: true);
        if (name is null)
        {
            errors.Add("name", "is required");
        }

        lock (_writes)
        {
            RequireDepartment(departmentId);
            errors.ThrowIfAny();
            return store.RenameDepartment(departmentId, name!, Now());
        }
    }

    /// <summary>Re-parents (or reorders within its parent) a department with its whole subtree; refuses cycles.</summary>
    public Department MoveDepartment(Caller caller, long departmentId, long? parentId, int? position)
    {
        Authorize(caller, DirectoryRight.ManageDepartments, Administration.AdminTarget.Department(departmentId, parentId ?? 0));
        var errors = new FieldErrors();
        if (parentId is null)
        {
            errors.Add("parentId", "is required (0 for the top level)");
        }

        DirectoryRules.NotNegative(position, "position", errors);
        lock (_writes)
        {
            RequireDepartment(departmentId);
            if (parentId is { } parent && CheckParent(parent, "parentId", errors) && parent != 0 && store.AncestorsOf(parent).Contains(departmentId))
            {
                errors.Add("parentId", "a department cannot move under itself or into its own subtree");
            }

            errors.ThrowIfAny();
            return store.MoveDepartment(departmentId, parentId!.Value, position, Now());
        }
    }

    /// <summary>Sets the order of a department's children; <paramref name="orderedIds"/> must name each child once.</summary>
    public IReadOnlyList<DepartmentNode> ReorderChildren(Caller caller, long? parentId, IReadOnlyList<long>? orderedIds)
    {
        Authorize(caller, DirectoryRight.ManageDepartments, Administration.AdminTarget.Department(parentId ?? 0));
        var errors = new FieldErrors();
        if (parentId is null)
        {
            errors.Add("parentId", "is required (0 for the top level)");
        }

        if (orderedIds is null)
        {
            errors.Add("order", "is required: the ids of the department's children in their new order");
        }

        lock (_writes)
        {
            if (parentId is { } parent && CheckParent(parent, "parentId", errors) && orderedIds is not null)
            {
                HashSet<long> children = store.Children(parent).Select(c => c.Department.Id).ToHashSet();
                if (orderedIds.Count != children.Count || orderedIds.Distinct().Count() != orderedIds.Count || !orderedIds.All(children.Contains))
                {
                    errors.Add("order", $"must list each of the {children.Count} children of the department exactly once");
                }
            }

            errors.ThrowIfAny();
            store.ReorderChildren(parentId!.Value, orderedIds!, Now());
            return store.Children(parentId.Value);
        }
    }

    /// <summary>Deletes an empty department (no sub-departments, no members); its tombstone goes to clients.</summary>
    public void DeleteDepartment(Caller caller, long departmentId)
    {
        Authorize(caller, DirectoryRight.ManageDepartments, Administration.AdminTarget.Department(departmentId));
        lock (_writes)
        {
            RequireDepartment(departmentId);
            int children = store.Children(departmentId).Count;
            int members = store.MemberCount(departmentId);
            if (children > 0 || members > 0)
            {
                FerryException.Throw(ErrorCode.Conflict, $"department is not empty ({children} sub-departments, {members} members): move them out first");
            }

            store.DeleteDepartment(departmentId);
        }
    }

    public IReadOnlyList<DirectoryAccount> Members(Caller caller, long departmentId, int offset, int limit)
    {
        Authorize(caller, DirectoryRight.ViewDirectory, Administration.AdminTarget.Department(departmentId));
        RequireDepartment(departmentId);
        return store.Members(departmentId, Math.Max(0, offset), Math.Clamp(limit, 1, MaxMembersPage));
    }

    // ---- settings and attribute definitions ----

    public DirectorySettings Settings(Caller caller)
    {
        Authorize(caller, DirectoryRight.ManageSettings, Administration.AdminTarget.Company);
        return store.Settings();
    }

    /// <summary>Sets which standard fields users may edit from a client; fields not named keep their setting.</summary>
    public DirectorySettings SetFieldEditability(Caller caller, IReadOnlyDictionary<string, bool>? editable)
    {
        Authorize(caller, DirectoryRight.ManageSettings, Administration.AdminTarget.Company);
        var errors = new FieldErrors();
        if (editable is null)
        {
            errors.Add("editableFields", "is required: an object of field name to true or false");
        }

        foreach (string field in editable?.Keys ?? [])
        {
            if (!ProfileFields.Standard.Contains(field))
            {
                errors.Add("editableFields." + field, $"is not a standard field (one of {string.Join(", ", ProfileFields.Standard)})");
            }
        }

        errors.ThrowIfAny();
        lock (_writes)
        {
            store.SetFieldEditability(editable!);
            return store.Settings();
        }
    }

    public AttributeDefinition DefineAttribute(Caller caller, string? key, string? label, bool? userEditable)
    {
        Authorize(caller, DirectoryRight.ManageSettings, Administration.AdminTarget.Company);
        var errors = new FieldErrors();
        key = DirectoryRules.AttributeKey(key, "key", errors);
        label = DirectoryRules.Text(label, "label", DirectoryRules.MaxNameLength, errors, required: true);
        if (label is null)
        {
            errors.Add("label", "is required");
        }

        lock (_writes)
        {
            IReadOnlyList<AttributeDefinition> defined = store.Settings().Attributes;
            if (key is not null && defined.Count >= DirectoryRules.MaxAttributes && !defined.Any(a => a.Key == key))
            {
                errors.Add("key", $"at most {DirectoryRules.MaxAttributes} attributes can be defined");
            }

            errors.ThrowIfAny();
            return store.PutAttribute(key!, label!, userEditable ?? false);
        }
    }

    public void DeleteAttribute(Caller caller, string key)
    {
        Authorize(caller, DirectoryRight.ManageSettings, Administration.AdminTarget.Company);
        lock (_writes)
        {
            if (!store.DeleteAttribute(key))
            {
                FerryException.Throw(ErrorCode.NotFound, $"no attribute '{key}'");
            }
        }
    }

    // ---- incremental sync ----

    /// <summary>
    /// Changes after <paramref name="sinceVersion"/> as the caller may see them (<see cref="Visibility.DirectoryChangeFilter"/>).
    /// <paramref name="viewFingerprint"/> is the one the client received with its last page (null: not checked).
    /// </summary>
    public DirectoryChanges Changes(Caller caller, long sinceVersion, int? limit, ulong? viewFingerprint = null, int maxBytes = Visibility.DirectoryChangeFilter.DefaultMaxBytes)
    {
        if (sinceVersion < 0)
        {
            FerryException.Throw(ErrorCode.BadRequest, "since: must not be negative");
        }

        return _changes.Read(caller.AccountId, sinceVersion, viewFingerprint, Math.Clamp(limit ?? DefaultChangesPage, 1, MaxChangesPage), maxBytes);
    }

    public long CurrentVersion() => store.CurrentVersion();

    // ---- shared checks ----

    /// <summary>
    /// The one gate of every administrative directory call: <see cref="Administration.AdminAccess.Authorize"/> checks the
    /// caller's role, the permission <paramref name="right"/> needs, and that everything <paramref name="target"/> names
    /// lies in its scope. Without grants wired (some unit tests), company-wide administrators only.
    /// </summary>
    private void Authorize(Caller caller, DirectoryRight right, Administration.AdminTarget target)
    {
        if (admins is not null)
        {
            admins.Authorize(caller, right, target);
            return;
        }

        Authorize(caller, right);
    }

    /// <summary>A company-wide call (the same rule as <see cref="Administration.AdminTarget.Company"/>): super and enterprise administrators only.</summary>
    private static void Authorize(Caller caller, DirectoryRight right)
    {
        _ = right;
        if (!caller.IsAdmin)
        {
            FerryException.Throw(ErrorCode.Forbidden, "administrators only");
        }
    }

    private Department RequireDepartment(long departmentId) =>
        store.FindDepartment(departmentId) ?? FerryException.Throw<Department>(ErrorCode.NotFound, $"no department {departmentId}");

    /// <summary>Whether a parent reference is valid (0: top level); adds the error when not.</summary>
    private bool CheckParent(long parentId, string field, FieldErrors errors)
    {
        if (parentId < 0)
        {
            errors.Add(field, "must not be negative");
            return false;
        }

        if (parentId != 0 && store.FindDepartment(parentId) is null)
        {
            errors.Add(field, $"no department {parentId}");
            return false;
        }

        return true;
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();
}
