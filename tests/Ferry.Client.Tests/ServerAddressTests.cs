using Ferry.Client.Discovery;

namespace Ferry.Client.Tests;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("ferry.example.com", "ferry.example.com", 7080)]
    [InlineData("ferry.example.com:9000", "ferry.example.com", 9000)]
    [InlineData("127.0.0.1:17080", "127.0.0.1", 17080)]
    [InlineData("[::1]:7081", "::1", 7081)]
    [InlineData("[::1]", "::1", 7080)]
    [InlineData("::1", "::1", 7080)]
    [InlineData(" localhost ", "localhost", 7080)]
    public void Parses_host_and_optional_port(string text, string host, int port)
    {
        Assert.Equal(new ServerAddress(host, port), ServerAddress.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:70000")]
    [InlineData("host:http")]
    [InlineData("[::1")]
    [InlineData("[::1]x")]
    [InlineData(":7080")]
    [InlineData("http://host")]
    public void Rejects_malformed_addresses(string text)
    {
        Assert.False(ServerAddress.TryParse(text, 7080, out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Formats_ipv6_in_brackets_for_keys_and_uris()
    {
        Assert.Equal("[::1]:7006", ServerAddress.Format("::1", 7006));
        Assert.Equal("127.0.0.1:7006", ServerAddress.Format("127.0.0.1", 7006));
        Assert.Equal("[::1]:7080", ServerAddress.Parse("[::1]").ToString());
    }
}
