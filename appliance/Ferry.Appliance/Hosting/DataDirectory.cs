using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Directory;
using Ferry.Appliance.Messaging;
using Ferry.Appliance.Security;
using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Hosting;

/// <summary>What the data directory holds, and how it is made the first time.</summary>
internal static class DataDirectory
{
    private const string InitialisedMarker = ".initialised";

    public static IReadOnlyList<ISchemaOwner> SchemaOwners { get; } = [new AccountSchema(), new MessagingSchema(), new DirectorySchema(), new Directory.Administration.AdminSchema(), new Directory.Ldap.LdapSchema(), new Directory.Visibility.VisibilitySchema(), new Enterprise.EnterpriseSchema(), new Directory.Personal.PersonalSchema()];

    public static bool IsInitialised(string directory) => File.Exists(Path.Combine(directory, InitialisedMarker));

    /// <summary>The outcome of init: shown to the administrator once, never logged.</summary>
    internal sealed record InitResult(string AdminPassword, string Fingerprint);

    /// <summary>
    /// Creates the directory, the TLS identity (unless the configuration points at the administrator's own files),
    /// the database, and the super administrator with a random password. Refuses an initialised directory.
    /// </summary>
    public static InitResult Initialise(FerryOptions options, TimeProvider clock)
    {
        string directory = options.DataDirectory;
        if (IsInitialised(directory))
        {
            throw new InvalidOperationException($"{directory} is already initialised");
        }

        System.IO.Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        string certificate = Path.Combine(directory, options.Tls.CertificateFile);
        string key = Path.Combine(directory, options.Tls.KeyFile);
        if (!File.Exists(certificate) && !File.Exists(key))
        {
            TlsCertificates.CreateSelfSigned(certificate, key);
        }

        WriteDefaultSettings(options);
        var database = new SqliteDatabase(options.DatabasePath);
        database.Initialise();
        SchemaMigrator.Apply(database, SchemaOwners, clock);

        string password = PasswordHasher.GeneratePassword();
        var accounts = new AccountService(new SqliteAccountStore(database), options, clock);
        accounts.Create(AccountService.SuperAdministrator, "Administrator", password, isAdmin: true);

        using var tls = new TlsIdentity(options);
        File.WriteAllText(Path.Combine(directory, InitialisedMarker), clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) + "\n");
        return new InitResult(password, tls.Fingerprint);
    }

    /// <summary>A starting <c>ferry.json</c> showing the main settings, so an administrator edits rather than guesses.</summary>
    private static void WriteDefaultSettings(FerryOptions options)
    {
        string path = Path.Combine(options.DataDirectory, FerryOptionsReader.FileName);
        if (File.Exists(path))
        {
            return;
        }

        using var stream = File.Create(path);
        using var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("Name", options.Name);
        json.WriteStartObject("Listen");
        json.WriteString("Address", options.Listen.Address);
        json.WriteNumber("DiscoveryPort", options.Listen.DiscoveryPort);
        json.WriteNumber("FramedPort", options.Listen.FramedPort);
        json.WriteNumber("HttpsPort", options.Listen.HttpsPort);
        json.WriteEndObject();
        json.WriteStartObject("Tls");
        json.WriteString("CertificateFile", options.Tls.CertificateFile);
        json.WriteString("KeyFile", options.Tls.KeyFile);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
