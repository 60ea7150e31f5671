using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Storage;
using Ferry.Transport.Errors;
using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Directory.Import;

/// <summary>
/// The directory in one file: a zip of CSVs (the import format plus state, administrator flag and password hash;
/// the whole department tree in order; attribute definitions and field settings) and a <c>manifest</c> that names
/// the format version and the SHA-256 of every part. Version 2 adds the visibility rules (<see cref="BackupVisibility"/>);
/// a version 1 backup has none and restores without rules. Restore checks all of it before writing anything, then goes
/// through the importer: one transaction, all or nothing.
/// </summary>
/// <remarks>
/// Deleted accounts are not in a backup (they are tombstones of message history, which a directory backup does not
/// carry). An account the target already has (at least <c>admin</c>) keeps its own password.
/// </remarks>
internal sealed class DirectoryBackup(SqliteDatabase database, DirectoryExporter exporter, DirectoryImporter importer, Visibility.IVisibilityStore visibility)
{
    public const string Format = "ferry-directory-backup";
    public const int Version = 2;
    private const int OldestReadable = 1;
    public const string MediaType = "application/zip";
    private const string Manifest = "manifest";
    private const string AccountsPart = "accounts.csv";
    private const string DepartmentsPart = "departments.csv";
    private const string SettingsPart = "settings.csv";
    private const long MaxPartBytes = 1L << 30;

    public void Write(Caller caller, Stream output, TimeProvider clock)
    {
        (SheetTable accounts, List<string[]> departments, DirectorySettings settings) = exporter.Read(caller, backup: true);
        var parts = new List<(string Name, byte[] Bytes)>
        {
            (DepartmentsPart, Csv(new SheetTable(["path"], departments.Select((p, i) => new SheetRow(i + 2, [DepartmentPaths.Format(p)])).ToList()))),
            (SettingsPart, Csv(new SheetTable(["kind", "key", "label", "userEditable"],
                settings.Attributes.Select(a => new[] { "attribute", a.Key, a.Label, a.UserEditable ? "true" : "false" })
                    .Concat(settings.EditableFields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new[] { "field", f.Key, string.Empty, f.Value ? "true" : "false" }))
                    .Select((cells, i) => new SheetRow(i + 2, cells)).ToList()))),
            (AccountsPart, Csv(accounts)),
            (BackupVisibility.Part, Csv(BackupVisibility.Read(database, visibility, departments, accounts))),
        };

        var manifest = new StringBuilder();
        manifest.Append(CultureInfo.InvariantCulture, $"{Format}\nversion {Version}\ncreated {clock.GetUtcNow():O}\n");
        foreach ((string name, byte[] bytes) in parts)
        {
            manifest.Append(CultureInfo.InvariantCulture, $"sha256 {Convert.ToHexStringLower(SHA256.HashData(bytes))} {name}\n");
        }

        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Add(zip, Manifest, Encoding.UTF8.GetBytes(manifest.ToString()));
        foreach ((string name, byte[] bytes) in parts)
        {
            Add(zip, name, bytes);
        }
    }

    /// <summary>Restores into an empty directory (no departments, no account but <c>admin</c>) unless <paramref name="force"/>.</summary>
    public ImportReport Restore(Caller caller, Stream input, bool force)
    {
        if (!caller.IsAdmin)
        {
            FerryException.Throw(ErrorCode.Forbidden, "administrators only");
        }

        (Dictionary<string, byte[]> parts, int version) = ReadVerified(input);
        if (!force && !IsEmpty())
        {
            FerryException.Throw(ErrorCode.Conflict, "the directory is not empty (it has departments or accounts other than admin); restore into a fresh appliance, or pass force=true to merge the backup into it");
        }

        SheetTable accounts = Parse(parts, AccountsPart);
        List<string[]> departments = Parse(parts, DepartmentsPart).Rows
            .Select(r => DepartmentPaths.SplitUnescaped(r.Cells[0], ImportColumns.PathSeparator).Select(DepartmentPaths.Unescape).ToArray())
            .ToList();
        var attributes = new List<AttributeDefinition>();
        var editable = new Dictionary<string, bool>(StringComparer.Ordinal);
        var errors = new FieldErrors();
        foreach (SheetRow row in Parse(parts, SettingsPart).Rows)
        {
            string[] c = row.Cells.Length >= 4 ? row.Cells : FerryException.Throw<string[]>(ErrorCode.BadRequest, $"backup {SettingsPart} row {row.Number}: expected 4 columns");
            bool flag = c[3] == "true";
            if (c[0] == "attribute" && DirectoryRules.AttributeKey(c[1], $"{SettingsPart} row {row.Number}", errors) is { } key)
            {
                attributes.Add(new AttributeDefinition(key, c[2], flag, attributes.Count));
            }
            else if (c[0] == "field" && ProfileFields.Standard.Contains(c[1]))
            {
                editable[c[1]] = flag;
            }
            else if (c[0] is not ("attribute" or "field"))
            {
                errors.Add($"{SettingsPart} row {row.Number}", $"unknown kind '{c[0]}'");
            }
        }

        (List<BackupAccountRule> accountRules, List<BackupDepartmentRule> departmentRules) = version >= 2
            ? BackupVisibility.Parse(Parse(parts, BackupVisibility.Part), departments, accounts, errors)
            : (new List<BackupAccountRule>(), new List<BackupDepartmentRule>());
        errors.ThrowIfAny();
        return importer.Restore(caller, accounts, new RestoreExtras(attributes, editable, departments, accountRules, departmentRules));
    }

    /// <summary>Every part present, its hash as the manifest says, the format and version this ferryd reads.</summary>
    private static (Dictionary<string, byte[]> Parts, int Version) ReadVerified(Stream input)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(input, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new FerryException(ErrorCode.BadRequest, "not a Ferry directory backup: the file is not a zip archive (corrupt or truncated?)");
        }

        using (zip)
        {
            try
            {
                string manifest = Encoding.UTF8.GetString(ReadPart(zip, Manifest) ?? FerryException.Throw<byte[]>(ErrorCode.BadRequest, "not a Ferry directory backup: no manifest"));
                string[] lines = manifest.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (lines.Length < 2 || lines[0] != Format || !lines[1].StartsWith("version ", StringComparison.Ordinal))
                {
                    FerryException.Throw(ErrorCode.BadRequest, "not a Ferry directory backup: the manifest does not start with the format name and version");
                }

                if (!int.TryParse(lines[1]["version ".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version is < OldestReadable or > Version)
                {
                    FerryException.Throw(ErrorCode.BadRequest, $"the backup is format version {lines[1]["version ".Length..]}; this ferryd restores versions {OldestReadable} to {Version}");
                }

                var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (string line in lines.Where(l => l.StartsWith("sha256 ", StringComparison.Ordinal)))
                {
                    string[] fields = line.Split(' ', 3);
                    byte[] bytes = ReadPart(zip, fields[2]) ?? FerryException.Throw<byte[]>(ErrorCode.BadRequest, $"the backup is incomplete: part '{fields[2]}' is missing");
                    if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), fields[1], StringComparison.Ordinal))
                    {
                        FerryException.Throw(ErrorCode.BadRequest, $"the backup is corrupt: part '{fields[2]}' does not match its SHA-256 in the manifest");
                    }

                    parts[fields[2]] = bytes;
                }

                foreach (string required in version >= 2 ? new[] { AccountsPart, DepartmentsPart, SettingsPart, BackupVisibility.Part } : new[] { AccountsPart, DepartmentsPart, SettingsPart })
                {
                    if (!parts.ContainsKey(required))
                    {
                        FerryException.Throw(ErrorCode.BadRequest, $"the backup is incomplete: the manifest does not list '{required}'");
                    }
                }

                return (parts, version);
            }
            catch (InvalidDataException ex)
            {
                throw new FerryException(ErrorCode.BadRequest, $"the backup is corrupt: {ex.Message}", ex);
            }
        }
    }

    private static byte[]? ReadPart(ZipArchive zip, string name)
    {
        ZipArchiveEntry? entry = zip.GetEntry(name);
        if (entry is null)
        {
            return null;
        }

        using Stream stream = entry.Open();
        using var memory = new MemoryStream();
        byte[] buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            memory.Write(buffer, 0, read);
            if (memory.Length > MaxPartBytes)
            {
                FerryException.Throw(ErrorCode.BadRequest, $"the backup part '{name}' inflates to more than {MaxPartBytes} bytes");
            }
        }

        return memory.ToArray();
    }

    private static SheetTable Parse(Dictionary<string, byte[]> parts, string name)
    {
        try
        {
            return CsvFormat.Read(new MemoryStream(parts[name]));
        }
        catch (SheetFormatException ex)
        {
            throw new FerryException(ErrorCode.BadRequest, $"backup part '{name}': {ex.Message}", ex);
        }
    }

    private bool IsEmpty()
    {
        using SqliteConnection connection = database.Open();
        using SqliteCommand query = connection.Command(
            "SELECT (SELECT COUNT(*) FROM departments) + (SELECT COUNT(*) FROM accounts WHERE name <> $p0 COLLATE NOCASE)", AccountService.SuperAdministrator);
        return (long)query.ExecuteScalar()! == 0;
    }

    private static byte[] Csv(SheetTable table)
    {
        using var memory = new MemoryStream();
        CsvFormat.Write(memory, table);
        return memory.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        ZipArchiveEntry entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        using Stream stream = entry.Open();
        stream.Write(bytes);
    }
}
