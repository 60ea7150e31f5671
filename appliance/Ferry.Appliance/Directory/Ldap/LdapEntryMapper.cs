using System.Text;
using System.Text.RegularExpressions;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// Turns raw entries into <see cref="UpstreamSnapshot"/> records: pure, so every odd entry can be tested without a
/// server. An entry with any problem becomes one <see cref="LdapEntryError"/> naming all its problems and is not used;
/// the rest of the run goes on.
/// </summary>
internal static partial class LdapEntryMapper
{
    // The directory's own limits (Directory/DirectoryRules); checked here so the preview shows them per entry.
    public const int MaxDisplayNameLength = 100;
    public const int MaxDepartmentNameLength = 100;
    public const int MaxTitleLength = 100;
    public const int MaxPhoneLength = 40;
    public const int MaxMailLength = 254;
    public const int MaxEmployeeNumberLength = 64;
    public const int MaxAttributeValueLength = 500;

    /// <summary>The attributes to request: every mapped one, so the server sends nothing else.</summary>
    public static string[] RequestedAttributes(LdapAttributeMap map, bool users)
    {
        IEnumerable<string> names = users
            ? [map.Account, map.DisplayName, map.Mail, map.Mobile, map.Telephone, map.Title, map.EmployeeNumber, .. map.Extra.Keys]
            : [map.DepartmentName, map.UniqueId];
        return names.Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    public static UpstreamSnapshot Map(LdapSettings settings, IEnumerable<LdapEntry> organizationalUnits, IEnumerable<LdapEntry> users)
    {
        var errors = new List<LdapEntryError>();
        List<UpstreamDepartment> departments = MapDepartments(settings, organizationalUnits, errors);
        var departmentDns = new HashSet<string>(departments.Select(d => d.Dn), LdapDn.Comparer);

        var mapped = new List<UpstreamUser>();
        foreach (LdapEntry entry in users)
        {
            UpstreamUser? user = MapUser(settings, entry, departmentDns, errors);
            if (user is not null)
            {
                mapped.Add(user);
            }
        }

        // Two entries claiming one account name (uid is not unique by schema): neither is trusted.
        foreach (IGrouping<string, UpstreamUser> clash in mapped.GroupBy(u => u.Account, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).ToList())
        {
            foreach (UpstreamUser user in clash)
            {
                errors.Add(new LdapEntryError(user.Dn, user.Account, $"account name '{user.Account}' is used by {clash.Count()} entries: {string.Join(" and ", clash.Select(u => u.Dn))}"));
                mapped.Remove(user);
            }
        }

        return new UpstreamSnapshot(departments, mapped, errors);
    }

    private static List<UpstreamDepartment> MapDepartments(LdapSettings settings, IEnumerable<LdapEntry> entries, List<LdapEntryError> errors)
    {
        var read = new List<(string Dn, string Parent, string Name, string? Id)>();
        string baseDn = LdapDn.Normalize(settings.BaseDn);
        foreach (LdapEntry entry in entries)
        {
            if (LdapDn.Normalize(entry.Dn) == baseDn)
            {
                continue; // The base entry is the company itself.
            }

            var problems = new List<string>();
            string? parent = LdapDn.Parent(entry.Dn);
            if (parent is null || !LdapDn.IsWithin(entry.Dn, settings.BaseDn))
            {
                problems.Add("is not below the base DN");
            }

            // ou may hold several values (the RDN one and aliases); the RDN names the entry.
            string name = Single(entry, settings.Attributes.DepartmentName, problems, allowMany: true) ?? LdapDn.FirstValue(entry.Dn);
            name = name.Trim();
            CheckText(settings.Attributes.DepartmentName, name, MaxDepartmentNameLength, problems, required: true);
            string? id = UniqueId(entry, settings.Attributes.UniqueId, problems);
            if (problems.Count > 0)
            {
                errors.Add(new LdapEntryError(entry.Dn, null, string.Join("; ", problems)));
                continue;
            }

            read.Add((entry.Dn, parent!, name, id));
        }

        // A department whose parent OU was not read (filtered out or broken) hangs from its nearest read ancestor.
        var known = new HashSet<string>(read.Select(r => r.Dn), LdapDn.Comparer);
        var withParents = read.Select(r => (r.Dn, Parent: NearestKnown(r.Parent, known, baseDn), r.Name, r.Id)).ToList();

        var ordered = new List<UpstreamDepartment>(withParents.Count);
        foreach (var siblings in withParents.GroupBy(d => d.Parent is null ? string.Empty : LdapDn.Normalize(d.Parent)))
        {
            int order = 0;
            foreach (var d in siblings.OrderBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => LdapDn.Normalize(s.Dn), StringComparer.Ordinal))
            {
                ordered.Add(new UpstreamDepartment(d.Dn, d.Parent, d.Name, order++, d.Id));
            }
        }

        // Parents before children, so whoever applies creations in list order always has the parent already.
        return ordered.OrderBy(d => LdapDn.Split(d.Dn)?.Count ?? 0).ThenBy(d => d.ParentDn is null ? string.Empty : LdapDn.Normalize(d.ParentDn), StringComparer.Ordinal).ThenBy(d => d.Order).ToList();
    }

    private static string? NearestKnown(string? dn, HashSet<string> known, string baseDn)
    {
        while (dn is not null && LdapDn.Normalize(dn) != baseDn)
        {
            if (known.TryGetValue(dn, out string? match))
            {
                return match;
            }

            dn = LdapDn.Parent(dn);
        }

        return null;
    }

    private static UpstreamUser? MapUser(LdapSettings settings, LdapEntry entry, HashSet<string> departmentDns, List<LdapEntryError> errors)
    {
        LdapAttributeMap map = settings.Attributes;
        var problems = new List<string>();
        if (!LdapDn.IsWithin(entry.Dn, settings.BaseDn))
        {
            problems.Add("is not below the base DN");
        }

        int before = problems.Count;
        string? account = Single(entry, map.Account, problems)?.Trim();
        if (account is null && problems.Count == before)
        {
            problems.Add($"has no account name ('{map.Account}' is missing)");
        }
        else if (account is not null && !AccountNamePattern().IsMatch(account))
        {
            problems.Add($"account name '{Shorten(account)}' ('{map.Account}') must be 1 to 64 characters: letters, digits, '.', '_' or '-', starting with a letter or digit");
            account = null;
        }

        string displayName = Field(map.DisplayName, MaxDisplayNameLength);
        string mail = Field(map.Mail, MaxMailLength);
        string mobile = Field(map.Mobile, MaxPhoneLength);
        string phone = Field(map.Telephone, MaxPhoneLength);
        string title = Field(map.Title, MaxTitleLength);
        string employeeNumber = Field(map.EmployeeNumber, MaxEmployeeNumberLength);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string attribute, string key) in map.Extra)
        {
            string value = Field(attribute, MaxAttributeValueLength);
            if (value.Length > 0)
            {
                attributes[key] = value;
            }
        }

        if (problems.Count > 0)
        {
            errors.Add(new LdapEntryError(entry.Dn, account, string.Join("; ", problems)));
            return null;
        }

        string? department = null;
        for (string? dn = LdapDn.Parent(entry.Dn); dn is not null && department is null; dn = LdapDn.Parent(dn))
        {
            department = departmentDns.TryGetValue(dn, out string? match) ? match : null;
        }

        return new UpstreamUser(entry.Dn, department, account!, displayName.Length > 0 ? displayName : account!, mail, mobile, phone, title, employeeNumber, attributes);

        string Field(string attribute, int max)
        {
            if (attribute.Length == 0)
            {
                return string.Empty;
            }

            string value = (Single(entry, attribute, problems) ?? string.Empty).Trim();
            CheckText(attribute, value, max, problems, required: false);
            return value;
        }
    }

    /// <summary>The one value of a single-valued field; null when absent. Several values or binary data is a problem.</summary>
    private static string? Single(LdapEntry entry, string attribute, List<string> problems, bool allowMany = false)
    {
        if (attribute.Length == 0 || !TryGetValues(entry, attribute, out IReadOnlyList<object>? values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1 && !allowMany)
        {
            problems.Add($"'{attribute}' has {values.Count} values; one is expected");
            return null;
        }

        string? text = AsText(values[0]);
        if (text is null)
        {
            problems.Add($"'{attribute}' is binary, not UTF-8 text");
        }

        if (allowMany && values.Count > 1)
        {
            // Prefer the value the DN itself uses.
            string rdnValue = LdapDn.FirstValue(entry.Dn);
            return values.Select(AsText).FirstOrDefault(v => string.Equals(v, rdnValue, StringComparison.OrdinalIgnoreCase)) ?? text;
        }

        return text;
    }

    private static string? UniqueId(LdapEntry entry, string attribute, List<string> problems)
    {
        if (attribute.Length == 0 || !TryGetValues(entry, attribute, out IReadOnlyList<object>? values) || values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            problems.Add($"'{attribute}' has {values.Count} values; one is expected");
            return null;
        }

        // AD's objectGUID is 16 raw bytes; OpenLDAP's entryUUID is text. Both become a lower-case GUID string.
        return values[0] switch
        {
            byte[] { Length: 16 } guid => new Guid(guid).ToString("D"),
            byte[] other => AsText(other)?.Trim().ToLowerInvariant(),
            string s => s.Trim().ToLowerInvariant(),
            _ => null,
        };
    }

    private static bool TryGetValues(LdapEntry entry, string attribute, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IReadOnlyList<object>? values)
    {
        if (entry.Values.TryGetValue(attribute, out values))
        {
            return true;
        }

        // Servers answer with their own spelling of the name (sAMAccountName / samaccountname).
        foreach ((string name, IReadOnlyList<object> v) in entry.Values)
        {
            if (string.Equals(name, attribute, StringComparison.OrdinalIgnoreCase))
            {
                values = v;
                return true;
            }
        }

        return false;
    }

    private static string? AsText(object value) => value switch
    {
        string s => s,
        byte[] bytes => TryUtf8(bytes),
        _ => null,
    };

    private static string? TryUtf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static void CheckText(string attribute, string value, int max, List<string> problems, bool required)
    {
        if (required && value.Length == 0)
        {
            problems.Add($"'{attribute}' is empty");
        }
        else if (value.Length > max)
        {
            problems.Add($"'{attribute}' is {value.Length} characters; at most {max} are allowed");
        }

        if (HasInvalidCharacters(value))
        {
            problems.Add($"'{attribute}' contains control characters, line breaks or invalid characters");
        }
    }

    private static bool HasInvalidCharacters(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD')
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    // The appliance's account-name rule (Accounts/AccountService).
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountNamePattern();
}
