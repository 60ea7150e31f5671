using Ferry.Appliance.Accounts;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory;

/// <summary>Profiles, memberships and the account lifecycle.</summary>
internal sealed partial class DirectoryService
{
    public DirectoryAccount GetAccount(Caller caller, long accountId)
    {
        Authorize(caller, DirectoryRight.ViewDirectory, Administration.AdminTarget.ReadAccount(accountId));
        return RequireAccount(accountId);
    }

    /// <summary>
    /// Creates an account, in a department when <paramref name="departmentId"/> is given (its primary membership).
    /// Without a department only company-wide administrators may create one; with one, a department administrator
    /// with manage accounts may, inside its scope. An administrator account is the super administrator's to create.
    /// </summary>
    public DirectoryAccount CreateAccount(Caller caller, string? name, string? displayName, string? password, bool isAdmin, long? departmentId)
    {
        Administration.AdminTarget target = isAdmin ? Administration.AdminTarget.Super
            : departmentId is { } department && department > 0 ? Administration.AdminTarget.Department(department)
            : Administration.AdminTarget.Company;
        Authorize(caller, DirectoryRight.ManageAccounts, target);
        if (departmentId is { } wanted && (wanted <= 0 || store.FindDepartment(wanted) is null))
        {
            var errors = new FieldErrors();
            errors.Add("departmentId", wanted <= 0 ? "must be a department id" : $"no department {wanted}");
            errors.ThrowIfAny();
        }

        // Hashing takes a noticeable fraction of a second: done before the lock, which the insert and the membership
        // then share, so the department cannot be deleted in between (deletion takes the same lock).
        NewAccount prepared = accounts.Prepare(name, displayName, password, isAdmin);
        lock (_writes)
        {
            if (departmentId is { } id && store.FindDepartment(id) is null)
            {
                FerryException.Throw(ErrorCode.NotFound, $"no department {id}");
            }

            Account created = accounts.Insert(prepared);
            return departmentId is { } primary
                ? store.SetMemberships(created.Id, [new MembershipInput(primary, IsPrimary: true, Title: string.Empty, Order: null)])
                : RequireAccount(created.Id);
        }
    }

    /// <summary>An administrator's edit of any profile field.</summary>
    public DirectoryAccount UpdateProfile(Caller caller, long accountId, ProfilePatch patch)
    {
        Authorize(caller, DirectoryRight.ManageAccounts, Administration.AdminTarget.ChangeAccount(accountId));
        return Update(accountId, patch, editable: null);
    }

    /// <summary>The signed-in user's own profile.</summary>
    public DirectoryAccount GetOwn(Caller caller) => RequireAccount(caller.AccountId);

    /// <summary>A user's edit of their own profile: only the fields the administrator lets users edit.</summary>
    public DirectoryAccount UpdateOwnProfile(Caller caller, ProfilePatch patch)
    {
        DirectorySettings settings = store.Settings();
        var editable = new HashSet<string>(settings.EditableFields.Where(f => f.Value).Select(f => f.Key), StringComparer.Ordinal);
        foreach (AttributeDefinition attribute in settings.Attributes.Where(a => a.UserEditable))
        {
            editable.Add("attributes." + attribute.Key);
        }

        return Update(caller.AccountId, patch, editable);
    }

    /// <summary>
    /// Replaces an account's department memberships. Exactly one is primary (a single membership is primary without
    /// saying so); an empty list takes the account out of every department.
    /// </summary>
    public DirectoryAccount SetMemberships(Caller caller, long accountId, IReadOnlyList<MembershipInput?>? memberships)
    {
        Authorize(caller, DirectoryRight.ManageAccounts, Administration.AdminTarget.Memberships(accountId, memberships));
        var errors = new FieldErrors();
        if (memberships is null)
        {
            errors.Add("memberships", "is required: a list of {departmentId, primary, title, order}");
            errors.ThrowIfAny();
        }

        if (memberships!.Count > DirectoryRules.MaxMemberships)
        {
            errors.Add("memberships", $"at most {DirectoryRules.MaxMemberships} departments per account");
        }

        lock (_writes)
        {
            DirectoryAccount account = RequireAccount(accountId);
            RequireNotDeleted(account);
            var clean = new List<MembershipInput>();
            var seen = new HashSet<long>();
            for (int i = 0; i < memberships.Count; i++)
            {
                MembershipInput? membership = memberships[i];
                if (membership is null)
                {
                    errors.Add($"memberships[{i}]", "must be an object");
                    continue;
                }

                if (membership.DepartmentId <= 0)
                {
                    errors.Add(DirectoryRules.Index("memberships", i, "departmentId"), "is required");
                }
                else if (store.FindDepartment(membership.DepartmentId) is null)
                {
                    errors.Add(DirectoryRules.Index("memberships", i, "departmentId"), $"no department {membership.DepartmentId}");
                }
                else if (!seen.Add(membership.DepartmentId))
                {
                    errors.Add(DirectoryRules.Index("memberships", i, "departmentId"), "lists the same department twice");
                }

                string title = DirectoryRules.Text(membership.Title, DirectoryRules.Index("memberships", i, "title"), DirectoryRules.MaxTitleLength, errors) ?? string.Empty;
                DirectoryRules.NotNegative(membership.Order, DirectoryRules.Index("memberships", i, "order"), errors);
                clean.Add(membership with { Title = title });
            }

            int primaries = clean.Count(m => m.IsPrimary);
            if (clean.Count == 1 && primaries == 0)
            {
                clean[0] = clean[0] with { IsPrimary = true };
            }
            else if (clean.Count > 0 && primaries != 1)
            {
                errors.Add("memberships", $"exactly one membership must be primary ({primaries} are)");
            }

            errors.ThrowIfAny();
            return store.SetMemberships(accountId, clean);
        }
    }

    /// <summary>A frozen account cannot log in and keeps everything; an administrator can restore it.</summary>
    public DirectoryAccount Freeze(Caller caller, long accountId) => ChangeState(caller, accountId, AccountState.Frozen);

    public DirectoryAccount Restore(Caller caller, long accountId) => ChangeState(caller, accountId, AccountState.Active);

    /// <summary>
    /// Deletion is permanent: the account leaves its departments, its sessions end, it can never log in again, and
    /// its row stays so its messages keep a sender name (clients receive it as a tombstone).
    /// </summary>
    public DirectoryAccount Delete(Caller caller, long accountId) => ChangeState(caller, accountId, AccountState.Deleted);

    private DirectoryAccount ChangeState(Caller caller, long accountId, AccountState state)
    {
        Authorize(caller, DirectoryRight.ManageAccounts, Administration.AdminTarget.ChangeAccount(accountId));
        lock (_writes)
        {
            DirectoryAccount account = RequireAccount(accountId);
            RequireNotDeleted(account);
            if (state != AccountState.Active)
            {
                if (string.Equals(account.Name, AccountService.SuperAdministrator, StringComparison.OrdinalIgnoreCase))
                {
                    FerryException.Throw(ErrorCode.Forbidden, "the super administrator cannot be frozen or deleted");
                }

                if (account.Id == caller.AccountId)
                {
                    FerryException.Throw(ErrorCode.Forbidden, "administrators cannot freeze or delete their own account");
                }
            }

            store.SetState(accountId, state);
        }

        AccountChanged(accountId);
        if (state == AccountState.Deleted)
        {
            sessions.RevokeAll(accountId);
        }

        return RequireAccount(accountId);
    }

    private DirectoryAccount Update(long accountId, ProfilePatch patch, HashSet<string>? editable)
    {
        var errors = new FieldErrors();
        var clean = new ProfilePatch(
            DirectoryRules.Text(patch.DisplayName, ProfileFields.DisplayName, DirectoryRules.MaxNameLength, errors, required: true),
            DirectoryRules.Text(patch.Title, ProfileFields.Title, DirectoryRules.MaxTitleLength, errors),
            DirectoryRules.Phone(patch.Mobile, ProfileFields.Mobile, errors),
            DirectoryRules.Phone(patch.Phone, ProfileFields.Phone, errors),
            DirectoryRules.Email(patch.Email, errors),
            DirectoryRules.Gender(patch.Gender, errors),
            DirectoryRules.Text(patch.EmployeeNumber, ProfileFields.EmployeeNumber, DirectoryRules.MaxEmployeeNumberLength, errors),
            DirectoryRules.Avatar(patch.Avatar, errors),
            DirectoryRules.Text(patch.Signature, ProfileFields.Signature, DirectoryRules.MaxSignatureLength, errors),
            patch.Attributes);

        if (editable is not null)
        {
            foreach (string field in Present(clean).Where(f => !editable.Contains(f)))
            {
                errors.Add(field, "users may not edit this field; ask an administrator");
            }
        }

        lock (_writes)
        {
            DirectoryAccount account = RequireAccount(accountId);
            RequireNotDeleted(account);
            HashSet<string> defined = store.Settings().Attributes.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach ((string key, string? value) in patch.Attributes ?? new Dictionary<string, string?>())
            {
                string field = "attributes." + key;
                if (!defined.Contains(key))
                {
                    errors.Add(field, "is not a defined attribute");
                    continue;
                }

                attributes[key] = DirectoryRules.Text(value, field, DirectoryRules.MaxAttributeValueLength, errors);
            }

            errors.ThrowIfAny();
            DirectoryAccount updated = store.UpdateProfile(accountId, clean with { Attributes = attributes }, Now());
            accounts.Forget(accountId);
            return updated;
        }
    }

    /// <summary>The API names of the fields a patch changes.</summary>
    private static IEnumerable<string> Present(ProfilePatch patch)
    {
        (string Field, object? Value)[] fields =
        [
            (ProfileFields.DisplayName, patch.DisplayName), (ProfileFields.Title, patch.Title), (ProfileFields.Mobile, patch.Mobile),
            (ProfileFields.Phone, patch.Phone), (ProfileFields.Email, patch.Email), (ProfileFields.Gender, patch.Gender),
            (ProfileFields.EmployeeNumber, patch.EmployeeNumber), (ProfileFields.Avatar, patch.Avatar), (ProfileFields.Signature, patch.Signature),
        ];
        return fields.Where(f => f.Value is not null).Select(f => f.Field)
            .Concat((patch.Attributes?.Keys ?? Enumerable.Empty<string>()).Select(k => "attributes." + k));
    }

    private DirectoryAccount RequireAccount(long accountId) =>
        store.FindAccount(accountId) ?? FerryException.Throw<DirectoryAccount>(ErrorCode.NotFound, $"no account {accountId}");

    private static void RequireNotDeleted(DirectoryAccount account)
    {
        if (account.State == AccountState.Deleted)
        {
            FerryException.Throw(ErrorCode.Conflict, $"account '{account.Name}' is deleted; deleted accounts cannot be changed or restored");
        }
    }
}
