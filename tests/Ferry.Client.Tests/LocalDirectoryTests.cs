using Google.Protobuf;
using Ferry.Transport.Contracts;

namespace Ferry.Client.Tests;

/// <summary>The SDK's versioned copy of the directory: pages, removals, deleted names, reset.</summary>
public sealed class LocalDirectoryTests
{
    [Fact]
    public void Pages_upsert_removals_drop_and_deleted_accounts_keep_their_names()
    {
        var directory = new LocalDirectory();
        var first = new DirectorySyncResponse { NextVersion = 10, ViewFingerprint = 7, Settings = new DirectorySettings { Version = 1 } };
        first.Departments.Add([new DirectoryDepartment { Id = 1, Name = "Sales" }, new DirectoryDepartment { Id = 2, Name = "Support" }]);
        first.Accounts.Add([Account(100, "alice"), Account(101, "bob"), Account(102, "carol")]);
        directory.Apply(first);
        Assert.Equal((10UL, 7UL, 2, 3), (directory.Version, directory.ViewFingerprint, directory.Departments.Count, directory.Accounts.Count));

        var second = new DirectorySyncResponse { NextVersion = 12, ViewFingerprint = 7 };
        second.Accounts.Add(Account(100, "alice", "Alice Again"));
        second.Removals.Add([
            new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityDepartment, Id = 2, Deleted = true },
            new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityAccount, Id = 101, Deleted = true, Account = "bob", DisplayName = "Bob" },
            new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityAccount, Id = 102 },
        ]);
        directory.Apply(second);

        Assert.Equal(["Sales"], directory.Departments.Select(d => d.Name));
        Assert.Equal(["alice"], directory.Accounts.Select(a => a.Account));
        Assert.Equal("Alice Again", directory.FindAccount("ALICE")!.DisplayName);
        Assert.Equal("Bob", directory.NameOf(101));     // deleted: history still names him
        Assert.Null(directory.NameOf(102));             // hidden: forgotten entirely
        Assert.NotNull(directory.Settings);
        Assert.Equal(12UL, directory.Version);
    }

    [Fact]
    public void A_reset_drops_everything_before_applying_the_page()
    {
        var directory = new LocalDirectory();
        var first = new DirectorySyncResponse { NextVersion = 50, ViewFingerprint = 1 };
        first.Accounts.Add([Account(1, "old"), Account(2, "kept")]);
        first.Departments.Add(new DirectoryDepartment { Id = 9, Name = "Gone" });
        directory.Apply(first);

        var reset = new DirectorySyncResponse { NextVersion = 20, ViewFingerprint = 2, Reset = true };
        reset.Accounts.Add(Account(2, "kept"));
        directory.Apply(reset);

        Assert.Equal(["kept"], directory.Accounts.Select(a => a.Account));
        Assert.Empty(directory.Departments);
        Assert.Equal((20UL, 2UL), (directory.Version, directory.ViewFingerprint));
    }

    [Fact]
    public void The_copy_survives_a_restart_through_its_file_and_an_unreadable_file_starts_over()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ferry-local-directory-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "copy.directory.pb");
        try
        {
            LocalDirectory directory = LocalDirectory.Open(path);
            Assert.Equal(0UL, directory.Version);
            var page = new DirectorySyncResponse { NextVersion = 33, ViewFingerprint = 5, Settings = new DirectorySettings { Version = 2 } };
            page.Accounts.Add(Account(1, "alice"));
            page.Departments.Add(new DirectoryDepartment { Id = 3, Name = "Sales" });
            page.Removals.Add(new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityAccount, Id = 2, Deleted = true, Account = "bob", DisplayName = "Bob" });
            directory.Apply(page);
            directory.Save();

            LocalDirectory reopened = LocalDirectory.Open(path);
            Assert.Equal((33UL, 5UL, 2UL), (reopened.Version, reopened.ViewFingerprint, reopened.Settings!.Version));
            Assert.Equal(["alice"], reopened.Accounts.Select(a => a.Account));
            Assert.Equal(["Sales"], reopened.Departments.Select(d => d.Name));
            Assert.Equal("Bob", reopened.NameOf(2));

            File.WriteAllBytes(path, [0xFF, 0xFF, 0xFF]);
            LocalDirectory broken = LocalDirectory.Open(path);
            Assert.Equal((0UL, 0), (broken.Version, broken.Accounts.Count));
        }
        finally
        {
            if (System.IO.Directory.Exists(dir))
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }
    }

    [Fact]
    public void Incremental_pages_go_to_the_journal_and_a_torn_or_stale_journal_record_is_skipped()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ferry-local-directory-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "copy.directory.pb");
        string journal = path + ".journal";
        try
        {
            LocalDirectory directory = LocalDirectory.Open(path);
            var full = new DirectorySyncResponse { NextVersion = 100, ViewFingerprint = 1, Reset = true };
            full.Accounts.Add(Enumerable.Range(1, 50).Select(i => Account((ulong)i, "user" + i)));
            directory.Apply(full);
            directory.Save();
            byte[] snapshot = File.ReadAllBytes(path);
            Assert.False(File.Exists(journal));

            // An incremental page is appended; the snapshot is left as it was.
            var change = new DirectorySyncResponse { NextVersion = 101, ViewFingerprint = 1 };
            change.Accounts.Add(Account(7, "user7", "Renamed"));
            directory.Apply(change);
            directory.Save();
            Assert.Equal(snapshot, File.ReadAllBytes(path));
            long oneRecord = new FileInfo(journal).Length;
            Assert.True(oneRecord > 0);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(journal));
            }

            LocalDirectory reopened = LocalDirectory.Open(path);
            Assert.Equal((101UL, 50, "Renamed"), (reopened.Version, reopened.Accounts.Count, reopened.FindAccount(7)!.DisplayName));

            // A crash while appending leaves half a record: the pages before it still count, the next save rewrites the snapshot.
            var removal = new DirectorySyncResponse { NextVersion = 102, ViewFingerprint = 1 };
            removal.Removals.Add(new DirectoryRemoval { Kind = DirectoryEntityKind.DirectoryEntityAccount, Id = 8 });
            using (var stream = new FileStream(journal, FileMode.Append))
            {
                byte[] record = removal.ToByteArray();
                stream.WriteByte((byte)record.Length);
                stream.Write(record.AsSpan(0, record.Length / 2));
            }

            LocalDirectory torn = LocalDirectory.Open(path);
            Assert.Equal((101UL, 50), (torn.Version, torn.Accounts.Count));
            torn.Apply(removal);
            torn.Save();
            Assert.False(File.Exists(journal));
            Assert.Equal((102UL, 49), (LocalDirectory.Open(path).Version, LocalDirectory.Open(path).Accounts.Count));

            // A journal older than the snapshot (a crash between the snapshot's rename and the journal's deletion) is skipped.
            var old = new DirectorySyncResponse { NextVersion = 90, ViewFingerprint = 1 };
            old.Accounts.Add(Account(9, "user9", "Stale"));
            using (var stream = new FileStream(journal, FileMode.Create))
            {
                old.WriteDelimitedTo(stream);
            }

            LocalDirectory stale = LocalDirectory.Open(path);
            Assert.Equal((102UL, "user9"), (stale.Version, stale.FindAccount(9)!.DisplayName));
        }
        finally
        {
            if (System.IO.Directory.Exists(dir))
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static DirectoryAccount Account(ulong id, string name, string? display = null) =>
        new() { Id = id, Account = name, DisplayName = display ?? name };
}
