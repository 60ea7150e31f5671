using System.Text;

namespace Ferry.Appliance.Directory.Ldap;

/// <summary>
/// Distinguished names as strings (RFC 4514). Servers differ in case and spacing (<c>OU=Sales, DC=x</c> and
/// <c>ou=sales,dc=x</c> are the same entry), so DNs are compared through <see cref="Normalize"/> /
/// <see cref="Comparer"/>, and kept as the server wrote them for display.
/// </summary>
internal static class LdapDn
{
    /// <summary>Compares DNs as LDAP does for the usual case-insensitive naming attributes (ou, cn, dc, uid).</summary>
    public static StringComparer Comparer { get; } = new DnComparer();

    /// <summary>The RDNs, most specific first, each trimmed; escapes kept. Null when the DN is malformed.</summary>
    public static List<string>? Split(string dn)
    {
        var rdns = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < dn.Length; i++)
        {
            char c = dn[i];
            if (c == '\\')
            {
                if (i + 1 >= dn.Length)
                {
                    return null;
                }

                current.Append(c).Append(dn[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
                current.Append(c);
            }
            else if ((c == ',' || c == ';') && !quoted)
            {
                rdns.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        rdns.Add(current.ToString().Trim());
        foreach (string rdn in rdns)
        {
            int equals = rdn.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || rdn[..equals].Trim().Length == 0)
            {
                return null;
            }
        }

        return rdns;
    }

    public static bool IsValid(string dn) =>
        dn.Length is > 0 and <= 4096 && !dn.Any(char.IsControl) && Split(dn) is not null;

    /// <summary>Lower case, no spaces around separators: the form DNs are keyed and compared by.</summary>
    public static string Normalize(string dn)
    {
        List<string>? rdns = Split(dn);
        if (rdns is null)
        {
            return dn.Trim().ToLowerInvariant();
        }

        return string.Join(',', rdns.Select(NormalizeRdn));

        static string NormalizeRdn(string rdn) =>
            string.Join('+', rdn.Split('+').Select(part =>
            {
                int equals = part.IndexOf('=', StringComparison.Ordinal);
                return equals < 0
                    ? part.Trim().ToLowerInvariant()
                    : part[..equals].Trim().ToLowerInvariant() + "=" + part[(equals + 1)..].Trim().ToLowerInvariant();
            }));
    }

    /// <summary>The DN one level up; null for a single-RDN DN or a malformed one.</summary>
    public static string? Parent(string dn)
    {
        List<string>? rdns = Split(dn);
        return rdns is null || rdns.Count < 2 ? null : string.Join(',', rdns.Skip(1));
    }

    /// <summary>True when <paramref name="dn"/> is <paramref name="ancestor"/> or lies below it.</summary>
    public static bool IsWithin(string dn, string ancestor)
    {
        string d = Normalize(dn);
        string a = Normalize(ancestor);
        return d == a || d.EndsWith("," + a, StringComparison.Ordinal);
    }

    /// <summary>The value of the first RDN with RFC 4514 escapes undone (<c>ou=R\2CD</c> → <c>R,D</c>).</summary>
    public static string FirstValue(string dn)
    {
        List<string>? rdns = Split(dn);
        if (rdns is null)
        {
            return dn;
        }

        string rdn = rdns[0];
        string value = rdn[(rdn.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            return value[1..^1];
        }

        var bytes = new List<byte>();
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && IsHex(value, i + 1))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (value[i] == '\\' && i + 1 < value.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[++i].ToString()));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(value[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());

        static bool IsHex(string s, int at) =>
            at + 1 < s.Length && Uri.IsHexDigit(s[at]) && Uri.IsHexDigit(s[at + 1]);
    }

    private sealed class DnComparer : StringComparer
    {
        public override int Compare(string? x, string? y) =>
            string.CompareOrdinal(x is null ? null : Normalize(x), y is null ? null : Normalize(y));

        public override bool Equals(string? x, string? y) =>
            x is null || y is null ? ReferenceEquals(x, y) : Normalize(x) == Normalize(y);

        public override int GetHashCode(string obj) => StringComparer.Ordinal.GetHashCode(Normalize(obj));
    }
}

/// <summary>Search filters (RFC 4515).</summary>
internal static class LdapFilter
{
    /// <summary>A problem with a configured filter, or null. Checks shape only; the server has the last word.</summary>
    public static string? Check(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return "is required, e.g. (objectClass=person)";
        }

        if (filter.Length > 4096)
        {
            return "must be at most 4096 characters";
        }

        if (filter.Any(char.IsControl))
        {
            return "must not contain control characters or line breaks";
        }

        if (filter[0] != '(' || filter[^1] != ')')
        {
            return "must be enclosed in parentheses, e.g. (objectClass=person)";
        }

        // Parentheses inside values must be escaped as \28 and \29, so every literal one is structural.
        int depth = 0;
        foreach (char c in filter)
        {
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth < 0)
            {
                return "has a ')' without its '('";
            }
        }

        return depth != 0 ? "has a '(' without its ')'" : filter.Contains("()", StringComparison.Ordinal) ? "has an empty '()'" : null;
    }

    /// <summary>Escapes a value for use inside a filter: <c>*</c>, <c>(</c>, <c>)</c>, <c>\</c> and NUL (RFC 4515 §3).</summary>
    public static string Escape(string value)
    {
        var builder = new StringBuilder(value.Length + 8);
        foreach (char c in value)
        {
            _ = c switch
            {
                '*' => builder.Append("\\2a"),
                '(' => builder.Append("\\28"),
                ')' => builder.Append("\\29"),
                '\\' => builder.Append("\\5c"),
                '\0' => builder.Append("\\00"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
