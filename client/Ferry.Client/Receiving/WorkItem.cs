using Ferry.Transport.Contracts;

namespace Ferry.Client.Receiving;

/// <summary>Work for the sync worker, in arrival order: a pushed notice, or (Notice null) "sync now" after a (re)connect.</summary>
internal readonly record struct WorkItem(ChangeNotice? Notice)
{
    public static WorkItem Sync => default;
}
