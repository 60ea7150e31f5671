using Ferry.Appliance.Configuration;

namespace Ferry.Appliance.Tests.Support;

internal static class TestOptions
{
    /// <summary>Production defaults except a cheap KDF, so tests that hash passwords stay fast.</summary>
    public static FerryOptions For(string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        Sessions = new SessionOptions { PasswordIterations = 1000 },
    };
}
