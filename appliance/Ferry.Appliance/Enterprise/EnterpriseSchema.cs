using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Enterprise;

/// <summary>
/// Tables of the enterprise settings (module <c>enterprise</c>): one key/value row per setting that was ever set
/// (absent rows read as their definition's default), the logo, and the one settings version.
/// </summary>
/// <remarks>
/// Invariant: every accepted write raises <c>enterprise_version.version</c> by one in the same transaction as its
/// rows, and stamps the rows it wrote with the new version, so the version names exactly one state of the settings.
/// </remarks>
internal sealed class EnterpriseSchema : ISchemaOwner
{
    public IEnumerable<Migration> Migrations =>
    [
        new("enterprise", 1, "enterprise settings, logo and version", """
            CREATE TABLE enterprise_settings(
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                version INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL,
                updated_by INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE enterprise_logo(
                id INTEGER PRIMARY KEY CHECK (id = 1),
                content_type TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                data BLOB NOT NULL,
                version INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL,
                updated_by INTEGER NOT NULL);
            CREATE TABLE enterprise_version(
                id INTEGER PRIMARY KEY CHECK (id = 1),
                version INTEGER NOT NULL);
            INSERT INTO enterprise_version(id, version) VALUES(1, 0);
            """),
    ];
}
