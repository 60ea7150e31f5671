using Ferry.Appliance.Accounts;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// Compares what LDAP holds with what the directory holds and says what a one-way sync would change: a pure
/// function, so the same call is the administrator's preview and the input of the real sync.
/// <list type="bullet">
/// <item>Departments match by stable id when both sides have one, else by DN (case and spacing ignored).</item>
/// <item>Accounts match by account name (case-insensitive, like logins). Only LDAP-managed accounts are touched.</item>
/// <item>Accounts gone upstream are frozen, never deleted; the sync unfreezes them when they return.</item>
/// <item>An account whose entry is in error upstream is left alone, not frozen: a broken attribute is not a departure.</item>
/// </list>
/// </summary>
internal static class LdapSyncPlanner
{
    public static SyncPlan Plan(LdapSettings settings, UpstreamSnapshot upstream, DirectorySnapshot current)
    {
        var errors = new List<LdapEntryError>(upstream.Errors);

        // ---- Departments ----
        var byId = new Dictionary<string, ExistingDepartment>(StringComparer.OrdinalIgnoreCase);
        var byDn = new Dictionary<string, ExistingDepartment>(LdapDn.Comparer);
        foreach (ExistingDepartment existing in current.Departments)
        {
            if (existing.SourceId is { Length: > 0 })
            {
                byId.TryAdd(existing.SourceId, existing);
            }

            byDn.TryAdd(existing.SourceDn, existing);
        }

        // Every upstream department's place in the directory: an existing id or "created in this plan".
        var matched = new Dictionary<string, ExistingDepartment>(LdapDn.Comparer);
        var claimed = new HashSet<long>();
        foreach (UpstreamDepartment department in upstream.Departments)
        {
            ExistingDepartment? existing = null;
            if (department.UniqueId is { Length: > 0 } && byId.TryGetValue(department.UniqueId, out ExistingDepartment? sameId))
            {
                existing = sameId;
            }
            else if (byDn.TryGetValue(department.Dn, out ExistingDepartment? sameDn)
                     && (sameDn.SourceId is not { Length: > 0 } || department.UniqueId is not { Length: > 0 }))
            {
                // Same DN but a different stable id is a new OU that reuses an old name: not a match.
                existing = sameDn;
            }

            if (existing is not null && claimed.Add(existing.Id))
            {
                matched[department.Dn] = existing;
            }
        }

        DepartmentRef? RefTo(string? dn) =>
            dn is null ? null : matched.TryGetValue(dn, out ExistingDepartment? e) ? new DepartmentRef(e.Id, dn) : new DepartmentRef(null, dn);

        var creates = new List<DepartmentCreate>();
        var renames = new List<DepartmentRename>();
        var moves = new List<DepartmentMove>();
        var relinks = new List<DepartmentRelink>();
        foreach (UpstreamDepartment department in upstream.Departments) // parent-first (see LdapEntryMapper)
        {
            if (!matched.TryGetValue(department.Dn, out ExistingDepartment? existing))
            {
                creates.Add(new DepartmentCreate(department.Dn, department.UniqueId, RefTo(department.ParentDn), department.Name, department.Order));
                continue;
            }

            if (!string.Equals(existing.Name, department.Name, StringComparison.Ordinal))
            {
                renames.Add(new DepartmentRename(existing.Id, department.Dn, existing.Name, department.Name));
            }

            DepartmentRef? parent = RefTo(department.ParentDn);
            long? parentId = parent is null ? 0 : parent.Id; // null: a department this plan creates
            if (parentId != existing.ParentId)
            {
                moves.Add(new DepartmentMove(existing.Id, department.Dn, department.Name, existing.ParentId, parent));
            }

            if (!LdapDn.Comparer.Equals(existing.SourceDn, department.Dn))
            {
                relinks.Add(new DepartmentRelink(existing.Id, existing.SourceDn, department.Dn));
            }
        }

        List<ExistingDepartment> removed = current.Departments.Where(d => !claimed.Contains(d.Id)).ToList();

        // ---- Accounts ----
        var accounts = new Dictionary<string, ExistingAccount>(StringComparer.OrdinalIgnoreCase);
        foreach (ExistingAccount account in current.Accounts)
        {
            accounts.TryAdd(account.Name, account);
        }

        var untouchableNames = new HashSet<string>(upstream.Errors.Where(e => e.Account is not null).Select(e => e.Account!), StringComparer.OrdinalIgnoreCase);
        var untouchableDns = new HashSet<string>(upstream.Errors.Select(e => e.Dn), LdapDn.Comparer);
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var syncedKeys = new HashSet<string>(settings.Attributes.Extra.Values, StringComparer.Ordinal);

        var createAccounts = new List<AccountCreate>();
        var updates = new List<AccountUpdate>();
        var unfreezes = new List<AccountUnfreeze>();
        foreach (UpstreamUser user in upstream.Users)
        {
            present.Add(user.Account);
            DepartmentRef? department = RefTo(user.DepartmentDn);
            if (!accounts.TryGetValue(user.Account, out ExistingAccount? existing))
            {
                createAccounts.Add(new AccountCreate(user, department));
                continue;
            }

            if (!existing.ManagedByLdap)
            {
                errors.Add(new LdapEntryError(user.Dn, user.Account, $"a local account named '{existing.Name}' exists and is not managed by LDAP; it is left alone"));
                continue;
            }

            if (existing.State == AccountState.Deleted)
            {
                errors.Add(new LdapEntryError(user.Dn, user.Account, $"account '{existing.Name}' was deleted in Ferry; a deleted name is not reused"));
                continue;
            }

            if (existing.State == AccountState.Frozen && existing.FrozenBySync)
            {
                unfreezes.Add(new AccountUnfreeze(existing.Id, existing.Name));
            }

            List<FieldChange> changes = Diff(existing, user, department, syncedKeys);
            if (changes.Count > 0)
            {
                updates.Add(new AccountUpdate(existing.Id, existing.Name, user, department, changes));
            }
        }

        var freezes = new List<AccountFreeze>();
        foreach (ExistingAccount account in current.Accounts)
        {
            if (account.ManagedByLdap && account.State == AccountState.Active && !present.Contains(account.Name)
                && !untouchableNames.Contains(account.Name) && !(account.SourceDn is not null && untouchableDns.Contains(account.SourceDn)))
            {
                freezes.Add(new AccountFreeze(account.Id, account.Name, account.SourceDn));
            }
        }

        int managedActive = current.Accounts.Count(a => a.ManagedByLdap && a.State == AccountState.Active);
        var guard = new FreezeGuard(freezes.Count, managedActive, settings.MaxFreezeShare);
        return new SyncPlan(creates, renames, moves, relinks, removed, createAccounts, updates, unfreezes, freezes, errors, guard);
    }

    private static List<FieldChange> Diff(ExistingAccount existing, UpstreamUser user, DepartmentRef? department, HashSet<string> syncedKeys)
    {
        var changes = new List<FieldChange>();
        void Compare(string field, string old, string now)
        {
            if (!string.Equals(old, now, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, old, now));
            }
        }

        // Field names as the directory API spells them (Directory/ProfileFields).
        Compare("displayName", existing.DisplayName, user.DisplayName);
        Compare("email", existing.Mail, user.Mail);
        Compare("mobile", existing.Mobile, user.Mobile);
        Compare("phone", existing.Phone, user.Phone);
        Compare("title", existing.Title, user.Title);
        Compare("employeeNumber", existing.EmployeeNumber, user.EmployeeNumber);
        foreach (string key in syncedKeys.Order(StringComparer.Ordinal))
        {
            Compare(key, existing.Attributes.GetValueOrDefault(key, string.Empty), user.Attributes.GetValueOrDefault(key, string.Empty));
        }

        if (department is not null && department.Id != existing.PrimaryDepartmentId)
        {
            changes.Add(new FieldChange("department", existing.PrimaryDepartmentId.ToString(System.Globalization.CultureInfo.InvariantCulture), department.Dn));
        }

        if (existing.SourceDn is null || !LdapDn.Comparer.Equals(existing.SourceDn, user.Dn))
        {
            changes.Add(new FieldChange("dn", existing.SourceDn ?? string.Empty, user.Dn));
        }

        return changes;
    }
}
