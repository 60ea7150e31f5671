using Ferry.Appliance.Configuration;

namespace Ferry.Appliance.Enterprise;

/// <summary>
/// One immutable state of the enterprise settings, read from one database snapshot. Readers (every HelloAck, the
/// public endpoints) take the cached instance without a lock or an allocation; a write replaces it.
/// </summary>
internal sealed class EnterpriseSnapshot
{
    private readonly IReadOnlyDictionary<string, string> _stored;
    private readonly FerryOptions _options;

    public EnterpriseSnapshot(StoredEnterprise stored, FerryOptions options)
    {
        _stored = stored.Values;
        _options = options;
        Version = stored.Version;
        Logo = stored.Logo;
        Name = Get(EnterpriseSettings.Name);
        LogoUrl = Logo is null ? null : "/api/v1/enterprise/logo?v=" + Logo.Sha256;
    }

    public long Version { get; }

    /// <summary>The enterprise name (read once per snapshot: the handshake reads it on every connection).</summary>
    public string Name { get; }

    public EnterpriseLogo? Logo { get; }

    /// <summary>Where clients fetch the logo; the hash in the query makes the URL change with the image.</summary>
    public string? LogoUrl { get; }

    /// <summary>The value of a setting: its stored value, or the default when unset (or unreadable).</summary>
    public T Get<T>(SettingDefinition<T> definition) =>
        _stored.TryGetValue(definition.Key, out string? stored) && definition.TryRead(stored, out T value) ? value : definition.Default(_options);

    /// <summary>Whether a setting has a stored value (as opposed to reading its default).</summary>
    public bool IsSet(SettingDefinition definition) => _stored.ContainsKey(definition.Key);

    /// <summary>The stored text of a setting, or null when unset.</summary>
    public string? Stored(SettingDefinition definition) => _stored.GetValueOrDefault(definition.Key);
}
