using System.Globalization;
using System.Text.RegularExpressions;
using Ferry.Transport.Errors;

namespace Ferry.Appliance.Directory;

/// <summary>
/// Collects every problem of a request, each naming its field, and throws them together as one bad request:
/// an administrator fixing a form sees all of it at once.
/// </summary>
internal sealed class FieldErrors
{
    private readonly List<string> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>Each problem as "field: problem", for callers that report per item (the importer's rows).</summary>
    public IReadOnlyList<string> Items => _errors;

    public void Add(string field, string problem) => _errors.Add($"{field}: {problem}");

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            FerryException.Throw(ErrorCode.BadRequest, string.Join("; ", _errors));
        }
    }
}

/// <summary>The formats of directory fields. Each returns the normalised value (trimmed) or null when absent.</summary>
internal static partial class DirectoryRules
{
    public const int MaxNameLength = 100;
    public const int MaxTitleLength = 100;
    public const int MaxPhoneLength = 40;
    public const int MaxEmailLength = 254;
    public const int MaxEmployeeNumberLength = 64;
    public const int MaxAvatarLength = 1024;
    public const int MaxSignatureLength = 200;
    public const int MaxAttributeValueLength = 500;
    public const int MaxAttributes = 200;
    public const int MaxMemberships = 50;

    public static readonly IReadOnlyList<string> GenderNames = ["unspecified", "male", "female"];

    /// <summary>Single-line text: trimmed, no control characters, at most <paramref name="max"/> characters.</summary>
    public static string? Text(string? value, string field, int max, FieldErrors errors, bool required = false)
    {
        if (value is null)
        {
            return null;
        }

        value = value.Trim();
        if (required && value.Length == 0)
        {
            errors.Add(field, "must not be empty");
        }
        else if (value.Length > max)
        {
            errors.Add(field, $"must be at most {max} characters");
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(field, "must not contain control characters or line breaks");
        }

        return value;
    }

    public static string? Phone(string? value, string field, FieldErrors errors)
    {
        value = Text(value, field, MaxPhoneLength, errors);
        if (!string.IsNullOrEmpty(value) && !PhonePattern().IsMatch(value))
        {
            errors.Add(field, "must be a phone number: digits, optionally a leading '+', spaces, '-', '.', parentheses and an extension after '#', ',' or 'x'");
        }

        return value;
    }

    public static string? Email(string? value, FieldErrors errors)
    {
        value = Text(value, ProfileFields.Email, MaxEmailLength, errors);
        if (!string.IsNullOrEmpty(value) && !EmailPattern().IsMatch(value))
        {
            errors.Add(ProfileFields.Email, "must be an address like name@example.com");
        }

        return value;
    }

    public static string? Avatar(string? value, FieldErrors errors)
    {
        value = Text(value, ProfileFields.Avatar, MaxAvatarLength, errors);
        if (!string.IsNullOrEmpty(value) && value.Any(char.IsWhiteSpace))
        {
            errors.Add(ProfileFields.Avatar, "must be a URL or file reference without spaces");
        }

        return value;
    }

    public static string? Gender(string? value, FieldErrors errors)
    {
        if (value is null)
        {
            return null;
        }

        string normalised = value.Trim().ToLowerInvariant();
        if (normalised.Length == 0)
        {
            return GenderNames[0];
        }

        if (!GenderNames.Contains(normalised))
        {
            errors.Add(ProfileFields.Gender, $"must be one of {string.Join(", ", GenderNames)}");
        }

        return normalised;
    }

    public static string GenderName(Gender gender) => GenderNames[(int)gender];

    public static Gender ParseGender(string name) => (Gender)GenderNames.ToList().IndexOf(name);

    public static string? AttributeKey(string? key, string field, FieldErrors errors)
    {
        if (key is null || !AttributeKeyPattern().IsMatch(key))
        {
            errors.Add(field, "must be 1 to 32 characters: lower-case letters, digits or '_', starting with a letter");
            return null;
        }

        if (ProfileFields.Standard.Any(f => string.Equals(f, key, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(field, $"'{key}' is a standard profile field");
            return null;
        }

        return key;
    }

    public static void NotNegative(long? value, string field, FieldErrors errors)
    {
        if (value < 0)
        {
            errors.Add(field, "must not be negative");
        }
    }

    public static string Index(string list, int index, string field) => string.Create(CultureInfo.InvariantCulture, $"{list}[{index}].{field}");

    [GeneratedRegex(@"^\+?[0-9(][0-9 ()\-.]{0,30}(?:[#,x][0-9]{1,8})?$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^@\s]{1,64}@[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeKeyPattern();
}
