using System.Text.Json;

namespace Ferry.Appliance.Enterprise;

/// <summary>
/// Proposed values for some settings, each already checked by its definition. Nothing is written from here:
/// <see cref="EnterpriseService.Update"/> refuses the whole change if any item has a problem.
/// </summary>
internal sealed class SettingsChange
{
    private readonly List<Item> _items = [];

    public IReadOnlyList<Item> Items => _items;

    public SettingsChange Set<T>(SettingDefinition<T> definition, T value)
    {
        _items.Add(new Item(definition.Key, definition, definition.Check(value)));
        return this;
    }

    /// <summary>A JSON object of setting keys and values (the PATCH body); unknown keys and wrong types are items with problems.</summary>
    public static SettingsChange FromJson(JsonElement body)
    {
        var change = new SettingsChange();
        if (body.ValueKind != JsonValueKind.Object)
        {
            change._items.Add(new Item("body", null, SettingCheck.Invalid("must be a JSON object of settings")));
            return change;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in body.EnumerateObject())
        {
            SettingDefinition? definition = EnterpriseSettings.Find(property.Name);
            SettingCheck check = definition is null ? SettingCheck.Invalid("is not an enterprise setting")
                : !seen.Add(property.Name) ? SettingCheck.Invalid("is given twice")
                : property.Value.ValueKind == JsonValueKind.Null ? SettingCheck.Invalid("must not be null")
                : definition.CheckJson(property.Value);
            change._items.Add(new Item(property.Name, definition, check));
        }

        return change;
    }

    internal sealed record Item(string Field, SettingDefinition? Definition, SettingCheck Check);
}
