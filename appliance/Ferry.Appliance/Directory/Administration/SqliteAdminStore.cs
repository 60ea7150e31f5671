using Ferry.Appliance.Accounts;
using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Administration;

/// <summary>SQLite side of administrator grants.</summary>
internal sealed class SqliteAdminStore(SqliteDatabase database) : IAdminStore
{
    public AdminGrant? Find(long accountId)
    {
        using SqliteConnection connection = database.Open();
        return Read(connection, accountId).SingleOrDefault();
    }

    public IReadOnlyList<AdminGrant> List()
    {
        using SqliteConnection connection = database.Open();
        return Read(connection, null);
    }

    public void Put(AdminGrant grant)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        Execute(connection, transaction, "DELETE FROM admin_grant_scopes WHERE account_id = $p0", grant.AccountId);
        Execute(connection, transaction, """
            INSERT INTO admin_grants(account_id, role, permissions, granted_by, created_ms) VALUES($p0, $p1, $p2, $p3, $p4)
            ON CONFLICT(account_id) DO UPDATE SET role = excluded.role, permissions = excluded.permissions,
                granted_by = excluded.granted_by, created_ms = excluded.created_ms
            """, grant.AccountId, (int)grant.Role, (int)grant.Permissions, grant.GrantedBy, grant.CreatedMs);
        foreach (long department in grant.DepartmentIds)
        {
            Execute(connection, transaction, "INSERT INTO admin_grant_scopes(account_id, department_id) VALUES($p0, $p1)", grant.AccountId, department);
        }

        Execute(connection, transaction, "UPDATE accounts SET is_admin = $p1 WHERE id = $p0", grant.AccountId, grant.Role == AdminRole.Enterprise ? 1 : 0);
        transaction.Commit();
    }

    public void Remove(long accountId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteTransaction transaction = connection.BeginTransaction();
        Execute(connection, transaction, "DELETE FROM admin_grant_scopes WHERE account_id = $p0", accountId);
        Execute(connection, transaction, "DELETE FROM admin_grants WHERE account_id = $p0", accountId);
        Execute(connection, transaction, "UPDATE accounts SET is_admin = 0 WHERE id = $p0", accountId);
        transaction.Commit();
    }

    private static List<AdminGrant> Read(SqliteConnection connection, long? accountId)
    {
        var scopes = new Dictionary<long, List<long>>();
        using (SqliteCommand query = connection.Command(
            "SELECT account_id, department_id FROM admin_grant_scopes WHERE $p0 IS NULL OR account_id = $p0 ORDER BY account_id, department_id", accountId))
        using (SqliteDataReader reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                long id = reader.GetInt64(0);
                if (!scopes.TryGetValue(id, out List<long>? list))
                {
                    scopes[id] = list = [];
                }

                list.Add(reader.GetInt64(1));
            }
        }

        // An is_admin account without a grant row (made before grants existed, or by POST /admin/accounts) is an enterprise administrator.
        using SqliteCommand grants = connection.Command($"""
            SELECT g.account_id, g.role, g.permissions, g.granted_by, g.created_ms FROM admin_grants g
            WHERE $p0 IS NULL OR g.account_id = $p0
            UNION ALL
            SELECT a.id, {(int)AdminRole.Enterprise}, {(int)AdminPermissions.All}, NULL, a.created_ms FROM accounts a
            WHERE a.is_admin = 1 AND a.name <> $p1 AND NOT EXISTS (SELECT 1 FROM admin_grants g WHERE g.account_id = a.id)
                AND ($p0 IS NULL OR a.id = $p0)
            ORDER BY 1
            """, accountId, AccountService.SuperAdministrator);
        using SqliteDataReader rows = grants.ExecuteReader();
        var result = new List<AdminGrant>();
        while (rows.Read())
        {
            long id = rows.GetInt64(0);
            result.Add(new AdminGrant(
                id, (AdminRole)rows.GetInt32(1), scopes.GetValueOrDefault(id) ?? [], (AdminPermissions)rows.GetInt32(2),
                rows.IsDBNull(3) ? null : rows.GetInt64(3), rows.GetInt64(4)));
        }

        return result;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params object?[] parameters)
    {
        using SqliteCommand command = connection.Command(sql, parameters);
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
