using System.IO.Compression;
using System.Text;
using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Import;
using Ferry.Appliance.Directory.Visibility;
using Ferry.Appliance.Security;

namespace Ferry.Directory.Tests.Import;

public sealed class BackupTests : IDisposable
{
    private readonly ImportStack _source = new();

    public BackupTests()
    {
        DirectoryStack stack = _source.Stack;
        stack.Directory.DefineAttribute(stack.Admin, "seat", "Seat", true);
        stack.Directory.SetFieldEditability(stack.Admin, new Dictionary<string, bool> { [ProfileFields.Title] = true });
        _source.Import("""
            account,displayName,departments,password,seat,email
            zhangsan,张三,总部/研发部/平台组;总部/销售部,zhangsan-pass,3F,zs@example.com
            lisi,李四,总部/研发部,lisi-password,,
            """);
        Department empty = stack.Department("Empty one");
        stack.Department("Empty child", empty);
        stack.Directory.Freeze(stack.Admin, stack.Accounts.FindByName("lisi")!.Id);
    }

    public void Dispose() => _source.Dispose();

    private byte[] Backup()
    {
        using var file = new MemoryStream();
        _source.Backup.Write(_source.Stack.Admin, file, _source.Stack.Clock);
        return file.ToArray();
    }

    [Fact]
    public void A_backup_restores_into_an_empty_appliance_with_tree_settings_states_and_passwords()
    {
        byte[] backup = Backup();
        using var target = new ImportStack();

        ImportReport report = target.Backup.Restore(target.Stack.Admin, new MemoryStream(backup), force: false);

        Assert.True(report.Applied, string.Join("; ", report.Errors));
        Assert.Equal(_source.ExportCsv(), target.ExportCsv());
        Assert.Equal(["总部", "Empty one"], target.Stack.ChildNames());
        DirectorySettings settings = target.Stack.Directory.Settings(target.Stack.Admin);
        Assert.Equal(("seat", true), (settings.Attributes.Single().Key, settings.Attributes.Single().UserEditable));
        Assert.True(settings.EditableFields[ProfileFields.Title]);
        Account lisi = target.Stack.Accounts.FindByName("lisi")!;
        Assert.Equal(AccountState.Frozen, lisi.State);
        Assert.True(PasswordHasher.Verify("zhangsan-pass", target.Stack.AccountStore.PasswordHash(target.Stack.Accounts.FindByName("zhangsan")!.Id)!));
        Assert.Empty(report.InitialPasswords);
    }

    [Fact]
    public void Visibility_rules_travel_in_the_backup_by_name_and_path_and_an_older_backup_restores_without_rules()
    {
        DirectoryStack stack = _source.Stack;
        long zhangsan = stack.Accounts.FindByName("zhangsan")!.Id;
        long lisi = stack.Accounts.FindByName("lisi")!.Id;
        Dictionary<string, long> ids = DepartmentIds(stack);
        stack.VisibilityStore.PutAccountRule(new AccountRule(zhangsan, Hidden: true, NoDirectory: false, ContactsHidden: true), 1);
        stack.VisibilityStore.PutAccountRule(new AccountRule(lisi, Hidden: false, NoDirectory: true, ContactsHidden: false), 1);
        stack.VisibilityStore.PutDepartmentRule(new DepartmentRule(ids["总部/销售部"], false, false, true, [ids["总部/研发部/平台组"], ids["Empty one"]]), 1);
        stack.VisibilityStore.PutDepartmentRule(new DepartmentRule(ids["Empty one/Empty child"], true, false, false, []), 1);
        stack.VisibilityStore.PutDepartmentRule(new DepartmentRule(ids["总部/研发部"], false, true, false, null), 1);
        byte[] backup = Backup();

        using var target = new ImportStack();
        ImportReport report = target.Backup.Restore(target.Stack.Admin, new MemoryStream(backup), force: false);

        Assert.True(report.Applied, string.Join("; ", report.Errors));
        Assert.Equal(Described(stack), Described(target.Stack));
        Assert.Equal(2, target.Stack.VisibilityStore.AccountRules().Count);
        Assert.Equal(3, target.Stack.VisibilityStore.DepartmentRules().Count);
        // The restored rules are in force: the snapshot sees them (the triggers moved the stamp).
        Dictionary<string, long> restored = DepartmentIds(target.Stack);
        Assert.False(target.Stack.Visibility.ViewOf(target.Stack.NewAccount("viewer"))
            .CanSeeAccount(target.Stack.Accounts.FindByName("zhangsan")!.Id, [restored["总部/研发部/平台组"], restored["总部/销售部"]]));

        // Version 1 (before rules travelled): no visibility part; it restores, with no rules.
        byte[] old = Rewrite(backup, "manifest", text => string.Join('\n', text.Split('\n').Where(l => !l.EndsWith(" visibility.csv", StringComparison.Ordinal))).Replace("version 2", "version 1", StringComparison.Ordinal));
        using var older = new ImportStack();
        Assert.True(older.Backup.Restore(older.Stack.Admin, new MemoryStream(old), force: false).Applied);
        Assert.Equal(_source.ExportCsv(), older.ExportCsv());
        Assert.Empty(older.Stack.VisibilityStore.AccountRules());
        Assert.Empty(older.Stack.VisibilityStore.DepartmentRules());

        // A version 2 backup without its visibility part is incomplete; a rule naming an unknown account is refused.
        Assert.Contains("visibility.csv", FerryAssert.Fails(ErrorCode.BadRequest, () => older.Backup.Restore(older.Stack.Admin, new MemoryStream(Drop(backup, "visibility.csv")), true)).Message, StringComparison.Ordinal);
        byte[] unknown = Rewrite(backup, "visibility.csv", text => text.Replace("zhangsan", "nobody", StringComparison.Ordinal));
        unknown = Rewrite(unknown, "manifest", text => FixHash(text, unknown, "visibility.csv"));
        using var third = new ImportStack();
        string before = third.Stack.Snapshot();
        Assert.Contains("'nobody' is not in the backup", FerryAssert.Fails(ErrorCode.BadRequest, () => third.Backup.Restore(third.Stack.Admin, new MemoryStream(unknown), false)).Message, StringComparison.Ordinal);
        Assert.Equal(before, third.Stack.Snapshot());
    }

    /// <summary>Every rule, with accounts by name and departments by path, sorted: comparable across appliances.</summary>
    private static List<string> Described(DirectoryStack stack)
    {
        Dictionary<long, string> paths = DepartmentIds(stack).ToDictionary(p => p.Value, p => p.Key);
        var lines = stack.VisibilityStore.AccountRules()
            .Select(r => $"account {stack.Accounts.FindById(r.AccountId)!.Name} {r.Hidden} {r.NoDirectory} {r.ContactsHidden}").ToList();
        lines.AddRange(stack.VisibilityStore.DepartmentRules().Select(r =>
            $"department {paths[r.DepartmentId]} {r.Hidden} {r.NoDirectory} {r.ContactsHidden} " +
            (r.VisibleDepartments is null ? "-" : "[" + string.Join(",", r.VisibleDepartments.Select(d => paths[d]).Order(StringComparer.Ordinal)) + "]")));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static Dictionary<string, long> DepartmentIds(DirectoryStack stack)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        void Walk(Department? parent, string prefix)
        {
            foreach (Department child in stack.Directory.Children(stack.Admin, parent?.Id ?? 0).Select(n => n.Department))
            {
                string path = prefix + child.Name;
                result[path] = child.Id;
                Walk(child, path + "/");
            }
        }

        Walk(null, string.Empty);
        return result;
    }

    private static string FixHash(string manifest, byte[] zipBytes, string part)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(part)!.Open(), Encoding.UTF8);
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(reader.ReadToEnd())));
        return string.Join('\n', manifest.Split('\n').Select(l => l.EndsWith(" " + part, StringComparison.Ordinal) ? $"sha256 {hash} {part}" : l));
    }

    private static byte[] Drop(byte[] zipBytes, string part)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry entry in source.Entries.Where(e => e.FullName != part))
            {
                using Stream read = entry.Open();
                using Stream write = target.CreateEntry(entry.FullName).Open();
                read.CopyTo(write);
            }
        }

        return output.ToArray();
    }

    [Fact]
    public void Restore_refuses_a_directory_that_is_not_empty_unless_forced()
    {
        byte[] backup = Backup();
        using var target = new ImportStack();
        target.Stack.NewAccount("someone");
        string before = target.Stack.Snapshot();

        FerryException error = FerryAssert.Fails(ErrorCode.Conflict, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(backup), force: false));

        Assert.Contains("not empty", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Stack.Snapshot());
        Assert.True(target.Backup.Restore(target.Stack.Admin, new MemoryStream(backup), force: true).Applied);
        Assert.NotNull(target.Stack.Accounts.FindByName("zhangsan"));
    }

    [Fact]
    public void A_corrupt_part_a_wrong_version_or_not_a_backup_at_all_is_refused_and_writes_nothing()
    {
        byte[] backup = Backup();
        using var target = new ImportStack();
        string before = target.Stack.Snapshot();

        byte[] tampered = Rewrite(backup, "accounts.csv", text => text.Replace("张三", "张四", StringComparison.Ordinal));
        Assert.Contains("corrupt", FerryAssert.Fails(ErrorCode.BadRequest, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(tampered), false)).Message, StringComparison.Ordinal);

        byte[] future = Rewrite(backup, "manifest", text => text.Replace("version 2", "version 9", StringComparison.Ordinal));
        Assert.Contains("format version 9", FerryAssert.Fails(ErrorCode.BadRequest, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(future), false)).Message, StringComparison.Ordinal);

        byte[] truncated = backup[..(backup.Length / 2)];
        Assert.Contains("backup", FerryAssert.Fails(ErrorCode.BadRequest, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(truncated), false)).Message, StringComparison.Ordinal);

        Assert.Contains("not a zip", FerryAssert.Fails(ErrorCode.BadRequest, () => target.Backup.Restore(target.Stack.Admin, new MemoryStream(Encoding.UTF8.GetBytes("account\nx\n")), false)).Message, StringComparison.Ordinal);
        Assert.Equal(before, target.Stack.Snapshot());
    }

    private static byte[] Rewrite(byte[] zipBytes, string part, Func<string, string> change)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry entry in source.Entries)
            {
                // Other parts byte for byte (a BOM kept), so their hashes still match.
                using Stream read = entry.Open();
                using Stream write = target.CreateEntry(entry.FullName).Open();
                if (entry.FullName == part)
                {
                    using var reader = new StreamReader(read, Encoding.UTF8);
                    write.Write(Encoding.UTF8.GetBytes(change(reader.ReadToEnd())));
                }
                else
                {
                    read.CopyTo(write);
                }
            }
        }

        return output.ToArray();
    }
}
