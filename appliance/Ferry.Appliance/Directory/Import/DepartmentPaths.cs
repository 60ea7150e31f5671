using System.Text;

namespace Ferry.Appliance.Directory.Import;

/// <summary>
/// Department paths in a cell: "总部/研发部/平台组", several separated by ';' (the first is the primary). A name that
/// itself holds '/', ';' or '\' is written with a backslash before it.
/// </summary>
internal static class DepartmentPaths
{
    public static List<string> SplitUnescaped(string text, char separator)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                part.Append(c).Append(text[++i]);
            }
            else if (c == separator)
            {
                parts.Add(part.ToString());
                part.Clear();
            }
            else
            {
                part.Append(c);
            }
        }

        parts.Add(part.ToString());
        return parts;
    }

    public static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var plain = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            plain.Append(text[i] == '\\' && i + 1 < text.Length ? text[++i] : text[i]);
        }

        return plain.ToString();
    }

    public static string Escape(string name) =>
        name.AsSpan().IndexOfAny("\\/;") < 0 ? name : name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal).Replace(";", "\\;", StringComparison.Ordinal);

    public static string Format(IEnumerable<string> segments) => string.Join(ImportColumns.PathSeparator, segments.Select(Escape));

    /// <summary>Sibling names are unique without regard to case (as the database's index): the lookup key of a path.</summary>
    public static string Key(IEnumerable<string> segments) => string.Join('\u0001', segments.Select(s => s.ToUpperInvariant()));
}
