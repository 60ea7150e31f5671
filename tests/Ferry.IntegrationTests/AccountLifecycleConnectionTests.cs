using Ferry.Testing;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;
using Xunit;

namespace Ferry.IntegrationTests;

/// <summary>Freezing or deleting an account ends its live connections at once; others stay connected.</summary>
public sealed class AccountLifecycleConnectionTests(SharedServer shared) : IClassFixture<SharedServer>
{
    [Theory]
    [InlineData("freeze", "POST")]
    [InlineData("delete", "DELETE")]
    public async Task Frozen_or_deleted_accounts_are_disconnected_and_cannot_come_back(string action, string method)
    {
        TwoUsers users = shared.Users;
        string name = $"leaver-{action}";
        long id = await users.Admin.CreateAccountAsync(name, "leaver-password-1");
        (RawFramedClient leaver, LoginResponse session) = await RawFramedClient.ConnectAndLoginAsync(
            "127.0.0.1", users.Server.FramedPort, users.Server.Fingerprint, name, "leaver-password-1", "desk");
        (RawFramedClient bob, _) = await users.ConnectAsync("bob", $"stays-{action}");
        await using (leaver)
        await using (bob)
        {
            string path = action == "freeze" ? $"/api/v1/admin/directory/accounts/{id}/freeze" : $"/api/v1/admin/directory/accounts/{id}";
            using HttpResponseMessage response = await users.Admin.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode}");

            Error error = await ProtocolAbuseTests.FinalError(leaver);
            Assert.Equal((uint)ErrorCode.AccountDisabled, error.Code);
            Assert.Equal(FrameType.Pong, (await bob.SendRequestAsync(FrameType.Ping, null)).Type);

            // Neither the old session nor the password gets it back in.
            await using RawFramedClient again = await RawFramedClient.ConnectAsync("127.0.0.1", users.Server.FramedPort, users.Server.Fingerprint);
            await again.HelloAsync();
            var resume = await Assert.ThrowsAsync<FerryException>(() => again.RequestAsync(
                FrameType.ResumeRequest, new ResumeRequest { SessionToken = session.SessionToken, DeviceId = "desk" }, LoginResponse.Parser));
            Assert.Contains(resume.Code, new[] { ErrorCode.AccountDisabled, ErrorCode.SessionExpired });
        }
    }
}
