using Ferry.Appliance.Accounts;
using Ferry.Appliance.Configuration;
using Ferry.Appliance.Messaging;
using Ferry.Transport;
using Ferry.Transport.Contracts;
using Ferry.Transport.Errors;
using Ferry.Transport.Framing;

namespace Ferry.Appliance.Connections;

/// <summary>
/// Routes each frame by connection state and type to its capability's handler. Payloads are decoded here,
/// synchronously, because the frame's bytes belong to the read buffer and are gone once the reader advances.
/// </summary>
internal sealed class FrameDispatcher(
    SessionFrames sessions, MessagingFrames messaging, Directory.ClientApi.DirectoryFrames directory, Directory.Personal.PersonalFrames personal,
    RequestRunner runner, Enterprise.EnterpriseService enterprise, FerryOptions options, TimeProvider clock)
{
    public ValueTask DispatchAsync(FramedConnection connection, Frame frame)
    {
        if (connection.State == ConnectionState.Handshake)
        {
            if (frame.Type != FrameType.Hello)
            {
                throw new FrameProtocolException(ErrorCode.HandshakeRequired, "the first frame must be Hello");
            }

            Handshake(connection, frame.RequestId, Parse(connection, frame, Hello.Parser));
            return ValueTask.CompletedTask;
        }

        switch (frame.Type)
        {
            case FrameType.Ping:
                connection.Send(FrameType.Pong, frame.RequestId, null);
                return ValueTask.CompletedTask;
            case FrameType.Pong:
                return ValueTask.CompletedTask;
            case FrameType.Error:
                // A client reporting a problem with our frames: nothing to answer; it closes if it must.
                return ValueTask.CompletedTask;
            case FrameType.LoginRequest:
                return sessions.LoginAsync(connection, frame.RequestId, Parse(connection, frame, LoginRequest.Parser));
            case FrameType.ResumeRequest:
                sessions.Resume(connection, frame.RequestId, Parse(connection, frame, ResumeRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.Hello:
                throw new FrameProtocolException(ErrorCode.BadFrame, "Hello may only be sent once");
        }

        if (connection.State != ConnectionState.Authenticated)
        {
            if (!IsClientRequest(frame.Type))
            {
                throw new FrameProtocolException(ErrorCode.UnknownFrameType, $"frame type {(ushort)frame.Type} is not a client request");
            }

            runner.Fail(connection, frame.RequestId, new FerryException(ErrorCode.Unauthenticated, "log in or resume first"));
            return ValueTask.CompletedTask;
        }

        switch (frame.Type)
        {
            case FrameType.SendRequest:
                return messaging.SendAsync(connection, frame.RequestId, Parse(connection, frame, SendRequest.Parser));
            case FrameType.SyncRequest:
                messaging.Sync(connection, frame.RequestId, Parse(connection, frame, SyncRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.PullRequest:
                messaging.Pull(connection, frame.RequestId, Parse(connection, frame, PullRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.MarkReadRequest:
                return messaging.MarkReadAsync(connection, frame.RequestId, Parse(connection, frame, MarkReadRequest.Parser));
            case FrameType.OpenDirectRequest:
                return messaging.OpenDirectAsync(connection, frame.RequestId, Parse(connection, frame, OpenDirectRequest.Parser));
            case FrameType.LogoutRequest:
                sessions.Logout(connection, frame.RequestId);
                return ValueTask.CompletedTask;
            case FrameType.DirectorySyncRequest:
                directory.Sync(connection, frame.RequestId, Parse(connection, frame, DirectorySyncRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.ProfileLookupRequest:
                directory.Lookup(connection, frame.RequestId, Parse(connection, frame, ProfileLookupRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.DirectorySearchRequest:
                directory.Search(connection, frame.RequestId, Parse(connection, frame, DirectorySearchRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.OwnProfileRequest:
                Parse(connection, frame, OwnProfileRequest.Parser);
                directory.GetOwn(connection, frame.RequestId);
                return ValueTask.CompletedTask;
            case FrameType.UpdateOwnProfileRequest:
                directory.UpdateOwn(connection, frame.RequestId, Parse(connection, frame, UpdateOwnProfileRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.PersonalDataRequest:
                Parse(connection, frame, PersonalDataRequest.Parser);
                personal.Get(connection, frame.RequestId);
                return ValueTask.CompletedTask;
            case FrameType.SetFrequentDepartmentsRequest:
                personal.SetFrequentDepartments(connection, frame.RequestId, Parse(connection, frame, SetFrequentDepartmentsRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.ContactGroupRequest:
                personal.ChangeGroups(connection, frame.RequestId, Parse(connection, frame, ContactGroupRequest.Parser));
                return ValueTask.CompletedTask;
            case FrameType.RecentContactsRequest:
                personal.Recent(connection, frame.RequestId, Parse(connection, frame, RecentContactsRequest.Parser));
                return ValueTask.CompletedTask;
            default:
                throw new FrameProtocolException(ErrorCode.UnknownFrameType, $"frame type {(ushort)frame.Type} is not a client request");
        }
    }

    private static bool IsClientRequest(FrameType type) => type is FrameType.SendRequest or FrameType.SyncRequest or FrameType.PullRequest
        or FrameType.MarkReadRequest or FrameType.OpenDirectRequest or FrameType.LogoutRequest
        or FrameType.DirectorySyncRequest or FrameType.ProfileLookupRequest or FrameType.DirectorySearchRequest or FrameType.OwnProfileRequest
        or FrameType.UpdateOwnProfileRequest or FrameType.PersonalDataRequest or FrameType.SetFrequentDepartmentsRequest
        or FrameType.ContactGroupRequest or FrameType.RecentContactsRequest;

    private void Handshake(FramedConnection connection, uint requestId, Hello hello)
    {
        if (hello.ProtocolVersion < 1)
        {
            throw new FrameProtocolException(ErrorCode.UnsupportedVersion, $"protocol version {hello.ProtocolVersion} is not supported; this server speaks 1 to {ProtocolDefaults.Version}");
        }

        bool brotli = (hello.Compression & (uint)CompressionAlgorithm.CompressionBrotli) != 0;
        int maxPayload = options.Connections.MaxFramePayload;
        connection.MaxInboundPayload = maxPayload;
        connection.Encoding = new FrameEncoding(maxPayload, brotli, FrameCompression.DefaultThreshold);
        connection.State = ConnectionState.Unauthenticated;
        connection.ClientName = hello.ClientName;
        Enterprise.EnterpriseSnapshot current = enterprise.Current;
        connection.Send(FrameType.HelloAck, requestId, new HelloAck
        {
            ProtocolVersion = Math.Min(hello.ProtocolVersion, ProtocolDefaults.Version),
            ServerName = current.Name,
            LogoSha256 = current.Logo?.Sha256 ?? string.Empty,
            MaxFrameSize = (uint)maxPayload,
            HeartbeatSeconds = (uint)options.Connections.HeartbeatSeconds,
            IdleTimeoutSeconds = (uint)options.Connections.IdleTimeoutSeconds,
            Compression = brotli ? (uint)CompressionAlgorithm.CompressionBrotli : 0,
            CompressionThreshold = FrameCompression.DefaultThreshold,
            ServerTimeMs = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
    }

    private static T Parse<T>(FramedConnection connection, in Frame frame, Google.Protobuf.MessageParser<T> parser)
        where T : Google.Protobuf.IMessage<T> => FramePayload.Parse(frame, parser, connection.MaxInboundPayload);
}
