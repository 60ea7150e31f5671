using Microsoft.Data.Sqlite;

namespace Ferry.Appliance.Storage;

/// <summary>Shorthand for parameterised commands: parameters are named $p0, $p1 … in order.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, string sql, params object?[] parameters)
    {
        SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        for (int i = 0; i < parameters.Length; i++)
        {
            command.Parameters.AddWithValue("$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), parameters[i] ?? DBNull.Value);
        }

        return command;
    }
}
