using Ferry.Appliance.Security;

namespace Ferry.Appliance.Tests.Security;

public sealed class PasswordHasherTests
{
    private const int Iterations = 1000;

    [Fact]
    public void The_right_password_verifies_and_a_wrong_one_does_not()
    {
        string hash = PasswordHasher.Hash("correct horse", Iterations);

        Assert.True(PasswordHasher.Verify("correct horse", hash));
        Assert.False(PasswordHasher.Verify("correct horsE", hash));
        Assert.False(PasswordHasher.Verify("", hash));
    }

    [Fact]
    public void Generated_passwords_are_hashed_at_the_minimum_and_still_verify()
    {
        Assert.Equal(PasswordHasher.MinimumIterations, PasswordHasher.GeneratedPasswordIterations(PasswordHasher.DefaultIterations));
        Assert.Equal(PasswordHasher.MinimumIterations, PasswordHasher.GeneratedPasswordIterations(PasswordHasher.MinimumIterations));
        string generated = PasswordHasher.GeneratePassword();
        string stored = PasswordHasher.Hash(generated, PasswordHasher.GeneratedPasswordIterations(PasswordHasher.DefaultIterations));
        Assert.Equal("1000", stored.Split('$')[1]);
        Assert.True(PasswordHasher.Verify(generated, stored));
        Assert.False(PasswordHasher.Verify(generated + "x", stored));
    }

    [Fact]
    public void The_stored_form_carries_scheme_iterations_salt_and_digest()
    {
        string[] parts = PasswordHasher.Hash("correct horse", 1234).Split('$');

        Assert.Equal(4, parts.Length);
        Assert.Equal("pbkdf2-sha256", parts[0]);
        Assert.Equal("1234", parts[1]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
    }

    [Fact]
    public void The_iteration_count_of_each_hash_is_used_to_verify_it()
    {
        string cheap = PasswordHasher.Hash("correct horse", Iterations);
        string dearer = PasswordHasher.Hash("correct horse", Iterations * 2);

        Assert.True(PasswordHasher.Verify("correct horse", cheap));
        Assert.True(PasswordHasher.Verify("correct horse", dearer));
        Assert.False(PasswordHasher.Verify("correct horse", cheap.Replace("$1000$", "$1001$", StringComparison.Ordinal)));
    }

    [Fact]
    public void Each_hash_has_its_own_salt()
    {
        string[] hashes = Enumerable.Range(0, 20).Select(_ => PasswordHasher.Hash("same password", Iterations)).ToArray();

        Assert.Equal(20, hashes.Select(h => h.Split('$')[2]).Distinct().Count());
        Assert.Equal(20, hashes.Select(h => h.Split('$')[3]).Distinct().Count());
        Assert.All(hashes, h => Assert.True(PasswordHasher.Verify("same password", h)));
    }

    [Fact]
    public void A_tampered_digest_or_salt_fails()
    {
        string hash = PasswordHasher.Hash("correct horse", Iterations);
        string[] parts = hash.Split('$');
        byte[] digest = Convert.FromBase64String(parts[3]);
        digest[0] ^= 1;
        byte[] salt = Convert.FromBase64String(parts[2]);
        salt[^1] ^= 0x80;

        Assert.False(PasswordHasher.Verify("correct horse", string.Join('$', parts[0], parts[1], parts[2], Convert.ToBase64String(digest))));
        Assert.False(PasswordHasher.Verify("correct horse", string.Join('$', parts[0], parts[1], Convert.ToBase64String(salt), parts[3])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plaintext")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==")]
    [InlineData("pbkdf2-sha1$1000$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$0$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$-5$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$many$c2FsdHNhbHRzYWx0c2FsdA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$not base64!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$c2FsdHNhbHRzYWx0c2FsdA==$***")]
    public void A_malformed_stored_hash_verifies_nothing(string stored)
    {
        Assert.False(PasswordHasher.Verify("correct horse", stored));
    }

    [Fact]
    public void A_stored_hash_with_its_digest_cut_off_verifies_nothing()
    {
        string[] parts = PasswordHasher.Hash("correct horse", Iterations).Split('$');

        // An empty digest would equal an empty derivation of any password.
        Assert.False(PasswordHasher.Verify("any password at all", string.Join('$', parts[0], parts[1], parts[2], "")));
        Assert.False(PasswordHasher.Verify("any password at all", string.Join('$', parts[0], parts[1], "", parts[3])));
    }

    [Fact]
    public void Generated_passwords_are_long_unambiguous_and_different()
    {
        string[] passwords = Enumerable.Range(0, 50).Select(_ => PasswordHasher.GeneratePassword()).ToArray();

        Assert.All(passwords, p =>
        {
            Assert.Equal(20, p.Length);
            Assert.DoesNotContain(p, c => "0O1lI".Contains(c, StringComparison.Ordinal));
        });
        Assert.Equal(50, passwords.Distinct().Count());
    }
}
