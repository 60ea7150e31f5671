using Ferry.Appliance.Configuration;
using Ferry.Appliance.Hosting;
using Ferry.Appliance.Security;
using Ferry.Appliance.Storage;
using Microsoft.AspNetCore.Builder;

namespace Ferry.Appliance.Commands;

/// <summary><c>ferryd run</c>: migrate the schema, then serve until SIGTERM/SIGINT.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(FerryOptions options, bool initIfMissing)
    {
        if (!DataDirectory.IsInitialised(options.DataDirectory))
        {
            if (!initIfMissing)
            {
                await Console.Error.WriteLineAsync($"ferryd: {options.DataDirectory} is not initialised; run 'ferryd init --data {options.DataDirectory}' first (or pass --init)").ConfigureAwait(false);
                return 2;
            }

            InitCommand.Run(options, json: false);
        }

        if (options.Sessions.PasswordIterations < PasswordHasher.DefaultIterations)
        {
            await Console.Error.WriteLineAsync($"ferryd: warning: Sessions:PasswordIterations is {options.Sessions.PasswordIterations}, below {PasswordHasher.DefaultIterations}: acceptable for load tests only").ConfigureAwait(false);
        }

        var database = new SqliteDatabase(options.DatabasePath);
        database.Initialise();
        SchemaMigrator.Apply(database, DataDirectory.SchemaOwners, TimeProvider.System);

        await using WebApplication app = ApplianceHost.Build(options);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }
}
