using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// Tables owned by the LDAP sync: its settings (without the bind password, which lives in an owner-only file of the
/// data directory, see <see cref="LdapSettingsStore"/>) and which departments and accounts came from LDAP.
/// </summary>
/// <remarks>
/// Invariant: an account is LDAP-managed exactly when it has an <c>ldap_accounts</c> row. Only such accounts are
/// ever updated or frozen by a sync, and only they log in by LDAP bind. <c>frozen_by_sync</c> marks a freeze the sync
/// made (the account vanished upstream); only those are undone when the account comes back.
/// </remarks>
internal sealed class LdapSchema : ISchemaOwner
{
    public const string Module = "ldap";

    public IEnumerable<Migration> Migrations =>
    [
        new(Module, 1, "LDAP settings, LDAP-sourced departments and accounts", """
            CREATE TABLE ldap_settings(
                id INTEGER PRIMARY KEY CHECK(id = 1),
                json TEXT NOT NULL,
                updated_ms INTEGER NOT NULL);
            CREATE TABLE ldap_departments(
                department_id INTEGER PRIMARY KEY,
                source_dn TEXT NOT NULL,
                source_id TEXT);
            CREATE TABLE ldap_accounts(
                account_id INTEGER PRIMARY KEY,
                source_dn TEXT NOT NULL,
                frozen_by_sync INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE ldap_sync_runs(
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                started_ms INTEGER NOT NULL,
                finished_ms INTEGER NOT NULL,
                trigger TEXT NOT NULL,
                outcome TEXT NOT NULL);
            """),
    ];
}
