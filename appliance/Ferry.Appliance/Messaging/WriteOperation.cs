using Ferry.Transport.Errors;

namespace Ferry.Appliance.Messaging;

/// <summary>
/// A unit of work for <see cref="MessageWriter"/>. <see cref="Apply"/> runs inside the batch transaction and must
/// validate before writing (throw <see cref="FerryException"/> to reject without side effects); exactly one of
/// <see cref="Complete"/> (after a durable commit) or <see cref="Reject"/> runs afterwards, on the writer thread,
/// so both must be quick and never block.
/// </summary>
internal abstract class WriteOperation
{
    private bool _rejected;

    public abstract void Apply(WriterContext context);

    public void Complete()
    {
        if (!_rejected)
        {
            OnCommitted();
        }
    }

    public void Reject(FerryException error)
    {
        if (_rejected)
        {
            return;
        }

        _rejected = true;
        OnRejected(error);
    }

    protected abstract void OnCommitted();

    protected abstract void OnRejected(FerryException error);
}
