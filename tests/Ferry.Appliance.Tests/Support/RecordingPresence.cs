using System.Collections.Concurrent;
using Ferry.Appliance.Messaging;
using Ferry.Transport.Contracts;

namespace Ferry.Appliance.Tests.Support;

/// <summary>Records every notice messaging pushes, instead of writing it to connections.</summary>
internal sealed class RecordingPresence : IDevicePresence
{
    private readonly ConcurrentQueue<(long AccountId, ChangeNotice Notice, long ExceptConnectionId)> _pushes = new();

    public IReadOnlyList<(long AccountId, ChangeNotice Notice, long ExceptConnectionId)> Pushes => [.. _pushes];

    public void Push(long accountId, ChangeNotice notice, long exceptConnectionId) => _pushes.Enqueue((accountId, notice, exceptConnectionId));
}
