using Ferry.Appliance.Configuration;
using Ferry.Appliance.Connections;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;

namespace Ferry.Appliance.Accounts;

/// <summary>Framed-protocol adapter of sessions: login, resume, logout.</summary>
internal sealed class SessionFrames(SessionService sessions, ConnectionRegistry registry, RequestRunner runner, FerryOptions options, TimeProvider clock)
{
    public ValueTask LoginAsync(FramedConnection connection, uint requestId, LoginRequest request) =>
        runner.StartAsync(connection, requestId, async () =>
        {
            try
            {
                SessionGrant grant = await sessions.LoginAsync(request.Account, request.Password, request.DeviceId, (int)request.DeviceType, connection.Closed).ConfigureAwait(false);
                return Authenticated(connection, grant);
            }
            catch (FerryException ex) when (ex.Code == ErrorCode.BadCredentials && ++connection.FailedLogins >= options.Connections.MaxFailedLoginsPerConnection)
            {
                connection.SendError(requestId, new FerryException(ErrorCode.RateLimited, "too many failed logins on this connection"), fatal: true);
                throw;
            }
        });

    public void Resume(FramedConnection connection, uint requestId, ResumeRequest request) =>
        runner.RunInline(connection, requestId, () => Authenticated(connection, sessions.Resume(request.SessionToken, request.DeviceId)));

    public void Logout(FramedConnection connection, uint requestId) =>
        runner.RunInline(connection, requestId, () =>
        {
            if (connection.SessionToken is { } token)
            {
                sessions.Logout(token);
            }

            if (connection.Caller is { } caller)
            {
                registry.SetOffline(caller.AccountId, connection);
            }

            connection.Caller = null;
            connection.SessionToken = null;
            connection.State = ConnectionState.Unauthenticated;
            return new Reply(FrameType.Ok, new Ok());
        });

    private Reply Authenticated(FramedConnection connection, SessionGrant grant)
    {
        if (connection.Caller is { } previous)
        {
            registry.SetOffline(previous.AccountId, connection);
        }

        Account account = grant.Account;
        connection.Caller = new Caller(account.Id, account.Name, grant.DeviceId, connection.Id, account.IsAdmin);
        connection.SessionToken = grant.Token;
        connection.DeviceType = grant.DeviceType;
        connection.LoggedInAtMs = clock.GetUtcNow().ToUnixTimeMilliseconds();
        connection.State = ConnectionState.Authenticated;
        registry.SetOnline(account.Id, connection);
        return new Reply(FrameType.LoginResponse, new LoginResponse
        {
            SessionToken = grant.Token,
            AccountId = (ulong)account.Id,
            Account = account.Name,
            DisplayName = account.DisplayName,
            ExpiresAtMs = grant.ExpiresMs,
            IsAdmin = account.IsAdmin,
        });
    }
}
