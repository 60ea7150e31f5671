using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Messaging;
using Ferry.Appliance.Security;
using Ferry.Appliance.Storage;

namespace Ferry.Appliance.Hosting;

/// <summary>What the data directory holds, and how it is made the first time.</summary>
internal static class DataDirectory
{
    private const string InitialisedMarker = ".initialised";

    public static IReadOnlyList<ISchemaOwner> SchemaOwners { get; } = [new AccountSchema(), new MessagingSchema()];

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

        Directory.CreateDirectory(directory);
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
}
