namespace Ferry.Appliance.Enterprise;

/// <summary>The settings as stored: the version, the rows that were set, and the logo.</summary>
internal sealed record StoredEnterprise(long Version, IReadOnlyDictionary<string, string> Values, EnterpriseLogo? Logo);

/// <summary>
/// One accepted change, written in one transaction with the next version: the setting values (stored text) to
/// upsert, and the logo to put (<see cref="Logo"/>) or remove (<see cref="RemoveLogo"/>).
/// </summary>
internal sealed record EnterpriseWrite(IReadOnlyDictionary<string, string> Values, EnterpriseLogo? Logo, bool RemoveLogo, long AccountId, long AtMs);

/// <summary>Storage seam of the enterprise settings (SQLite today).</summary>
internal interface IEnterpriseStore
{
    StoredEnterprise Load();

    /// <summary>Applies the write and returns the new version.</summary>
    long Write(EnterpriseWrite write);
}
