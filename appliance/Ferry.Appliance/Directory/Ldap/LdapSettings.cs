using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>How the connection to the LDAP server is protected.</summary>
internal enum LdapSecurity
{
    /// <summary>TLS from the first byte (usually port 636).</summary>
    Ldaps = 0,

    /// <summary>Plain connect, then the StartTLS extended operation before any bind (usually port 389).</summary>
    StartTls = 1,

    /// <summary>
    /// No TLS. Bind passwords, the service account's and every user's at login, would cross the network in the
    /// clear, so validation allows it only towards a loopback address (tests, or a local proxy that adds TLS).
    /// </summary>
    Plain = 2,
}

/// <summary>
/// Which LDAP attribute fills which directory field. Names are LDAP attribute descriptions (case-insensitive);
/// an empty string leaves that field unmapped (never synced). Defaults suit OpenLDAP's inetOrgPerson; for Active
/// Directory use <see cref="ActiveDirectory"/>.
/// </summary>
internal sealed record LdapAttributeMap
{
    /// <summary>The account name: <c>uid</c> (OpenLDAP) or <c>sAMAccountName</c> (AD). Required.</summary>
    public string Account { get; init; } = "uid";

    public string DisplayName { get; init; } = "cn";

    public string Mail { get; init; } = "mail";

    public string Mobile { get; init; } = "mobile";

    public string Telephone { get; init; } = "telephoneNumber";

    public string Title { get; init; } = "title";

    public string EmployeeNumber { get; init; } = "employeeNumber";

    /// <summary>The name of a department: <c>ou</c> on organizationalUnit entries (both OpenLDAP and AD).</summary>
    public string DepartmentName { get; init; } = "ou";

    /// <summary>
    /// A stable id that survives renames and moves: <c>entryUUID</c> (OpenLDAP) or <c>objectGUID</c> (AD, binary,
    /// formatted as a GUID). Departments are matched by it, so a renamed or moved OU is renamed or moved rather than
    /// recreated. Empty: match departments by DN only.
    /// </summary>
    public string UniqueId { get; init; } = "entryUUID";

    /// <summary>Further attributes copied into the account's extended attributes: LDAP attribute → directory key.</summary>
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    public static LdapAttributeMap ActiveDirectory { get; } = new()
    {
        Account = "sAMAccountName",
        DisplayName = "displayName",
        UniqueId = "objectGUID",
    };

    /// <summary>The standard fields with the names validation reports them under.</summary>
    internal IEnumerable<(string Field, string Attribute)> Standard()
    {
        yield return ("attributes.account", Account);
        yield return ("attributes.displayName", DisplayName);
        yield return ("attributes.mail", Mail);
        yield return ("attributes.mobile", Mobile);
        yield return ("attributes.telephone", Telephone);
        yield return ("attributes.title", Title);
        yield return ("attributes.employeeNumber", EmployeeNumber);
        yield return ("attributes.departmentName", DepartmentName);
        yield return ("attributes.uniqueId", UniqueId);
    }
}

/// <summary>One problem with one setting, named the way the admin API and page name the field.</summary>
internal sealed record LdapSettingsError(string Field, string Problem)
{
    public override string ToString() => $"{Field}: {Problem}";
}

/// <summary>
/// Everything the one-way LDAP / Active Directory sync needs. <see cref="Validate"/> lists every problem at once.
/// <para>
/// <see cref="BindPassword"/> is a secret: <see cref="ToString"/> and the record's printer never show it, and no
/// log message in this folder takes it. Store it like the other secrets of the data directory.
/// </para>
/// </summary>
internal sealed partial record LdapSettings
{
    /// <summary>AD returns at most 1,000 entries a page (MaxPageSize); asking for more only gets 1,000.</summary>
    public const int MaxPageSize = 1000;

    public const int DefaultPageSize = 500;

    /// <summary>Host name or IP address of the LDAP server.</summary>
    public string Host { get; init; } = string.Empty;

    /// <summary>0: the usual port for <see cref="Security"/> (636 for LDAPS, 389 otherwise).</summary>
    public int Port { get; init; }

    public LdapSecurity Security { get; init; } = LdapSecurity.Ldaps;

    /// <summary>
    /// A directory of trusted CA certificates (OpenSSL hashed-directory layout) for LDAPS/StartTLS when the server's
    /// certificate is issued by a private CA. Empty: the system's trust store.
    /// </summary>
    public string TrustedCaDirectory { get; init; } = string.Empty;

    /// <summary>The service account the sync reads with. Empty (with an empty password): anonymous bind.</summary>
    public string BindDn { get; init; } = string.Empty;

    /// <summary>Secret. Never logged, never printed.</summary>
    public string BindPassword { get; init; } = string.Empty;

    /// <summary>Where departments and users are searched (subtree). The base entry itself is the company root, not a department.</summary>
    public string BaseDn { get; init; } = string.Empty;

    /// <summary>
    /// Which entries are users. For AD, exclude disabled accounts so they are frozen here:
    /// <c>(&amp;(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))</c>.
    /// </summary>
    public string UserFilter { get; init; } = "(objectClass=inetOrgPerson)";

    /// <summary>Which entries are departments.</summary>
    public string OrganizationalUnitFilter { get; init; } = "(objectClass=organizationalUnit)";

    public LdapAttributeMap Attributes { get; init; } = new();

    /// <summary>Entries per page of a paged search (RFC 2696), 1 to <see cref="MaxPageSize"/>.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Time between scheduled syncs; <see cref="TimeSpan.Zero"/>: on demand only. At least a minute otherwise.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A sync that would freeze more than this share (0 to 1) of the active LDAP-managed accounts stops and asks an
    /// administrator to confirm: a wrong filter or a half-migrated server must not freeze the company.
    /// </summary>
    public double MaxFreezeShare { get; init; } = 0.10;

    /// <summary>Bound on each LDAP request (one page of a search, one bind).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on a user's password check by bind, connect included.</summary>
    public TimeSpan AuthenticationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int EffectivePort => Port != 0 ? Port : Security == LdapSecurity.Ldaps ? 636 : 389;

    /// <summary>Every problem, each with its field; empty when the settings are usable.</summary>
    public IReadOnlyList<LdapSettingsError> Validate()
    {
        var errors = new List<LdapSettingsError>();
        void Add(string field, string problem) => errors.Add(new LdapSettingsError(field, problem));

        if (string.IsNullOrWhiteSpace(Host))
        {
            Add("host", "is required");
        }
        else if (Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            Add("host", "must be a host name or an IP address, without scheme or port");
        }
        else if (Security == LdapSecurity.Plain && !IsLoopback(Host))
        {
            Add("security", "plain (no TLS) is allowed only towards a loopback address: passwords would cross the network in the clear; use ldaps or startTls");
        }

        if (Port is < 0 or > 65535)
        {
            Add("port", "must be 1 to 65535, or 0 for the default of the security mode");
        }

        if (!Enum.IsDefined(Security))
        {
            Add("security", "must be ldaps, startTls or plain");
        }

        if (TrustedCaDirectory.Length > 0 && !Path.IsPathFullyQualified(TrustedCaDirectory))
        {
            Add("trustedCaDirectory", "must be an absolute path");
        }

        if (BindDn.Length == 0 && BindPassword.Length > 0)
        {
            Add("bindDn", "is required when a bind password is set");
        }
        else if (BindDn.Length > 0 && !LdapDn.IsValid(BindDn))
        {
            Add("bindDn", "must be a distinguished name like cn=ferry,ou=services,dc=example,dc=com");
        }

        if (BindDn.Length > 0 && BindPassword.Length == 0)
        {
            // An LDAP simple bind with a DN and no password is an "unauthenticated bind" that many servers accept
            // as anonymous: the sync would silently read less than it should.
            Add("bindPassword", "is required when a bind DN is set");
        }

        if (string.IsNullOrWhiteSpace(BaseDn))
        {
            Add("baseDn", "is required");
        }
        else if (!LdapDn.IsValid(BaseDn))
        {
            Add("baseDn", "must be a distinguished name like dc=example,dc=com");
        }

        CheckFilter("userFilter", UserFilter);
        CheckFilter("organizationalUnitFilter", OrganizationalUnitFilter);

        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string field, string attribute) in Attributes.Standard())
        {
            if (attribute.Length == 0)
            {
                if (field is "attributes.account" or "attributes.departmentName")
                {
                    Add(field, "is required");
                }

                continue;
            }

            if (!AttributeNamePattern().IsMatch(attribute))
            {
                Add(field, $"'{attribute}' is not an LDAP attribute name (letters, digits and '-', starting with a letter, or an OID)");
            }
            else if (field != "attributes.departmentName" && field != "attributes.uniqueId" && !seen.TryAdd(attribute, field))
            {
                Add(field, $"'{attribute}' is already mapped to {seen[attribute]}");
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach ((string attribute, string key) in Attributes.Extra)
        {
            string field = $"attributes.extra.{attribute}";
            if (!AttributeNamePattern().IsMatch(attribute))
            {
                Add(field, $"'{attribute}' is not an LDAP attribute name");
            }
            else if (seen.TryGetValue(attribute, out string? other))
            {
                Add(field, $"'{attribute}' is already mapped to {other}");
            }

            if (!ExtraKeyPattern().IsMatch(key))
            {
                Add(field, $"directory key '{key}' must be 1 to 32 characters: lower-case letters, digits or '_', starting with a letter");
            }
            else if (!keys.Add(key))
            {
                Add(field, $"directory key '{key}' is used twice");
            }
        }

        if (PageSize is < 1 or > MaxPageSize)
        {
            Add("pageSize", $"must be 1 to {MaxPageSize} (Active Directory returns at most {MaxPageSize} entries a page)");
        }

        if (SyncInterval < TimeSpan.Zero || (SyncInterval > TimeSpan.Zero && SyncInterval < TimeSpan.FromMinutes(1)))
        {
            Add("syncInterval", "must be 0 (on demand only) or at least one minute");
        }
        else if (SyncInterval > TimeSpan.FromDays(7))
        {
            Add("syncInterval", "must be at most 7 days");
        }

        if (double.IsNaN(MaxFreezeShare) || MaxFreezeShare is < 0 or > 1)
        {
            Add("maxFreezeShare", "must be a share from 0 to 1 (0.1 is 10%)");
        }

        if (RequestTimeout < TimeSpan.FromSeconds(1) || RequestTimeout > TimeSpan.FromMinutes(10))
        {
            Add("requestTimeout", "must be 1 second to 10 minutes");
        }

        if (AuthenticationTimeout < TimeSpan.FromSeconds(1) || AuthenticationTimeout > TimeSpan.FromMinutes(1))
        {
            Add("authenticationTimeout", "must be 1 second to 1 minute");
        }

        return errors;

        void CheckFilter(string field, string filter)
        {
            string? problem = LdapFilter.Check(filter);
            if (problem is not null)
            {
                Add(field, problem);
            }
        }
    }

    /// <summary>For the admin API: a bad-request error naming every field at once.</summary>
    public void ThrowIfInvalid()
    {
        IReadOnlyList<LdapSettingsError> errors = Validate();
        if (errors.Count > 0)
        {
            FerryException.Throw(ErrorCode.BadRequest, string.Join("; ", errors));
        }
    }

    // The compiler-generated printer would print BindPassword.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Host = {Host}, Port = {EffectivePort}, Security = {Security}, BindDn = {BindDn}, BindPassword = ***, BaseDn = {BaseDn}, PageSize = {PageSize}");
        return true;
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address));

    // RFC 4512 descr (keystring) or numericoid.
    [GeneratedRegex("^(?:[A-Za-z][A-Za-z0-9-]{0,63}|[0-9]+(?:\\.[0-9]+)+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeNamePattern();

    // The directory's extended-attribute key rule.
    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtraKeyPattern();
}
