using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Accounts;

/// <summary>Tables owned by the accounts capability.</summary>
internal sealed class AccountSchema : ISchemaOwner
{
    public IEnumerable<Migration> Migrations =>
    [
        new("accounts", 1, "accounts and sessions", """
            CREATE TABLE accounts(
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL COLLATE NOCASE UNIQUE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                is_admin INTEGER NOT NULL DEFAULT 0,
                state INTEGER NOT NULL DEFAULT 0,
                created_ms INTEGER NOT NULL);
            CREATE TABLE sessions(
                token_hash BLOB PRIMARY KEY,
                account_id INTEGER NOT NULL REFERENCES accounts(id),
                device_id TEXT NOT NULL,
                device_type INTEGER NOT NULL,
                created_ms INTEGER NOT NULL,
                expires_ms INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX sessions_by_device ON sessions(account_id, device_id);
            """),
    ];
}
