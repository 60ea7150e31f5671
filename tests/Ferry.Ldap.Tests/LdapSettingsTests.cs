namespace Ferry.Ldap.Tests;

public sealed class LdapSettingsTests
{
    private static readonly LdapSettings Good = new()
    {
        Host = "dc1.corp.example",
        BaseDn = "DC=corp,DC=example",
        BindDn = "CN=ferry,OU=Services,DC=corp,DC=example",
        BindPassword = "p@ss",
        Attributes = LdapAttributeMap.ActiveDirectory,
    };

    private static string[] Fields(LdapSettings settings) => settings.Validate().Select(e => e.Field).ToArray();

    [Fact]
    public void Good_settings_have_no_errors()
    {
        Assert.Empty(Good.Validate());
        Assert.Equal(636, Good.EffectivePort);
        Assert.Equal(389, (Good with { Security = LdapSecurity.StartTls }).EffectivePort);
        Assert.Equal(LdapSettings.DefaultPageSize, Good.PageSize);
        Assert.Empty((Good with { Security = LdapSecurity.Plain, Host = "127.0.0.1", Port = 3890 }).Validate());
    }

    [Fact]
    public void Every_bad_field_is_named()
    {
        var bad = new LdapSettings
        {
            Host = "ldap://dc1:389",
            Port = 70000,
            BindDn = "not a dn",
            BindPassword = "x",
            BaseDn = string.Empty,
            UserFilter = "objectClass=person",
            OrganizationalUnitFilter = "(&(objectClass=organizationalUnit)",
            PageSize = 1001,
            SyncInterval = TimeSpan.FromSeconds(10),
            MaxFreezeShare = 1.5,
            RequestTimeout = TimeSpan.Zero,
            Attributes = new LdapAttributeMap { Account = string.Empty, Mail = "bad attr", Mobile = "cn" },
        };

        string[] fields = Fields(bad);
        Assert.Equal(
            ["host", "port", "bindDn", "baseDn", "userFilter", "organizationalUnitFilter", "attributes.account", "attributes.mail", "attributes.mobile", "pageSize", "syncInterval", "maxFreezeShare", "requestTimeout"],
            fields);
        Assert.Contains(bad.Validate(), e => e.Field == "pageSize" && e.Problem.Contains("1000", StringComparison.Ordinal));
        Assert.Contains(bad.Validate(), e => e.Field == "attributes.mobile" && e.Problem.Contains("already mapped to attributes.displayName", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_ldap_is_refused_off_loopback()
    {
        Assert.Equal(["security"], Fields(Good with { Security = LdapSecurity.Plain }));
    }

    [Fact]
    public void A_bind_dn_needs_a_password_and_a_password_needs_a_dn()
    {
        Assert.Equal(["bindPassword"], Fields(Good with { BindPassword = string.Empty }));
        Assert.Equal(["bindDn"], Fields(Good with { BindDn = string.Empty }));
        Assert.Empty((Good with { BindDn = string.Empty, BindPassword = string.Empty }).Validate()); // anonymous
    }

    [Fact]
    public void Extra_attributes_need_valid_unique_keys()
    {
        var extra = new Dictionary<string, string> { ["department"] = "cost_centre", ["division"] = "Cost Centre", ["company"] = "cost_centre", ["mail"] = "mail2" };
        string[] fields = Fields(Good with { Attributes = LdapAttributeMap.ActiveDirectory with { Extra = extra } });
        Assert.Equal(["attributes.extra.division", "attributes.extra.company", "attributes.extra.mail"], fields);
    }

    [Fact]
    public void The_password_is_never_printed()
    {
        string text = Good.ToString();
        Assert.DoesNotContain("p@ss", text, StringComparison.Ordinal);
        Assert.Contains("BindPassword = ***", text, StringComparison.Ordinal);
        Assert.Contains("dc1.corp.example", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Throw_if_invalid_lists_all_fields_as_a_bad_request()
    {
        var error = Assert.Throws<Ferry.Transport.Errors.FerryException>(() => (Good with { Host = string.Empty, PageSize = 0 }).ThrowIfInvalid());
        Assert.Equal(Ferry.Transport.Errors.ErrorCode.BadRequest, error.Code);
        Assert.Contains("host: is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("pageSize:", error.Message, StringComparison.Ordinal);
    }
}

public sealed class LdapNameTests
{
    [Theory]
    [InlineData("OU=Sales, DC=Corp,DC=Example", "ou=sales,dc=corp,dc=example")]
    [InlineData("ou=R\\2CD,dc=x", "ou=r\\2cd,dc=x")]
    [InlineData("cn=a\\,b , dc=x", "cn=a\\,b,dc=x")]
    public void Dns_normalise(string dn, string normalised) => Assert.Equal(normalised, LdapDn.Normalize(dn));

    [Fact]
    public void Dn_parts()
    {
        Assert.Equal("ou=Sales,dc=x", LdapDn.Parent("uid=a,ou=Sales,dc=x"));
        Assert.Null(LdapDn.Parent("dc=x"));
        Assert.Equal("R,D", LdapDn.FirstValue("ou=R\\2CD,dc=x"));
        Assert.Equal("a,b", LdapDn.FirstValue("cn=a\\,b,dc=x"));
        Assert.Equal("华东", LdapDn.FirstValue("ou=\\E5\\8D\\8E\\E4\\B8\\9C,dc=x"));
        Assert.True(LdapDn.IsWithin("uid=a,OU=Sales,dc=x", "ou=sales, dc=x"));
        Assert.False(LdapDn.IsWithin("uid=a,ou=Sales2,dc=x", "ou=Sales,dc=x"));
        Assert.False(LdapDn.IsValid("no equals sign"));
    }

    [Fact]
    public void Filter_values_are_escaped() =>
        Assert.Equal("a\\2a\\28b\\29\\5c", LdapFilter.Escape("a*(b)\\"));
}
