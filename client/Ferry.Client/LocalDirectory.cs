using Ferry.Client.Storage;
using Ferry.Transport.Contracts;
using Google.Protobuf;

namespace Ferry.Client;

/// <summary>
/// The client's versioned copy of the directory as the server lets this account see it. <see cref="FerryClient.SyncDirectoryAsync"/>
/// fills it page by page: a reset drops everything first, removals drop what was deleted or is no longer visible,
/// and deleted accounts keep their names (<see cref="NameOf"/>) so history can still show a departed sender.
/// Thread-safe; readers get snapshots. Kept in a file beside the session (one protobuf <c>DirectorySyncResponse</c>
/// holding everything), so a restarted client fetches only what changed while it was away.
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

    private LocalDirectory(string path) => _path = path;

    /// <summary>The copy stored at <paramref name="path"/>, or an empty one (first use, or an unreadable file: it syncs from 0).</summary>
    internal static LocalDirectory Open(string path)
    {
        var directory = new LocalDirectory(path);
        try
        {
            if (File.Exists(path))
            {
                directory.Apply(DirectorySyncResponse.Parser.ParseFrom(File.ReadAllBytes(path)));
            }
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or IOException or UnauthorizedAccessException)
        {
            directory.Apply(new DirectorySyncResponse { Reset = true });
        }

        return directory;
    }

    /// <summary>Writes the copy to its file (atomically), when it has one.</summary>
    internal void Save()
    {
        if (_path is null)
        {
            return;
        }

        DirectorySyncResponse snapshot;
        lock (_gate)
        {
            snapshot = new DirectorySyncResponse { Reset = true, NextVersion = _version, ViewFingerprint = _fingerprint, Settings = _settings };
            snapshot.Departments.AddRange(_departments.Values);
            snapshot.Accounts.AddRange(_accounts.Values);
            snapshot.Removals.AddRange(_deleted.Values);
        }

        AtomicFile.WriteAllBytes(_path, snapshot.ToByteArray());
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
