namespace Engine.Protocol.Client;

// The in-flight slots: created on first use up to MaxInFlight, then reused from a free stack. The
// semaphore counts free slots, so RentSlot always finds one.
public sealed partial class EngineClient
{
    private readonly Lock _slotLock = new();
    private readonly PendingRequest?[] _slots;
    private readonly Stack<PendingRequest> _free;
    private int _created;

    /// <summary>Claims the slot waiting for <paramref name="requestId"/> (the receive loop's lookup).</summary>
    internal bool TryClaim(ulong requestId, out PendingRequest? slot)
    {
        uint index = (uint)requestId;
        PendingRequest?[] slots = _slots;

        // (uint) compare: the index comes from the network.
        if (index < (uint)slots.Length && Volatile.Read(ref slots[index]) is { } candidate && candidate.TryClaim(requestId))
        {
            slot = candidate;
            return true;
        }

        slot = null;
        return false;
    }

    /// <summary>Fails every request waiting on <paramref name="connection"/>.</summary>
    internal void FailInFlight(ClientConnection connection, Exception reason)
    {
        int created = Volatile.Read(ref _created);
        for (int i = 0; i < created; i++)
        {
            Volatile.Read(ref _slots[i])?.TryFail(connection, reason);
        }
    }

    internal void ReturnSlot(PendingRequest slot)
    {
        lock (_slotLock)
        {
            _free.Push(slot);
        }

        _inFlight.Release();
    }

    // The caller holds one count of _inFlight.
    private PendingRequest RentSlot()
    {
        lock (_slotLock)
        {
            if (_free.TryPop(out PendingRequest? slot))
            {
                return slot;
            }

            slot = new PendingRequest(this, _created);
            Volatile.Write(ref _slots[_created], slot);
            Volatile.Write(ref _created, _created + 1);
            return slot;
        }
    }
}
