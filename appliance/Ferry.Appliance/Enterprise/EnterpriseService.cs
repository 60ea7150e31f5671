using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Administration;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Enterprise;

/// <summary>
/// The enterprise settings (issue 3 §7): name, logo and the settings later issues add. Reads come from a cached
/// <see cref="EnterpriseSnapshot"/>; every write is authorised (super and enterprise administrators only), validated
/// as a whole (all problems reported per field, nothing written on any), versioned, audited, and replaces the snapshot.
/// </summary>
/// <remarks>
/// Invariant: the snapshot is loaded and replaced only under <see cref="_writes"/>, after the write committed, so a
/// reader never sees a snapshot older than a write that has returned, and a slow first load cannot overwrite a newer one.
/// </remarks>
internal sealed partial class EnterpriseService(IEnterpriseStore store, AdminAccess access, FerryOptions options, TimeProvider clock, ILogger<EnterpriseService> logger)
{
    private readonly Lock _writes = new();
    private EnterpriseSnapshot? _current;

    /// <summary>The current settings; no authorisation (what clients are shown before they log in).</summary>
    public EnterpriseSnapshot Current => Volatile.Read(ref _current) ?? Reload();

    /// <summary>The current settings as an administrator reads them.</summary>
    public EnterpriseSnapshot Read(Caller caller)
    {
        Authorize(caller);
        return Current;
    }

    public EnterpriseSnapshot Update(Caller caller, SettingsChange change)
    {
        Authorize(caller);
        var errors = new FieldErrors();
        foreach (SettingsChange.Item item in change.Items)
        {
            if (item.Check.Problem is { } problem)
            {
                errors.Add(item.Field, problem);
            }
        }

        errors.ThrowIfAny();
        lock (_writes)
        {
            EnterpriseSnapshot current = Current;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (SettingsChange.Item item in change.Items)
            {
                if (current.Stored(item.Definition!) != item.Check.Stored)
                {
                    values[item.Field] = item.Check.Stored!;
                }
            }

            if (values.Count == 0)
            {
                return current;
            }

            long version = store.Write(new EnterpriseWrite(values, null, false, caller.AccountId, Now()));
            LogSettingsChanged(caller.AccountName, caller.AccountId, string.Join(", ", values.Select(v => $"{v.Key}=\"{v.Value}\"")), version);
            return Reload();
        }
    }

    /// <summary>Replaces the logo. The bytes decide the format (<see cref="LogoImage"/>); anything else is refused unchanged.</summary>
    public EnterpriseSnapshot SetLogo(Caller caller, byte[] data, string? declaredContentType)
    {
        Authorize(caller);
        (string? contentType, string? problem) = LogoImage.Check(data, declaredContentType);
        if (problem is not null)
        {
            var errors = new FieldErrors();
            errors.Add("logo", problem);
            errors.ThrowIfAny();
        }

        var logo = new EnterpriseLogo(contentType!, data);
        lock (_writes)
        {
            EnterpriseSnapshot current = Current;
            if (current.Logo is { } old && old.Sha256 == logo.Sha256 && old.ContentType == logo.ContentType)
            {
                return current;
            }

            long version = store.Write(new EnterpriseWrite(new Dictionary<string, string>(), logo, false, caller.AccountId, Now()));
            LogLogoChanged(caller.AccountName, caller.AccountId, logo.ContentType, data.Length, logo.Sha256, version);
            return Reload();
        }
    }

    public EnterpriseSnapshot RemoveLogo(Caller caller)
    {
        Authorize(caller);
        lock (_writes)
        {
            EnterpriseSnapshot current = Current;
            if (current.Logo is null)
            {
                return current;
            }

            long version = store.Write(new EnterpriseWrite(new Dictionary<string, string>(), null, true, caller.AccountId, Now()));
            LogLogoRemoved(caller.AccountName, caller.AccountId, version);
            return Reload();
        }
    }

    /// <summary>Company-wide settings: super and enterprise administrators; a department administrator is refused.</summary>
    private void Authorize(Caller caller) => access.Authorize(caller, DirectoryRight.ManageSettings, AdminTarget.Company);

    private EnterpriseSnapshot Reload()
    {
        lock (_writes)
        {
            var snapshot = new EnterpriseSnapshot(store.Load(), options);
            Volatile.Write(ref _current, snapshot);
            return snapshot;
        }
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "enterprise settings changed by {Account} ({AccountId}): {Changes}; version {Version}")]
    private partial void LogSettingsChanged(string account, long accountId, string changes, long version);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "enterprise logo set by {Account} ({AccountId}): {ContentType}, {Bytes} bytes, sha256 {Sha256}; version {Version}")]
    private partial void LogLogoChanged(string account, long accountId, string contentType, int bytes, string sha256, long version);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "enterprise logo removed by {Account} ({AccountId}); version {Version}")]
    private partial void LogLogoRemoved(string account, long accountId, long version);
}
