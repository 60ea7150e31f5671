using Ferry.Appliance.Accounts;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory.ClientApi;

/// <summary>The directory model as the framed protocol carries it (directory.proto), and its ids back.</summary>
internal static class DirectoryWire
{
    public static DirectoryDepartment Department(Department d) => new()
    {
        Id = (ulong)d.Id,
        ParentId = (ulong)d.ParentId,
        Name = d.Name,
        Order = d.Order,
        Version = (ulong)d.Version,
    };

    /// <summary>The account as given: callers pass it through the viewer's <c>DirectoryView.Present</c> first.</summary>
    public static Transport.Contracts.DirectoryAccount Account(Directory.DirectoryAccount a)
    {
        var wire = new Transport.Contracts.DirectoryAccount
        {
            Id = (ulong)a.Id,
            Account = a.Name,
            DisplayName = a.DisplayName,
            State = AccountBody.StateName(a.State),
            Title = a.Profile.Title,
            Mobile = a.Profile.Mobile,
            Phone = a.Profile.Phone,
            Email = a.Profile.Email,
            Gender = DirectoryRules.GenderName(a.Profile.Gender),
            EmployeeNumber = a.Profile.EmployeeNumber,
            Avatar = a.Profile.Avatar,
            Signature = a.Profile.Signature,
            Version = (ulong)a.Version,
        };
        foreach ((string key, string value) in a.Attributes)
        {
            wire.Attributes[key] = value;
        }

        foreach (Membership m in a.Memberships)
        {
            wire.Memberships.Add(new DirectoryMembership { DepartmentId = (ulong)m.DepartmentId, Primary = m.IsPrimary, Title = m.Title, Order = m.Order });
        }

        return wire;
    }

    public static DirectoryRemoval Removal(Tombstone t) => new()
    {
        Kind = t.Kind == ChangeKind.Department ? DirectoryEntityKind.DirectoryEntityDepartment : DirectoryEntityKind.DirectoryEntityAccount,
        Id = (ulong)t.Id,
        Deleted = !t.Hidden,
        Account = t.Name ?? string.Empty,
        DisplayName = t.DisplayName ?? string.Empty,
        Version = (ulong)t.Version,
    };

    public static Transport.Contracts.DirectorySettings Settings(Directory.DirectorySettings s)
    {
        var wire = new Transport.Contracts.DirectorySettings { Version = (ulong)s.Version };
        foreach ((string field, bool editable) in s.EditableFields)
        {
            wire.EditableFields[field] = editable;
        }

        foreach (AttributeDefinition a in s.Attributes)
        {
            wire.Attributes.Add(new DirectoryAttributeDefinition { Key = a.Key, Label = a.Label, UserEditable = a.UserEditable, Order = a.Order });
        }

        return wire;
    }

    public static DirectorySyncResponse SyncResponse(DirectoryChanges c)
    {
        var wire = new DirectorySyncResponse
        {
            NextVersion = (ulong)c.NextVersion,
            More = c.More,
            Reset = c.Reset,
            ViewFingerprint = c.ViewFingerprint,
            Settings = c.Settings is null ? null : Settings(c.Settings),
        };
        wire.Departments.AddRange(c.Departments.Select(Department));
        wire.Accounts.AddRange(c.Accounts.Select(Account));
        wire.Removals.AddRange(c.Tombstones.Select(Removal));
        return wire;
    }

    /// <summary>A server id from the wire: 1..long.MaxValue, or a bad_request naming the field.</summary>
    public static long Id(ulong value, string field) =>
        value is > 0 and <= long.MaxValue ? (long)value : FerryException.Throw<long>(ErrorCode.BadRequest, $"{field}: {value} is not a valid id");

    /// <summary>Ids from the wire: each valid, none twice, at most <paramref name="max"/>.</summary>
    public static List<long> Ids(IReadOnlyList<ulong> values, string field, int max)
    {
        if (values.Count > max)
        {
            FerryException.Throw(ErrorCode.BadRequest, $"{field}: at most {max} ids ({values.Count} given)");
        }

        var ids = new List<long>(values.Count);
        var seen = new HashSet<long>();
        foreach (ulong value in values)
        {
            long id = Id(value, field);
            if (!seen.Add(id))
            {
                FerryException.Throw(ErrorCode.BadRequest, $"{field}: {id} is listed twice");
            }

            ids.Add(id);
        }

        return ids;
    }
}
