using System.Text.Json;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Http;
using Ferry.Appliance.Storage;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// The stored LDAP settings. Everything but the bind password is one JSON row of <c>ldap_settings</c>; the password
/// is a file of the data directory readable by its owner only (mode 0600, like the TLS key), so a copy of the database
/// alone does not leak it, and it is never returned by the API nor logged.
/// </summary>
internal sealed class LdapSettingsStore(SqliteDatabase database, FerryOptions options, TimeProvider clock)
{
    public const string PasswordFile = "ldap-bind-password";

    private readonly Lock _gate = new();
    private LdapSettings? _cached;
    private bool _loaded;

    /// <summary>The current settings, null when LDAP was never configured.</summary>
    public LdapSettings? Current()
    {
        lock (_gate)
        {
            if (!_loaded)
            {
                _cached = Load();
                _loaded = true;
            }

            return _cached;
        }
    }

    /// <summary>Raised after settings change (the scheduler re-reads the interval).</summary>
    public event Action? Changed;

    /// <summary>Validates every field of <paramref name="body"/>; stores nothing unless all are valid.</summary>
    public LdapSettings Put(LdapSettingsBody body)
    {
        LdapSettings settings;
        lock (_gate)
        {
            string? password = body.BindPassword ?? Current()?.BindPassword;
            settings = ToSettings(body, password ?? string.Empty, out List<LdapSettingsError> errors);
            errors.AddRange(settings.Validate());
            if (errors.Count > 0)
            {
                FerryException.Throw(ErrorCode.BadRequest, string.Join("; ", errors.Select(e => e.ToString())));
            }

            string json = JsonSerializer.Serialize(ToBody(settings) with { BindPasswordSet = null }, ApiJson.Default.LdapSettingsBody);
            WritePassword(settings.BindPassword);
            using SqliteConnection connection = database.Open();
            using SqliteCommand upsert = connection.Command(
                "INSERT INTO ldap_settings(id, json, updated_ms) VALUES(1, $p0, $p1) ON CONFLICT(id) DO UPDATE SET json = excluded.json, updated_ms = excluded.updated_ms",
                json, clock.GetUtcNow().ToUnixTimeMilliseconds());
            upsert.ExecuteNonQuery();
            _cached = settings;
            _loaded = true;
        }

        Changed?.Invoke();
        return settings;
    }

    /// <summary>The API view: every field but the password, and whether one is set.</summary>
    public static LdapSettingsBody ToBody(LdapSettings s) => new(
        s.Host, s.Port, SecurityName(s.Security), s.TrustedCaDirectory, s.BindDn, null, s.BindPassword.Length > 0, s.BaseDn, s.UserFilter,
        s.OrganizationalUnitFilter,
        new LdapAttributesBody(s.Attributes.Account, s.Attributes.DisplayName, s.Attributes.Mail, s.Attributes.Mobile, s.Attributes.Telephone,
            s.Attributes.Title, s.Attributes.EmployeeNumber, s.Attributes.DepartmentName, s.Attributes.UniqueId, new Dictionary<string, string>(s.Attributes.Extra)),
        s.PageSize, (long)s.SyncInterval.TotalSeconds, s.MaxFreezeShare, (long)s.RequestTimeout.TotalSeconds, (long)s.AuthenticationTimeout.TotalSeconds);

    /// <summary>Body → settings; absent fields take their defaults. Problems the settings type cannot express are added to <paramref name="errors"/>.</summary>
    public static LdapSettings ToSettings(LdapSettingsBody body, string password, out List<LdapSettingsError> problems)
    {
        var errors = new List<LdapSettingsError>();
        problems = errors;
        var defaults = new LdapSettings();
        var map = new LdapAttributeMap();
        LdapSecurity security = defaults.Security;
        switch (body.Security)
        {
            case null: break;
            case "ldaps": security = LdapSecurity.Ldaps; break;
            case "startTls": security = LdapSecurity.StartTls; break;
            case "plain": security = LdapSecurity.Plain; break;
            default: errors.Add(new LdapSettingsError("security", "must be ldaps, startTls or plain")); break;
        }

        TimeSpan Seconds(long? value, TimeSpan fallback, string field)
        {
            if (value is null)
            {
                return fallback;
            }

            if (value < 0 || value > (long)TimeSpan.FromDays(365).TotalSeconds)
            {
                errors.Add(new LdapSettingsError(field, "must be a number of seconds from 0 to one year"));
                return fallback;
            }

            return TimeSpan.FromSeconds(value.Value);
        }

        LdapAttributesBody a = body.Attributes ?? new LdapAttributesBody();
        return new LdapSettings
        {
            Host = body.Host?.Trim() ?? string.Empty,
            Port = body.Port ?? 0,
            Security = security,
            TrustedCaDirectory = body.TrustedCaDirectory ?? string.Empty,
            BindDn = body.BindDn?.Trim() ?? string.Empty,
            BindPassword = password,
            BaseDn = body.BaseDn?.Trim() ?? string.Empty,
            UserFilter = body.UserFilter ?? defaults.UserFilter,
            OrganizationalUnitFilter = body.OrganizationalUnitFilter ?? defaults.OrganizationalUnitFilter,
            Attributes = new LdapAttributeMap
            {
                Account = a.Account ?? map.Account,
                DisplayName = a.DisplayName ?? map.DisplayName,
                Mail = a.Mail ?? map.Mail,
                Mobile = a.Mobile ?? map.Mobile,
                Telephone = a.Telephone ?? map.Telephone,
                Title = a.Title ?? map.Title,
                EmployeeNumber = a.EmployeeNumber ?? map.EmployeeNumber,
                DepartmentName = a.DepartmentName ?? map.DepartmentName,
                UniqueId = a.UniqueId ?? map.UniqueId,
                Extra = a.Extra ?? new Dictionary<string, string>(),
            },
            PageSize = body.PageSize ?? defaults.PageSize,
            SyncInterval = Seconds(body.SyncIntervalSeconds, defaults.SyncInterval, "syncIntervalSeconds"),
            MaxFreezeShare = body.MaxFreezeShare ?? defaults.MaxFreezeShare,
            RequestTimeout = Seconds(body.RequestTimeoutSeconds, defaults.RequestTimeout, "requestTimeoutSeconds"),
            AuthenticationTimeout = Seconds(body.AuthenticationTimeoutSeconds, defaults.AuthenticationTimeout, "authenticationTimeoutSeconds"),
        };
    }

    private static string SecurityName(LdapSecurity security) => security switch
    {
        LdapSecurity.StartTls => "startTls",
        LdapSecurity.Plain => "plain",
        _ => "ldaps",
    };

    private LdapSettings? Load()
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command("SELECT json FROM ldap_settings WHERE id = 1");
        if (query.ExecuteScalar() is not string json)
        {
            return null;
        }

        LdapSettingsBody body = JsonSerializer.Deserialize(json, ApiJson.Default.LdapSettingsBody)!;
        return ToSettings(body, ReadPassword(), out _);
    }

    private string PasswordPath => Path.Combine(options.DataDirectory, PasswordFile);

    private string ReadPassword() => File.Exists(PasswordPath) ? File.ReadAllText(PasswordPath) : string.Empty;

    /// <summary>Written to a new owner-only file, then renamed over the old one: never a moment with a readable or half-written password.</summary>
    private void WritePassword(string password)
    {
        if (password.Length == 0)
        {
            File.Delete(PasswordPath);
            return;
        }

        string temporary = PasswordPath + ".new";
        File.Delete(temporary);
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, create))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(password);
        }

        File.Move(temporary, PasswordPath, overwrite: true);
    }
}
