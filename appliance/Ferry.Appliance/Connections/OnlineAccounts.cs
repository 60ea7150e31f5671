using Ferry.Appliance.Accounts;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Administration;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Microsoft.Extensions.Logging;

namespace Ferry.Appliance.Connections;

/// <summary>One page of online devices and how many matched in all.</summary>
internal sealed record OnlinePage(int Total, IReadOnlyList<(OnlineDevice Device, string DisplayName)> Devices);

/// <summary>
/// The administrators' view of who is online (issue 3, "online accounts"): every authenticated connection with its
/// device, client and address, and disconnecting an account. A department administrator needs manage accounts and
/// sees and disconnects only accounts in its scope (<see cref="AdminAccess"/>); super and enterprise administrators all.
/// </summary>
internal sealed partial class OnlineAccounts(
    ConnectionRegistry registry, AccountService accounts, SessionService sessions, AdminAccess access, ILogger<OnlineAccounts> logger)
{
    public const int DefaultPage = 50;
    public const int MaxPage = 200;
    public const int MaxClientNameLength = 64;

    public OnlinePage List(Caller caller, int offset, int limit, string? query)
    {
        AdminAuthority authority = access.Authorize(caller, DirectoryRight.ManageAccounts, new AdminTarget());
        string? q = string.IsNullOrWhiteSpace(query) ? null : query.Trim();
        var visible = new Dictionary<long, bool>();
        var matched = new List<(OnlineDevice Device, string DisplayName)>();
        foreach (OnlineDevice device in registry.OnlineDevices())
        {
            if (!visible.TryGetValue(device.AccountId, out bool canSee))
            {
                canSee = access.CanSeeAccount(authority, device.AccountId);
                visible[device.AccountId] = canSee;
            }

            if (!canSee)
            {
                continue;
            }

            string displayName = accounts.FindById(device.AccountId)?.DisplayName ?? device.AccountName;
            if (q is null || device.AccountName.Contains(q, StringComparison.OrdinalIgnoreCase) || displayName.Contains(q, StringComparison.OrdinalIgnoreCase))
            {
                matched.Add((device, displayName));
            }
        }

        matched.Sort(static (a, b) =>
        {
            int order = StringComparer.OrdinalIgnoreCase.Compare(a.Device.AccountName, b.Device.AccountName);
            order = order != 0 ? order : a.Device.AccountId.CompareTo(b.Device.AccountId);
            order = order != 0 ? order : a.Device.ConnectedAtMs.CompareTo(b.Device.ConnectedAtMs);
            return order != 0 ? order : a.Device.ConnectionId.CompareTo(b.Device.ConnectionId);
        });
        return new OnlinePage(matched.Count, matched.Skip(offset).Take(Math.Clamp(limit, 1, MaxPage)).ToList());
    }

    /// <summary>
    /// Ends the sessions of the account's online devices and closes their connections with
    /// <see cref="ErrorCode.DisconnectedByAdmin"/>: the devices must log in again (a resume would undo the disconnect).
    /// Returns how many connections were closed.
    /// </summary>
    public int Disconnect(Caller caller, long accountId)
    {
        access.Authorize(caller, DirectoryRight.ManageAccounts, AdminTarget.ChangeAccount(accountId));
        Account account = accounts.FindById(accountId) ?? FerryException.Throw<Account>(ErrorCode.NotFound, $"no account {accountId}");
        List<OnlineDevice> devices = registry.OnlineDevices().Where(d => d.AccountId == accountId).ToList();

        // Sessions first: a device that reconnects between the two steps then fails its resume instead of coming back.
        foreach (string deviceId in devices.Select(d => d.DeviceId).Distinct(StringComparer.Ordinal))
        {
            sessions.RevokeDevice(accountId, deviceId);
        }

        registry.Disconnect(accountId, ErrorCode.DisconnectedByAdmin, "an administrator disconnected this account; log in again");
        LogDisconnected(caller.AccountName, caller.AccountId, account.Name, accountId, devices.Count);
        return devices.Count;
    }

    public static string DeviceTypeName(int type) => (DeviceType)type switch
    {
        Transport.Contracts.DeviceType.DevicePc => "pc",
        Transport.Contracts.DeviceType.DeviceMobile => "mobile",
        Transport.Contracts.DeviceType.DeviceWeb => "web",
        _ => "unknown",
    };

    /// <summary>Hello.client_name is whatever the client sent: shown cut to 64 characters, control characters replaced.</summary>
    public static string CleanClientName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return string.Empty;
        }

        ReadOnlySpan<char> cut = name.AsSpan(0, Math.Min(name.Length, MaxClientNameLength));
        if (cut.Length > 0 && char.IsHighSurrogate(cut[^1]))
        {
            cut = cut[..^1];
        }

        char[] clean = cut.ToArray();
        for (int i = 0; i < clean.Length; i++)
        {
            if (char.IsControl(clean[i]))
            {
                clean[i] = '\uFFFD';
            }
        }

        return new string(clean);
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "{Admin} ({AdminId}) disconnected account {Account} ({AccountId}): {Connections} connection(s) closed, their sessions ended")]
    private partial void LogDisconnected(string admin, long adminId, string account, long accountId, int connections);
}
