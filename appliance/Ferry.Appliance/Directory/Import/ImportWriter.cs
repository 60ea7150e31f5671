using Ferry.Appliance.Accounts;
using Ferry.Appliance.Identity;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Import;

/// <summary>
/// Writes a checked <see cref="ImportPlan"/> inside the caller's transaction, with prepared statements reused for
/// every row. Versions are stamped by the directory schema's triggers, as for every other writer.
/// </summary>
internal sealed class ImportWriter(SqliteTransaction transaction, IdGenerator ids, long nowMs)
{
    public void Write(ImportPlan plan, IReadOnlyDictionary<string, (string Hash, string? Generated)> passwords, int iterations, RestoreExtras? extras, List<long> touched)
    {
        _ = iterations;
        if (extras is not null)
        {
            WriteSettings(extras);
        }

        DepartmentTree tree = DepartmentTree.Load(transaction);
        var idByKey = tree.Paths.ToDictionary(p => DepartmentPaths.Key(p.Value), p => p.Key, StringComparer.Ordinal);
        var childCount = new Dictionary<long, int>();
        foreach ((long _, (long parent, string _, int _)) in tree.Rows)
        {
            childCount[parent] = childCount.GetValueOrDefault(parent) + 1;
        }

        using (SqliteCommand insert = Prepare("INSERT INTO departments(id, parent_id, name, sort_order, created_ms, updated_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p4)", 5))
        {
            foreach (string[] path in plan.NewDepartments)
            {
                long parent = path.Length == 1 ? 0 : idByKey[DepartmentPaths.Key(path[..^1])];
                long id = ids.Next();
                int order = childCount.GetValueOrDefault(parent);
                childCount[parent] = order + 1;
                Run(insert, id, parent, path[^1], order, nowMs);
                idByKey[DepartmentPaths.Key(path)] = id;
            }
        }

        var nextMemberOrder = new Dictionary<long, int>();
        using (SqliteCommand query = Command("SELECT department_id, MAX(sort_order) + 1 FROM department_members GROUP BY department_id"))
        {
            using SqliteDataReader reader = query.ExecuteReader();
            while (reader.Read())
            {
                nextMemberOrder[reader.GetInt64(0)] = reader.GetInt32(1);
            }
        }

        using SqliteCommand createAccount = Prepare("INSERT INTO accounts(name, display_name, password_hash, is_admin, state, created_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p5) RETURNING id", 6);
        using SqliteCommand findAccount = Prepare("SELECT id FROM accounts WHERE name = $p0", 1);
        using SqliteCommand rename = Prepare("UPDATE accounts SET display_name = $p1 WHERE id = $p0 AND display_name IS NOT $p1", 2);
        using SqliteCommand restoreFlags = Prepare("UPDATE accounts SET state = $p1, is_admin = $p2 WHERE id = $p0 AND (state IS NOT $p1 OR is_admin IS NOT $p2)", 3);
        using SqliteCommand profile = Prepare("""
            INSERT INTO account_profiles(account_id, title, mobile, phone, email, gender, employee_number, updated_ms)
            VALUES($p0, COALESCE($p1, ''), COALESCE($p2, ''), COALESCE($p3, ''), COALESCE($p4, ''), COALESCE($p5, 0), COALESCE($p6, ''), $p7)
            ON CONFLICT(account_id) DO UPDATE SET
                title = COALESCE($p1, title), mobile = COALESCE($p2, mobile), phone = COALESCE($p3, phone), email = COALESCE($p4, email),
                gender = COALESCE($p5, gender), employee_number = COALESCE($p6, employee_number), updated_ms = $p7
            WHERE title IS NOT COALESCE($p1, title) OR mobile IS NOT COALESCE($p2, mobile) OR phone IS NOT COALESCE($p3, phone)
                OR email IS NOT COALESCE($p4, email) OR gender IS NOT COALESCE($p5, gender) OR employee_number IS NOT COALESCE($p6, employee_number)
            """, 8);
        using SqliteCommand setAttribute = Prepare("""
            INSERT INTO account_attributes(account_id, key, value) VALUES($p0, $p1, $p2)
            ON CONFLICT(account_id, key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value
            """, 3);
        using SqliteCommand clearAttribute = Prepare("DELETE FROM account_attributes WHERE account_id = $p0 AND key = $p1", 2);
        using SqliteCommand memberships = Prepare("SELECT department_id, title, sort_order FROM department_members WHERE account_id = $p0", 1);
        using SqliteCommand leave = Prepare("DELETE FROM department_members WHERE account_id = $p0", 1);
        using SqliteCommand join = Prepare("INSERT INTO department_members(account_id, department_id, is_primary, title, sort_order) VALUES($p0, $p1, $p2, $p3, $p4)", 5);

        foreach (AccountImport account in plan.Accounts)
        {
            long id;
            if (account.Action == ImportAction.Create)
            {
                string hash = account.PasswordHash ?? passwords[account.Name].Hash;
                id = (long)Run(createAccount, account.Name, account.DisplayName ?? account.Name, hash, account.IsAdmin == true ? 1 : 0, (int)(account.State ?? AccountState.Active), nowMs)!;
            }
            else
            {
                id = (long)Run(findAccount, account.Name)!;
                if (account.DisplayName is not null)
                {
                    Run(rename, id, account.DisplayName);
                }

                if (account.State is { } state)
                {
                    Run(restoreFlags, id, (int)state, account.IsAdmin == true ? 1 : 0);
                }

                touched.Add(id);
            }

            ProfilePatch p = account.Profile;
            if (p.Title is not null || p.Mobile is not null || p.Phone is not null || p.Email is not null || p.Gender is not null || p.EmployeeNumber is not null || account.Action == ImportAction.Create)
            {
                Run(profile, id, p.Title, p.Mobile, p.Phone, p.Email, p.Gender is { } gender ? (int)DirectoryRules.ParseGender(gender) : null, p.EmployeeNumber, nowMs);
            }

            foreach ((string key, string? value) in p.Attributes ?? new Dictionary<string, string?>())
            {
                if (string.IsNullOrEmpty(value))
                {
                    Run(clearAttribute, id, key);
                }
                else
                {
                    Run(setAttribute, id, key, value);
                }
            }

            if (account.Departments is not null && account.State != AccountState.Deleted)
            {
                var previous = new Dictionary<long, (string Title, int Order)>();
                if (account.Action == ImportAction.Update)
                {
                    memberships.Parameters[0].Value = id;
                    using (SqliteDataReader reader = memberships.ExecuteReader())
                    {
                        while (reader.Read())
                        {
                            previous[reader.GetInt64(0)] = (reader.GetString(1), reader.GetInt32(2));
                        }
                    }

                    if (previous.Count > 0)
                    {
                        Run(leave, id);
                    }
                }

                bool primary = true;
                foreach (string[] path in account.Departments)
                {
                    long department = idByKey[DepartmentPaths.Key(path)];
                    if (!previous.TryGetValue(department, out (string Title, int Order) kept))
                    {
                        int order = nextMemberOrder.GetValueOrDefault(department);
                        kept = (string.Empty, order);
                        nextMemberOrder[department] = order + 1;
                    }

                    Run(join, id, department, primary ? 1 : 0, kept.Title, kept.Order);
                    primary = false;
                }
            }
        }

        if (extras is not null)
        {
            WriteVisibility(extras, idByKey, findAccount);
        }
    }

    /// <summary>
    /// A backup's visibility rules, after the accounts and departments they name exist. Written here rather than
    /// through the visibility store so that a restore stays one transaction; the statements mirror
    /// <c>SqliteVisibilityStore.Put…Rule</c> (upsert; a department's list replaced), and the visibility schema's
    /// triggers move its stamp as for any writer. A rule of the target not in the backup is kept (force merge).
    /// </summary>
    private void WriteVisibility(RestoreExtras extras, Dictionary<string, long> idByKey, SqliteCommand findAccount)
    {
        using SqliteCommand account = Prepare("""
            INSERT INTO visibility_account_rules(account_id, hidden, no_directory, contacts_hidden, updated_ms) VALUES($p0, $p1, $p2, $p3, $p4)
            ON CONFLICT(account_id) DO UPDATE SET hidden = excluded.hidden, no_directory = excluded.no_directory,
                contacts_hidden = excluded.contacts_hidden, updated_ms = excluded.updated_ms
            """, 5);
        foreach (BackupAccountRule rule in extras.AccountRules ?? [])
        {
            if (Run(findAccount, rule.Account) is long id)
            {
                Run(account, id, rule.Hidden ? 1 : 0, rule.NoDirectory ? 1 : 0, rule.ContactsHidden ? 1 : 0, nowMs);
            }
        }

        using SqliteCommand department = Prepare("""
            INSERT INTO visibility_department_rules(department_id, hidden, no_directory, contacts_hidden, restricted, updated_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p5)
            ON CONFLICT(department_id) DO UPDATE SET hidden = excluded.hidden, no_directory = excluded.no_directory,
                contacts_hidden = excluded.contacts_hidden, restricted = excluded.restricted, updated_ms = excluded.updated_ms
            """, 6);
        using SqliteCommand clearList = Prepare("DELETE FROM visibility_department_lists WHERE department_id = $p0", 1);
        using SqliteCommand listed = Prepare("INSERT OR IGNORE INTO visibility_department_lists(department_id, visible_department_id) VALUES($p0, $p1)", 2);
        foreach (BackupDepartmentRule rule in extras.DepartmentRules ?? [])
        {
            long id = idByKey[DepartmentPaths.Key(rule.Path)];
            Run(clearList, id);
            Run(department, id, rule.Hidden ? 1 : 0, rule.NoDirectory ? 1 : 0, rule.ContactsHidden ? 1 : 0, rule.VisibleDepartments is null ? 0 : 1, nowMs);
            foreach (string[] path in rule.VisibleDepartments ?? [])
            {
                Run(listed, id, idByKey[DepartmentPaths.Key(path)]);
            }
        }
    }

    private void WriteSettings(RestoreExtras extras)
    {
        using SqliteCommand attribute = Prepare("""
            INSERT INTO profile_attributes(key, label, user_editable, sort_order) VALUES($p0, $p1, $p2, $p3)
            ON CONFLICT(key) DO UPDATE SET label = excluded.label, user_editable = excluded.user_editable, sort_order = excluded.sort_order
            """, 4);
        foreach (AttributeDefinition definition in extras.Attributes)
        {
            Run(attribute, definition.Key, definition.Label, definition.UserEditable ? 1 : 0, definition.Order);
        }

        using SqliteCommand field = Prepare("""
            INSERT INTO directory_settings(key, value) VALUES($p0, $p1) ON CONFLICT(key) DO UPDATE SET value = excluded.value WHERE value IS NOT excluded.value
            """, 2);
        foreach ((string name, bool editable) in extras.EditableFields)
        {
            Run(field, ProfileFields.EditableSettingPrefix + name, editable ? "1" : "0");
        }
    }

    private SqliteCommand Command(string sql)
    {
        SqliteCommand command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private SqliteCommand Prepare(string sql, int parameters)
    {
        SqliteCommand command = Command(sql);
        for (int i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), null));
        }

        command.Prepare();
        return command;
    }

    private static object? Run(SqliteCommand command, params object?[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command.ExecuteScalar();
    }
}
