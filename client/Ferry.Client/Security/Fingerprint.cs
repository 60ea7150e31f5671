using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ferry.Client.Security;

/// <summary>
/// SHA-256 fingerprints of a leaf certificate's DER bytes. The canonical form is 64 lowercase hex digits;
/// input may be any case and may separate bytes with colons (as openssl prints them).
/// </summary>
public static class Fingerprint
{
    public const int HexLength = 64;

    public static string Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));
    }

    public static bool TryNormalize(string? text, out string fingerprint)
    {
        fingerprint = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        string trimmed = text.Trim();
        if (trimmed.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["sha256:".Length..];
        }

        Span<char> digits = stackalloc char[HexLength];
        int count = 0;
        foreach (char c in trimmed)
        {
            if (c == ':')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c) || count == HexLength)
            {
                return false;
            }

            digits[count++] = char.ToLowerInvariant(c);
        }

        if (count != HexLength)
        {
            return false;
        }

        fingerprint = new string(digits);
        return true;
    }

    public static string Normalize(string text) =>
        TryNormalize(text, out string fingerprint)
            ? fingerprint
            : throw new FormatException($"'{text}' is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
}
