using Ferry.Appliance.Accounts;
using Ferry.Appliance.Connections;
using Ferry.Transport.Contracts;
using Ferry.Transport.Framing;

namespace Ferry.Appliance.Directory.Personal;

/// <summary>Framed-protocol adapter of personal directory data (frame types 50-57); authenticated connections only.</summary>
internal sealed class PersonalFrames(PersonalService personal, RequestRunner runner)
{
    public void Get(FramedConnection connection, uint requestId) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.PersonalDataResponse, personal.Get(Caller(connection))));

    public void SetFrequentDepartments(FramedConnection connection, uint requestId, SetFrequentDepartmentsRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.PersonalDataResponse, personal.SetFrequentDepartments(Caller(connection), request)));

    public void ChangeGroups(FramedConnection connection, uint requestId, ContactGroupRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.PersonalDataResponse, personal.ChangeGroups(Caller(connection), request)));

    public void Recent(FramedConnection connection, uint requestId, RecentContactsRequest request) =>
        runner.RunInline(connection, requestId, () => new Reply(FrameType.RecentContactsResponse, personal.Recent(Caller(connection), request)));

    private static Caller Caller(FramedConnection connection) => connection.Caller!.Value;
}
