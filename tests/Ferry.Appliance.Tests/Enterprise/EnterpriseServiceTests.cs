using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Directory.Administration;
using Ferry.Appliance.Enterprise;
using Ferry.Appliance.Tests.Support;
using Ferry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Appliance.Tests.Enterprise;

/// <summary>The settings service on a real SQLite file: defaults, validated versioned writes, the cached snapshot.</summary>
public sealed class EnterpriseServiceTests : IDisposable
{
    private static readonly Caller Super = new(1, AccountService.SuperAdministrator, "test", 0, IsAdmin: true);
    private static readonly Caller Plain = new(2, "plain", "test", 0, IsAdmin: false);
    private readonly TempDatabase _temp = TempDatabase.Create();
    private readonly FerryOptions _options;

    public EnterpriseServiceTests()
    {
        _options = TestOptions.For(_temp.Directory) with { Name = "Configured" };
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Until_set_the_name_is_the_configured_one_and_there_is_no_logo()
    {
        EnterpriseSnapshot current = Service().Current;
        Assert.Equal(("Configured", 0L, (EnterpriseLogo?)null, (string?)null), (current.Name, current.Version, current.Logo, current.LogoUrl));
        Assert.False(current.IsSet(EnterpriseSettings.Name));
    }

    [Fact]
    public void Writes_are_versioned_and_replace_the_cached_snapshot()
    {
        EnterpriseService service = Service();
        EnterpriseSnapshot before = service.Current;

        EnterpriseSnapshot renamed = service.Update(Super, new SettingsChange().Set(EnterpriseSettings.Name, "  Acme  "));
        Assert.Equal(("Acme", 1L), (renamed.Name, renamed.Version));
        Assert.Same(renamed, service.Current);
        Assert.Equal("Configured", before.Name);

        EnterpriseSnapshot withLogo = service.SetLogo(Super, TestImages.Png, "image/png");
        Assert.Equal(2, withLogo.Version);
        Assert.Equal("/api/v1/enterprise/logo?v=" + withLogo.Logo!.Sha256, withLogo.LogoUrl);

        // The same value again is no change: no new version, no write.
        Assert.Equal(2, service.Update(Super, new SettingsChange().Set(EnterpriseSettings.Name, "Acme")).Version);
        Assert.Equal(2, service.SetLogo(Super, TestImages.Png, "image/png").Version);

        EnterpriseSnapshot removed = service.RemoveLogo(Super);
        Assert.Equal((3L, (EnterpriseLogo?)null), (removed.Version, removed.Logo));
        Assert.Equal(3, service.RemoveLogo(Super).Version);

        // Another process on the same file (a restart) reads the same state.
        EnterpriseSnapshot reread = Service(_temp.Reopen()).Current;
        Assert.Equal(("Acme", 3L, (EnterpriseLogo?)null), (reread.Name, reread.Version, reread.Logo));
        Assert.Equal(3, _temp.Scalar("SELECT version FROM enterprise_version"));
        Assert.Equal(1, _temp.Scalar("SELECT version FROM enterprise_settings WHERE key = 'name'"));
    }

    [Fact]
    public void A_bad_value_writes_nothing_and_names_every_problem()
    {
        EnterpriseService service = Service();
        service.Update(Super, new SettingsChange().Set(EnterpriseSettings.Name, "Acme"));

        using var body = System.Text.Json.JsonDocument.Parse("""{"name": "", "logoColour": "red"}""");
        FerryException error = FerryAssert.Fails(ErrorCode.BadRequest, () => service.Update(Super, SettingsChange.FromJson(body.RootElement)));
        Assert.Contains("name: is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("logoColour: is not an enterprise setting", error.Message, StringComparison.Ordinal);

        FerryException logo = FerryAssert.Fails(ErrorCode.BadRequest, () => service.SetLogo(Super, TestImages.Gif, "image/png"));
        Assert.StartsWith("logo: ", logo.Message, StringComparison.Ordinal);

        Assert.Equal(("Acme", 1L), (service.Current.Name, service.Current.Version));
        Assert.Equal(1, _temp.Scalar("SELECT version FROM enterprise_version"));
        Assert.Equal(0, _temp.Scalar("SELECT count(*) FROM enterprise_logo"));
    }

    [Fact]
    public void Only_administrators_read_or_write()
    {
        EnterpriseService service = Service();
        FerryAssert.Fails(ErrorCode.Forbidden, () => service.Read(Plain));
        FerryAssert.Fails(ErrorCode.Forbidden, () => service.Update(Plain, new SettingsChange().Set(EnterpriseSettings.Name, "Mine")));
        FerryAssert.Fails(ErrorCode.Forbidden, () => service.SetLogo(Plain, TestImages.Png, "image/png"));
        FerryAssert.Fails(ErrorCode.Forbidden, () => service.RemoveLogo(Plain));
        Assert.Equal(0, _temp.Scalar("SELECT version FROM enterprise_version"));
    }

    private EnterpriseService Service(Ferry.Appliance.Storage.SqliteDatabase? database = null)
    {
        database ??= _temp.Database;
        var access = new AdminAccess(new SqliteAdminStore(database), new SqliteDirectoryStore(database));
        return new EnterpriseService(new SqliteEnterpriseStore(database), access, _options, TimeProvider.System, NullLogger<EnterpriseService>.Instance);
    }
}
