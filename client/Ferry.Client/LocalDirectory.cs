using Ferry.Client.Storage;
using Ferry.Transport.Contracts;
using Google.Protobuf;

namespace Ferry.Client;

/// <summary>
/// The client's versioned copy of the directory as the server lets this account see it. <see cref="FerryClient.SyncDirectoryAsync"/>
/// fills it page by page: a reset drops everything first, removals drop what was deleted or is no longer visible,
/// and deleted accounts keep their names (<see cref="NameOf"/>) so history can still show a departed sender.
/// Thread-safe; readers get snapshots. Kept beside the session, so a restarted client fetches only what changed
/// while it was away: a snapshot file (one protobuf <c>DirectorySyncResponse</c> holding everything) plus a journal
/// of the pages applied since, each length-prefixed. An incremental sync appends its few pages to the journal instead
/// of rewriting the whole copy (11 MiB at 100,000 accounts); the snapshot is rewritten after a reset or when the
/// journal has grown to half its size.
/// </summary>
public sealed class LocalDirectory
{
    private readonly object _gate = new();
    private readonly string? _path;
    private readonly Dictionary<ulong, DirectoryDepartment> _departments = [];
    private readonly Dictionary<ulong, DirectoryAccount> _accounts = [];
    private readonly Dictionary<ulong, DirectoryRemoval> _deleted = [];
    private DirectorySettings? _settings;
    private ulong _version;
    private ulong _fingerprint;

    public LocalDirectory()
    {
    }

    private const long MinimumJournalBeforeCompaction = 1024 * 1024;

    /// <summary>Pages applied since the last <see cref="Save"/>; recorded only when this copy has a file.</summary>
    private readonly List<DirectorySyncResponse> _unsaved = [];
    private long _snapshotBytes;
    private long _journalBytes;

    /// <summary>The journal ends in a torn record (a crash while appending): the next save rewrites the snapshot.</summary>
    private bool _journalTorn;

    private LocalDirectory(string path) => _path = path;

    private string JournalPath => _path + ".journal";

    /// <summary>The copy stored at <paramref name="path"/>, or an empty one (first use, or an unreadable file: it syncs from 0).</summary>
    internal static LocalDirectory Open(string path)
    {
        var directory = new LocalDirectory(path);
        try
        {
            if (File.Exists(path))
            {
                byte[] snapshot = File.ReadAllBytes(path);
                directory.Apply(DirectorySyncResponse.Parser.ParseFrom(snapshot));
                directory._snapshotBytes = snapshot.Length;
                directory.ReplayJournal();
            }
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or IOException or UnauthorizedAccessException)
        {
            directory.Apply(new DirectorySyncResponse { Reset = true });
        }

        directory._unsaved.Clear();
        return directory;
    }

    /// <summary>Makes what was applied since the last save durable: appended to the journal, or a new snapshot.</summary>
    internal void Save()
    {
        if (_path is null)
        {
            return;
        }

        DirectorySyncResponse[] pages;
        DirectorySyncResponse? snapshot = null;
        lock (_gate)
        {
            if (_unsaved.Count == 0)
            {
                return;
            }

            pages = [.. _unsaved];
            _unsaved.Clear();
            long appended = pages.Sum(p => (long)p.CalculateSize());
            if (_snapshotBytes == 0 || _journalTorn || pages.Any(p => p.Reset) || _journalBytes + appended > Math.Max(MinimumJournalBeforeCompaction, _snapshotBytes / 2))
            {
                snapshot = new DirectorySyncResponse { Reset = true, NextVersion = _version, ViewFingerprint = _fingerprint, Settings = _settings };
                snapshot.Departments.AddRange(_departments.Values);
                snapshot.Accounts.AddRange(_accounts.Values);
                snapshot.Removals.AddRange(_deleted.Values);
            }
        }

        if (snapshot is not null)
        {
            byte[] bytes = snapshot.ToByteArray();
            AtomicFile.WriteAllBytes(_path, bytes);

            // A crash between the rename and this delete leaves older pages in the journal: replay skips them by version.
            File.Delete(JournalPath);
            lock (_gate)
            {
                _snapshotBytes = bytes.Length;
                _journalBytes = 0;
                _journalTorn = false;
            }

            return;
        }

        var append = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Colleagues' contact details: readable by the user only, like the snapshot.
            append.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var journal = new FileStream(JournalPath, append))
        {
            foreach (DirectorySyncResponse page in pages)
            {
                page.WriteDelimitedTo(journal);
            }

            journal.Flush(flushToDisk: true);
            lock (_gate)
            {
                _journalBytes = journal.Length;
            }
        }
    }

    /// <summary>Applies the journal's pages newer than the snapshot; stops at a torn record.</summary>
    private void ReplayJournal()
    {
        if (!File.Exists(JournalPath))
        {
            return;
        }

        using var journal = new FileStream(JournalPath, FileMode.Open, FileAccess.Read);
        _journalBytes = journal.Length;
        while (journal.Position < journal.Length)
        {
            DirectorySyncResponse page;
            try
            {
                page = DirectorySyncResponse.Parser.ParseDelimitedFrom(journal);
            }
            catch (InvalidProtocolBufferException)
            {
                _journalTorn = true;
                return;
            }

            if (page.NextVersion > _version)
            {
                Apply(page);
            }
        }
    }

    /// <summary>The directory version this copy reflects: the <c>since_version</c> of the next sync.</summary>
    public ulong Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>The view fingerprint of the last page applied, echoed to the server with the next sync.</summary>
    public ulong ViewFingerprint
    {
        get
        {
            lock (_gate)
            {
                return _fingerprint;
            }
        }
    }

    public DirectorySettings? Settings
    {
        get
        {
            lock (_gate)
            {
                return _settings;
            }
        }
    }

    public IReadOnlyList<DirectoryDepartment> Departments
    {
        get
        {
            lock (_gate)
            {
                return [.. _departments.Values.OrderBy(d => d.ParentId).ThenBy(d => d.Order)];
            }
        }
    }

    public IReadOnlyList<DirectoryAccount> Accounts
    {
        get
        {
            lock (_gate)
            {
                return [.. _accounts.Values.OrderBy(a => a.Account, StringComparer.Ordinal)];
            }
        }
    }

    public DirectoryAccount? FindAccount(ulong id)
    {
        lock (_gate)
        {
            return _accounts.GetValueOrDefault(id);
        }
    }

    public DirectoryAccount? FindAccount(string account)
    {
        lock (_gate)
        {
            return _accounts.Values.FirstOrDefault(a => string.Equals(a.Account, account, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The display name of an account, deleted ones included; null when this copy never saw it.</summary>
    public string? NameOf(ulong accountId)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(accountId, out DirectoryAccount? account) ? account.DisplayName
                : _deleted.TryGetValue(accountId, out DirectoryRemoval? removal) ? removal.DisplayName
                : null;
        }
    }

    /// <summary>Applies one sync page, in the order the protocol prescribes: reset, settings, departments, accounts, removals.</summary>
    internal void Apply(DirectorySyncResponse page)
    {
        lock (_gate)
        {
            if (_path is not null)
            {
                _unsaved.Add(page);
            }

            if (page.Reset)
            {
                _departments.Clear();
                _accounts.Clear();
                _deleted.Clear();
                _settings = null;
            }

            if (page.Settings is { } settings)
            {
                _settings = settings;
            }

            foreach (DirectoryDepartment department in page.Departments)
            {
                _departments[department.Id] = department;
            }

            foreach (DirectoryAccount account in page.Accounts)
            {
                _accounts[account.Id] = account;
                _deleted.Remove(account.Id);
            }

            foreach (DirectoryRemoval removal in page.Removals)
            {
                if (removal.Kind == DirectoryEntityKind.DirectoryEntityDepartment)
                {
                    _departments.Remove(removal.Id);
                    continue;
                }

                _accounts.Remove(removal.Id);
                if (removal.Deleted && removal.Account.Length > 0)
                {
                    _deleted[removal.Id] = removal;
                }
                else
                {
                    _deleted.Remove(removal.Id);
                }
            }

            _version = page.NextVersion;
            _fingerprint = page.ViewFingerprint;
        }
    }
}
