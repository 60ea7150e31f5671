using Ferry.Appliance.Storage;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Accounts;

internal sealed class SqliteAccountStore(SqliteDatabase database) : IAccountStore
{
    private const string AccountColumns = "id, name, display_name, is_admin, state";
    private const int SqliteConstraintUnique = 2067;

    public Account? TryCreate(string name, string displayName, string passwordHash, bool isAdmin, long createdMs)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand insert = connection.Command(
            "INSERT INTO accounts(name, display_name, password_hash, is_admin, created_ms) VALUES($p0, $p1, $p2, $p3, $p4) RETURNING id",
            name, displayName, passwordHash, isAdmin ? 1 : 0, createdMs);
        try
        {
            long id = (long)insert.ExecuteScalar()!;
            return new Account(id, name, displayName, isAdmin, AccountState.Active);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode == SqliteConstraintUnique)
        {
            return null;
        }
    }

    public Account? FindById(long id) => QueryAccount($"SELECT {AccountColumns} FROM accounts WHERE id = $p0", id);

    public Account? FindByName(string name) => QueryAccount($"SELECT {AccountColumns} FROM accounts WHERE name = $p0", name);

    public string? PasswordHash(long accountId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command("SELECT password_hash FROM accounts WHERE id = $p0", accountId);
        return query.ExecuteScalar() as string;
    }

    public IReadOnlyList<Account> List(long afterId, int limit)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command($"SELECT {AccountColumns} FROM accounts WHERE id > $p0 ORDER BY id LIMIT $p1", afterId, limit);
        using SqliteDataReader reader = query.ExecuteReader();
        var accounts = new List<Account>();
        while (reader.Read())
        {
            accounts.Add(ReadAccount(reader, 0));
        }

        return accounts;
    }

    public void CreateSession(Session session)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand insert = connection.Command(
            "INSERT INTO sessions(token_hash, account_id, device_id, device_type, created_ms, expires_ms) VALUES($p0, $p1, $p2, $p3, $p4, $p5)",
            session.TokenHash, session.AccountId, session.DeviceId, session.DeviceType, session.CreatedMs, session.ExpiresMs);
        insert.ExecuteNonQuery();
    }

    public (Session Session, Account Account)? FindSession(byte[] tokenHash)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command(
            $"SELECT s.device_id, s.device_type, s.created_ms, s.expires_ms, a.{AccountColumns.Replace(", ", ", a.", StringComparison.Ordinal)} FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $p0",
            tokenHash);
        using SqliteDataReader reader = query.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        Account account = ReadAccount(reader, 4);
        var session = new Session(tokenHash, account.Id, reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetInt64(3));
        return (session, account);
    }

    public void DeleteSession(byte[] tokenHash)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand delete = connection.Command("DELETE FROM sessions WHERE token_hash = $p0", tokenHash);
        delete.ExecuteNonQuery();
    }

    public void DeleteDeviceSessions(long accountId, string deviceId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand delete = connection.Command("DELETE FROM sessions WHERE account_id = $p0 AND device_id = $p1", accountId, deviceId);
        delete.ExecuteNonQuery();
    }

    public void DeleteAccountSessions(long accountId)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand delete = connection.Command("DELETE FROM sessions WHERE account_id = $p0", accountId);
        delete.ExecuteNonQuery();
    }

    private Account? QueryAccount(string sql, object parameter)
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command(sql, parameter);
        using SqliteDataReader reader = query.ExecuteReader();
        return reader.Read() ? ReadAccount(reader, 0) : null;
    }

    private static Account ReadAccount(SqliteDataReader reader, int first) => new(
        reader.GetInt64(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        reader.GetInt64(first + 3) != 0,
        (AccountState)reader.GetInt32(first + 4));
}
