using Ferry.Client.Security;

namespace Ferry.Client.Tests;

public sealed class FingerprintTests
{
    private const string Canonical = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData(Canonical)]
    [InlineData("0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("01:23:45:67:89:AB:CD:EF:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef")]
    [InlineData("  sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef ")]
    public void Normalizes_case_colons_and_prefix(string input)
    {
        Assert.True(Fingerprint.TryNormalize(input, out string normalized));
        Assert.Equal(Canonical, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("0123")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef00")]
    [InlineData("g123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef 0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Rejects_anything_but_64_hex_digits(string? input)
    {
        Assert.False(Fingerprint.TryNormalize(input, out _));
        Assert.Throws<FormatException>(() => Fingerprint.Normalize(input ?? string.Empty));
    }
}
