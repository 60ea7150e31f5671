namespace Ferry.Appliance.Hosting;

/// <summary>Whether /healthz says ready: after every listener is bound and until shutdown begins.</summary>
internal sealed class ReadinessGate
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;

    public void MarkStopping() => _ready = false;
}
