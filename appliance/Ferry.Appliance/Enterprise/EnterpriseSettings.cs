using Ferry.Appliance.Configuration;

namespace Ferry.Appliance.Enterprise;

/// <summary>
/// The one registry of enterprise settings. A later issue adds a setting here (key, type, default, validator); the
/// PATCH endpoint, validation, storage, versioning and the cached snapshot then handle it with no other change.
/// </summary>
internal static class EnterpriseSettings
{
    public const int MaxNameLength = 64;

    /// <summary>The enterprise name shown to clients (login screen, HelloAck, discovery); the configured Name until set.</summary>
    public static TextSetting Name { get; } = new("name", 1, MaxNameLength, options => options.Name);

    public static IReadOnlyList<SettingDefinition> All { get; } = [Name];

    public static SettingDefinition? Find(string key)
    {
        foreach (SettingDefinition definition in All)
        {
            if (string.Equals(definition.Key, key, StringComparison.Ordinal))
            {
                return definition;
            }
        }

        return null;
    }
}
