using Ferry.Appliance.Connections;

namespace Ferry.Appliance.Tests.Connections;

/// <summary>How the administrators' list shows what clients sent about themselves.</summary>
public sealed class OnlineAccountsTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("ferry-cli/1.0", "ferry-cli/1.0")]
    [InlineData("evil\r\nname\t1", "evil\uFFFD\uFFFDname\uFFFD1")]
    public void Client_names_are_shown_without_control_characters(string? sent, string shown)
    {
        Assert.Equal(shown, OnlineAccounts.CleanClientName(sent));
    }

    [Fact]
    public void Long_client_names_are_cut_to_64_characters_without_splitting_a_pair()
    {
        Assert.Equal(new string('a', 64), OnlineAccounts.CleanClientName(new string('a', 4000)));

        // A surrogate pair across the cut is dropped whole, never left half.
        string name = new string('a', 63) + "🚢" + "tail";
        Assert.Equal(new string('a', 63), OnlineAccounts.CleanClientName(name));
    }

    [Theory]
    [InlineData(0, "unknown")]
    [InlineData(1, "pc")]
    [InlineData(2, "mobile")]
    [InlineData(3, "web")]
    [InlineData(99, "unknown")]
    public void Device_types_have_their_api_names(int type, string name)
    {
        Assert.Equal(name, OnlineAccounts.DeviceTypeName(type));
    }
}
