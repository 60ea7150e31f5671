using System.Globalization;
using System.Text;
using System.Text.Json;
using Ferry.Appliance.Configuration;

namespace Ferry.Appliance.Enterprise;

/// <summary>The outcome of checking one proposed value: its stored text, or the problem with it.</summary>
internal readonly record struct SettingCheck(string? Stored, string? Problem)
{
    public static SettingCheck Valid(string stored) => new(stored, null);

    public static SettingCheck Invalid(string problem) => new(null, problem);
}

/// <summary>
/// One enterprise setting: its key (also its field name in the API), type, default and validator. Values are stored as
/// text in <c>enterprise_settings</c>; a row that is absent (or no longer parses) reads as the default.
/// Definitions are registered in <see cref="EnterpriseSettings.All"/>, the one list later issues extend.
/// </summary>
internal abstract class SettingDefinition(string key)
{
    public string Key { get; } = key;

    /// <summary>The API type name: text, flag or number.</summary>
    public abstract string TypeName { get; }

    /// <summary>Checks a value as it arrived in a JSON body (the PATCH of the admin API).</summary>
    public abstract SettingCheck CheckJson(JsonElement value);
}

/// <summary>A setting whose values are <typeparamref name="T"/>.</summary>
internal abstract class SettingDefinition<T>(string key, Func<FerryOptions, T> fallback) : SettingDefinition(key)
{
    public T Default(FerryOptions options) => fallback(options);

    /// <summary>Checks and normalises a proposed value; the stored text on success.</summary>
    public abstract SettingCheck Check(T value);

    /// <summary>Reads a stored value; false when it does not parse (then the default applies).</summary>
    public abstract bool TryRead(string stored, out T value);
}

/// <summary>Single-line text: trimmed, <c>min..max</c> characters (Unicode scalar values), no control characters.</summary>
internal sealed class TextSetting(string key, int minLength, int maxLength, Func<FerryOptions, string> fallback) : SettingDefinition<string>(key, fallback)
{
    public int MinLength { get; } = minLength;

    public int MaxLength { get; } = maxLength;

    public override string TypeName => "text";

    public override SettingCheck CheckJson(JsonElement value) => value.ValueKind == JsonValueKind.String
        ? Check(value.GetString()!)
        : SettingCheck.Invalid("must be a string");

    public override SettingCheck Check(string value)
    {
        string trimmed = value.Trim();
        foreach (char c in trimmed)
        {
            if (char.IsControl(c))
            {
                return SettingCheck.Invalid("must not contain control characters (line breaks, tabs …)");
            }
        }

        if (HasLoneSurrogate(trimmed))
        {
            return SettingCheck.Invalid("is not well-formed Unicode (a lone surrogate)");
        }

        int length = 0;
        foreach (Rune _ in trimmed.EnumerateRunes())
        {
            length++;
        }

        return length < MinLength || length > MaxLength
            ? SettingCheck.Invalid(MinLength == 1 && length == 0
                ? $"is required (1 to {MaxLength} characters)"
                : string.Create(CultureInfo.InvariantCulture, $"must be {MinLength} to {MaxLength} characters (got {length})"))
            : SettingCheck.Valid(trimmed);
    }

    public override bool TryRead(string stored, out string value)
    {
        value = stored;
        return true;
    }

    private static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A yes/no setting, stored as 0 or 1.</summary>
internal sealed class FlagSetting(string key, Func<FerryOptions, bool> fallback) : SettingDefinition<bool>(key, fallback)
{
    public override string TypeName => "flag";

    public override SettingCheck CheckJson(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => Check(true),
        JsonValueKind.False => Check(false),
        _ => SettingCheck.Invalid("must be true or false"),
    };

    public override SettingCheck Check(bool value) => SettingCheck.Valid(value ? "1" : "0");

    public override bool TryRead(string stored, out bool value)
    {
        value = stored == "1";
        return stored is "0" or "1";
    }
}

/// <summary>A whole number within <c>min..max</c>.</summary>
internal sealed class NumberSetting(string key, long min, long max, Func<FerryOptions, long> fallback) : SettingDefinition<long>(key, fallback)
{
    public override string TypeName => "number";

    public override SettingCheck CheckJson(JsonElement value) => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number)
        ? Check(number)
        : SettingCheck.Invalid(string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max}"));

    public override SettingCheck Check(long value) => value < min || value > max
        ? SettingCheck.Invalid(string.Create(CultureInfo.InvariantCulture, $"must be a whole number from {min} to {max}"))
        : SettingCheck.Valid(value.ToString(CultureInfo.InvariantCulture));

    public override bool TryRead(string stored, out long value) =>
        long.TryParse(stored, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
}
