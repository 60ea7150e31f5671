using System.Globalization;
using System.Security.Cryptography;

namespace Ferry.Appliance.Security;

/// <summary>
/// PBKDF2-SHA256 password hashes, stored as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64).
/// The iteration count travels with each hash, so raising the default later re-hashes nobody and breaks nothing.
/// </summary>
internal static class PasswordHasher
{
    /// <summary>OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>Lower counts are accepted only for load-test data directories; start-up warns about them.</summary>
    public const int MinimumIterations = 1_000;

    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    public static string Hash(string password, int iterations)
    {
        byte[] salt = RandomNumberGenerator.GetBytes(SaltBytes);
        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string stored)
    {
        string[] parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int iterations) || iterations < 1)
        {
            return false;
        }

        // A damaged record verifies nothing: not base64 would throw, and a cut-off (empty) digest would compare equal
        // to an equally short derivation of any password.
        byte[] salt = new byte[parts[2].Length];
        byte[] expected = new byte[parts[3].Length];
        if (!Convert.TryFromBase64String(parts[2], salt, out int saltLength) || saltLength == 0
            || !Convert.TryFromBase64String(parts[3], expected, out int hashLength) || hashLength < HashBytes)
        {
            return false;
        }

        salt = salt[..saltLength];
        expected = expected[..hashLength];
        byte[] actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>
    /// The iterations for a password made by <see cref="GeneratePassword"/>: the minimum (or the configured count when
    /// lower). Stretching protects guessable human passwords; a random ~119-bit one cannot be guessed at any cost per
    /// try, so full stretching would only make a 100,000-account import hash for ~1.8 hours on two cores (13 s at this
    /// count). Users choose their own password later, which is hashed at the configured count.
    /// </summary>
    public static int GeneratedPasswordIterations(int configured) => Math.Min(configured, MinimumIterations);

    /// <summary>A random password for generated accounts (the initial admin, imports): 20 characters, ~119 bits.</summary>
    public static string GeneratePassword()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(alphabet, 20);
    }
}
