using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Visibility;

/// <summary>SQLite side of visibility rules. The schema's triggers stamp generations, versions and clean-ups.</summary>
internal sealed class SqliteVisibilityStore(SqliteDatabase database) : IVisibilityStore
{
    private const string AccountRuleColumns = "account_id, hidden, no_directory, contacts_hidden";
    private const string DepartmentRuleColumns = "department_id, hidden, no_directory, contacts_hidden, restricted";

    public long Generation()
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command("SELECT generation FROM visibility_stamp WHERE id = 1");
        return (long)query.ExecuteScalar()!;
    }

    public ViewerFacts Viewer(long accountId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command("""
            SELECT s.generation, a.id, a.is_admin, m.department_id FROM visibility_stamp s
            LEFT JOIN accounts a ON a.id = $p0
            LEFT JOIN department_members m ON m.account_id = a.id
            WHERE s.id = 1 ORDER BY m.department_id
            """, accountId);
        using SqliteDataReader reader = query.ExecuteReader();
        long generation = 0;
        bool exists = false, isAdmin = false;
        var departments = new List<long>();
        while (reader.Read())
        {
            generation = reader.GetInt64(0);
            exists = !reader.IsDBNull(1);
            isAdmin = exists && reader.GetInt64(2) != 0;
            if (!reader.IsDBNull(3))
            {
                departments.Add(reader.GetInt64(3));
            }
        }

        return new ViewerFacts(generation, exists, isAdmin, departments);
    }

    public VisibilityData Load()
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction(deferred: true);
        long generation = Convert.ToInt64(Scalar(connection, transaction, "SELECT generation FROM visibility_stamp WHERE id = 1"), System.Globalization.CultureInfo.InvariantCulture);

        var departments = new List<(long, long)>();
        using (SqliteCommand query = Command(connection, transaction, "SELECT id, parent_id FROM departments"))
        using (SqliteDataReader reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                departments.Add((reader.GetInt64(0), reader.GetInt64(1)));
            }
        }

        List<AccountRule> accountRules = ReadAccountRules(connection, transaction, null);
        List<DepartmentRule> departmentRules = ReadDepartmentRules(connection, transaction, null);

        // UNION (not UNION ALL) also stops at a cycle, should the tree ever hold one.
        var members = new List<long>();
        using (SqliteCommand query = Command(connection, transaction, """
            WITH RECURSIVE covered(id) AS (
                SELECT department_id FROM visibility_department_rules WHERE contacts_hidden = 1
                UNION
                SELECT d.id FROM departments d JOIN covered c ON d.parent_id = c.id)
            SELECT DISTINCT m.account_id FROM department_members m JOIN covered c ON c.id = m.department_id
            """))
        using (SqliteDataReader reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                members.Add(reader.GetInt64(0));
            }
        }

        transaction.Commit();
        return new VisibilityData(generation, departments, accountRules, departmentRules, members);
    }

    public AccountRule? FindAccountRule(long accountId)
    {
        using SqliteConnection connection = database.Open();
        return ReadAccountRules(connection, null, accountId).SingleOrDefault();
    }

    public DepartmentRule? FindDepartmentRule(long departmentId)
    {
        using SqliteConnection connection = database.Open();
        return ReadDepartmentRules(connection, null, departmentId).SingleOrDefault();
    }

    public IReadOnlyList<AccountRule> AccountRules()
    {
        using SqliteConnection connection = database.Open();
        return ReadAccountRules(connection, null, null);
    }

    public IReadOnlyList<DepartmentRule> DepartmentRules()
    {
        using SqliteConnection connection = database.Open();
        return ReadDepartmentRules(connection, null, null);
    }

    public void PutAccountRule(AccountRule rule, long nowMs)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        if (rule.IsEmpty)
        {
            Execute(connection, transaction, "DELETE FROM visibility_account_rules WHERE account_id = $p0", rule.AccountId);
        }
        else
        {
            Execute(connection, transaction, $"""
                INSERT INTO visibility_account_rules({AccountRuleColumns}, updated_ms) VALUES($p0, $p1, $p2, $p3, $p4)
                ON CONFLICT(account_id) DO UPDATE SET hidden = excluded.hidden, no_directory = excluded.no_directory,
                    contacts_hidden = excluded.contacts_hidden, updated_ms = excluded.updated_ms
                WHERE hidden IS NOT excluded.hidden OR no_directory IS NOT excluded.no_directory OR contacts_hidden IS NOT excluded.contacts_hidden
                """, rule.AccountId, rule.Hidden, rule.NoDirectory, rule.ContactsHidden, nowMs);
        }

        transaction.Commit();
    }

    public void PutDepartmentRule(DepartmentRule rule, long nowMs)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        Execute(connection, transaction, "DELETE FROM visibility_department_lists WHERE department_id = $p0", rule.DepartmentId);
        if (rule.IsEmpty)
        {
            Execute(connection, transaction, "DELETE FROM visibility_department_rules WHERE department_id = $p0", rule.DepartmentId);
        }
        else
        {
            Execute(connection, transaction, $"""
                INSERT INTO visibility_department_rules({DepartmentRuleColumns}, updated_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p5)
                ON CONFLICT(department_id) DO UPDATE SET hidden = excluded.hidden, no_directory = excluded.no_directory,
                    contacts_hidden = excluded.contacts_hidden, restricted = excluded.restricted, updated_ms = excluded.updated_ms
                """, rule.DepartmentId, rule.Hidden, rule.NoDirectory, rule.ContactsHidden, rule.VisibleDepartments is not null, nowMs);
            foreach (long visible in rule.VisibleDepartments ?? [])
            {
                Execute(connection, transaction, "INSERT INTO visibility_department_lists(department_id, visible_department_id) VALUES($p0, $p1)", rule.DepartmentId, visible);
            }
        }

        transaction.Commit();
    }

    private static List<AccountRule> ReadAccountRules(SqliteConnection connection, SqliteTransaction? transaction, long? accountId)
    {
        using SqliteCommand query = Command(connection, transaction,
            $"SELECT {AccountRuleColumns} FROM visibility_account_rules WHERE $p0 IS NULL OR account_id = $p0 ORDER BY account_id", accountId);
        using SqliteDataReader reader = query.ExecuteReader();
        var rules = new List<AccountRule>();
        while (reader.Read())
        {
            rules.Add(new AccountRule(reader.GetInt64(0), reader.GetInt64(1) != 0, reader.GetInt64(2) != 0, reader.GetInt64(3) != 0));
        }

        return rules;
    }

    private static List<DepartmentRule> ReadDepartmentRules(SqliteConnection connection, SqliteTransaction? transaction, long? departmentId)
    {
        var lists = new Dictionary<long, List<long>>();
        using (SqliteCommand query = Command(connection, transaction,
            "SELECT department_id, visible_department_id FROM visibility_department_lists WHERE $p0 IS NULL OR department_id = $p0 ORDER BY department_id, visible_department_id",
            departmentId))
        using (SqliteDataReader reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (!lists.TryGetValue(id, out List<long>? list))
                {
                    lists[id] = list = [];
                }

                list.Add(reader.GetInt64(1));
            }
        }

        using SqliteCommand rules = Command(connection, transaction,
            $"SELECT {DepartmentRuleColumns} FROM visibility_department_rules WHERE $p0 IS NULL OR department_id = $p0 ORDER BY department_id", departmentId);
        using SqliteDataReader rows = rules.ExecuteReader();
        var result = new List<DepartmentRule>();
        while (rows.Read())
        {
            long id = rows.GetInt64(0);
            IReadOnlyList<long>? visible = rows.GetInt64(4) != 0 ? lists.GetValueOrDefault(id) ?? [] : null;
            result.Add(new DepartmentRule(id, rows.GetInt64(1) != 0, rows.GetInt64(2) != 0, rows.GetInt64(3) != 0, visible));
        }

        return result;
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using SqliteCommand command = Command(connection, transaction, sql);
        return command.ExecuteScalar();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params object?[] parameters)
    {
        SqliteCommand command = connection.Command(sql, parameters);
        command.Transaction = transaction;
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = Command(connection, transaction, sql, parameters);
        command.ExecuteNonQuery();
    }
}
