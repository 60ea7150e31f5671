using Ferry.Appliance.Accounts;
using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>The mapping of an LDAP-managed account, as login needs it.</summary>
internal sealed record LdapAccountLink(long AccountId, string SourceDn, bool FrozenBySync);

/// <summary>
/// The directory as the sync sees it (<see cref="Snapshot"/>) and the one transaction that applies a plan
/// (<see cref="Apply"/>). Writes go straight to the directory's tables, whose triggers bump the versions clients sync
/// by; the caller holds the directory service's write lock, so the plan's checks still hold when it is applied.
/// </summary>
internal sealed class LdapDirectoryStore(SqliteDatabase database)
{
    public LdapAccountLink? FindAccount(long accountId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command("SELECT source_dn, frozen_by_sync FROM ldap_accounts WHERE account_id = $p0", accountId);
        using SqliteDataReader reader = query.ExecuteReader();
        return reader.Read() ? new LdapAccountLink(accountId, reader.GetString(0), reader.GetInt64(1) != 0) : null;
    }

    public DirectorySnapshot Snapshot()
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction snapshot = connection.BeginTransaction(deferred: true);
        var departments = new List<ExistingDepartment>();
        using (SqliteCommand query = Command(snapshot, "SELECT d.id, l.source_dn, l.source_id, d.parent_id, d.name FROM ldap_departments l JOIN departments d ON d.id = l.department_id"))
        using (SqliteDataReader reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                departments.Add(new ExistingDepartment(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetInt64(3), reader.GetString(4)));
            }
        }

        var attributes = new Dictionary<long, Dictionary<string, string>>();
        using (SqliteCommand query = Command(snapshot, "SELECT t.account_id, t.key, t.value FROM account_attributes t JOIN ldap_accounts l ON l.account_id = t.account_id"))
        using (SqliteDataReader reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (!attributes.TryGetValue(id, out Dictionary<string, string>? values))
                {
                    attributes[id] = values = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                values[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var accounts = new List<ExistingAccount>();
        using (SqliteCommand query = Command(snapshot, """
            SELECT a.id, a.name, l.account_id IS NOT NULL, l.source_dn, a.state, COALESCE(l.frozen_by_sync, 0), a.display_name,
                COALESCE(p.email, ''), COALESCE(p.mobile, ''), COALESCE(p.phone, ''), COALESCE(p.title, ''), COALESCE(p.employee_number, ''),
                COALESCE((SELECT m.department_id FROM department_members m WHERE m.account_id = a.id AND m.is_primary = 1), 0)
            FROM accounts a
            LEFT JOIN ldap_accounts l ON l.account_id = a.id
            LEFT JOIN account_profiles p ON p.account_id = a.id
            """))
        using (SqliteDataReader reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                accounts.Add(new ExistingAccount(
                    id, reader.GetString(1), reader.GetInt64(2) != 0, reader.IsDBNull(3) ? null : reader.GetString(3), (AccountState)reader.GetInt32(4),
                    reader.GetInt64(5) != 0, reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10),
                    reader.GetString(11), reader.GetInt64(12),
                    attributes.TryGetValue(id, out Dictionary<string, string>? values) ? values : new Dictionary<string, string>()));
            }
        }

        return new DirectorySnapshot(departments, accounts);
    }

    /// <summary>
    /// Applies the whole plan in one immediate transaction, in the plan's order; any failure (for example a sibling
    /// department with the same name made by an administrator) rolls everything back. Returns the ids of the accounts
    /// whose state or profile changed, for the caller to drop from caches.
    /// </summary>
    public IReadOnlyList<long> Apply(SyncPlan plan, IEnumerable<string> syncedAttributeKeys, Func<long> nextDepartmentId, string unusablePasswordHash, long nowMs)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: false);
        var touched = new List<long>();
        var created = new Dictionary<string, long>(LdapDn.Comparer);
        long Resolve(DepartmentRef? reference) => reference is null ? 0 : reference.Id ?? created[reference.Dn];

        foreach (string key in syncedAttributeKeys)
        {
            Execute(transaction, """
                INSERT INTO profile_attributes(key, label, user_editable, sort_order)
                VALUES($p0, $p0, 0, (SELECT COALESCE(MAX(sort_order), -1) + 1 FROM profile_attributes)) ON CONFLICT(key) DO NOTHING
                """, key);
        }

        foreach (DepartmentCreate department in plan.CreateDepartments)
        {
            long id = nextDepartmentId();
            long parent = Resolve(department.Parent);
            Execute(transaction, """
                INSERT INTO departments(id, parent_id, name, sort_order, created_ms, updated_ms)
                VALUES($p0, $p1, $p2, (SELECT COALESCE(MAX(sort_order), -1) + 1 FROM departments WHERE parent_id = $p1), $p3, $p3)
                """, id, parent, department.Name, nowMs);
            Execute(transaction, "INSERT INTO ldap_departments(department_id, source_dn, source_id) VALUES($p0, $p1, $p2)", id, department.Dn, department.UniqueId);
            created[department.Dn] = id;
        }

        foreach (DepartmentRename rename in plan.RenameDepartments)
        {
            Execute(transaction, "UPDATE departments SET name = $p1, updated_ms = $p2 WHERE id = $p0", rename.Id, rename.NewName, nowMs);
        }

        foreach (DepartmentMove move in plan.MoveDepartments)
        {
            long parent = Resolve(move.NewParent);
            Execute(transaction, """
                UPDATE departments SET parent_id = $p1, updated_ms = $p2,
                    sort_order = (SELECT COALESCE(MAX(sort_order), -1) + 1 FROM departments WHERE parent_id = $p1)
                WHERE id = $p0
                """, move.Id, parent, nowMs);
        }

        foreach (DepartmentRelink relink in plan.RelinkDepartments)
        {
            Execute(transaction, "UPDATE ldap_departments SET source_dn = $p1 WHERE department_id = $p0", relink.Id, relink.NewDn);
        }

        foreach (AccountCreate create in plan.CreateAccounts)
        {
            UpstreamUser user = create.User;
            long id;
            using (SqliteCommand insert = Command(transaction,
                "INSERT INTO accounts(name, display_name, password_hash, is_admin, created_ms) VALUES($p0, $p1, $p2, 0, $p3) RETURNING id",
                user.Account, DisplayName(user), unusablePasswordHash, nowMs))
            {
                id = (long)insert.ExecuteScalar()!;
            }

            Execute(transaction, "INSERT INTO ldap_accounts(account_id, source_dn) VALUES($p0, $p1)", id, user.Dn);
            WriteProfile(transaction, id, user, nowMs);
            if (create.Department is not null)
            {
                SetPrimary(transaction, id, Resolve(create.Department));
            }
        }

        foreach (AccountUpdate update in plan.UpdateAccounts)
        {
            Execute(transaction, "UPDATE accounts SET display_name = $p1 WHERE id = $p0 AND display_name <> $p1", update.Id, DisplayName(update.User));
            Execute(transaction, "UPDATE ldap_accounts SET source_dn = $p1 WHERE account_id = $p0", update.Id, update.User.Dn);
            WriteProfile(transaction, update.Id, update.User, nowMs);
            if (update.Department is not null)
            {
                SetPrimary(transaction, update.Id, Resolve(update.Department));
            }

            touched.Add(update.Id);
        }

        foreach (AccountUnfreeze unfreeze in plan.UnfreezeAccounts)
        {
            Execute(transaction, "UPDATE accounts SET state = 0 WHERE id = $p0 AND state = 1", unfreeze.Id);
            Execute(transaction, "UPDATE ldap_accounts SET frozen_by_sync = 0 WHERE account_id = $p0", unfreeze.Id);
            touched.Add(unfreeze.Id);
        }

        foreach (AccountFreeze freeze in plan.FreezeAccounts)
        {
            Execute(transaction, "UPDATE accounts SET state = 1 WHERE id = $p0 AND state = 0", freeze.Id);
            Execute(transaction, "UPDATE ldap_accounts SET frozen_by_sync = 1 WHERE account_id = $p0", freeze.Id);
            touched.Add(freeze.Id);
        }

        transaction.Commit();
        return touched;
    }

    /// <summary>One line of the run history (what ran, when, with what outcome); the newest 1,000 are kept.</summary>
    public void RecordRun(long startedMs, long finishedMs, string trigger, string outcome)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand insert = connection.Command("""
            INSERT INTO ldap_sync_runs(started_ms, finished_ms, trigger, outcome) VALUES($p0, $p1, $p2, $p3);
            DELETE FROM ldap_sync_runs WHERE id <= (SELECT MAX(id) FROM ldap_sync_runs) - 1000;
            """, startedMs, finishedMs, trigger, outcome);
        insert.ExecuteNonQuery();
    }

    private static string DisplayName(UpstreamUser user) => user.DisplayName.Length > 0 ? user.DisplayName : user.Account;

    /// <summary>Only what LDAP maps is written; gender, avatar and signature stay the user's own.</summary>
    private static void WriteProfile(SqliteTransaction transaction, long accountId, UpstreamUser user, long nowMs)
    {
        Execute(transaction, """
            INSERT INTO account_profiles(account_id, title, mobile, phone, email, employee_number, updated_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p5, $p6)
            ON CONFLICT(account_id) DO UPDATE SET title = excluded.title, mobile = excluded.mobile, phone = excluded.phone, email = excluded.email,
                employee_number = excluded.employee_number, updated_ms = excluded.updated_ms
            WHERE title <> excluded.title OR mobile <> excluded.mobile OR phone <> excluded.phone OR email <> excluded.email OR employee_number <> excluded.employee_number
            """, accountId, user.Title, user.Mobile, user.Phone, user.Mail, user.EmployeeNumber, nowMs);
        foreach ((string key, string value) in user.Attributes)
        {
            if (value.Length == 0)
            {
                Execute(transaction, "DELETE FROM account_attributes WHERE account_id = $p0 AND key = $p1", accountId, key);
            }
            else
            {
                Execute(transaction, """
                    INSERT INTO account_attributes(account_id, key, value) VALUES($p0, $p1, $p2)
                    ON CONFLICT(account_id, key) DO UPDATE SET value = excluded.value WHERE value <> excluded.value
                    """, accountId, key, value);
            }
        }
    }

    /// <summary>The LDAP department becomes the primary one, replacing the previous primary membership (the old LDAP department); other memberships stay.</summary>
    private static void SetPrimary(SqliteTransaction transaction, long accountId, long departmentId)
    {
        Execute(transaction, "DELETE FROM department_members WHERE account_id = $p0 AND is_primary = 1 AND department_id <> $p1", accountId, departmentId);
        Execute(transaction, """
            INSERT INTO department_members(account_id, department_id, is_primary, title, sort_order)
            VALUES($p0, $p1, 1, '', (SELECT COALESCE(MAX(sort_order), -1) + 1 FROM department_members WHERE department_id = $p1))
            ON CONFLICT(account_id, department_id) DO UPDATE SET is_primary = 1 WHERE is_primary = 0
            """, accountId, departmentId);
    }

    private static void Execute(SqliteTransaction transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = Command(transaction, sql, parameters);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteTransaction transaction, string sql, params object?[] parameters)
    {
        SqliteCommand command = transaction.Connection!.Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }
}
