namespace Engine.LoadGen.Running;

/// <summary>What <see cref="OpenLoopPacer"/> drives: one connection's sending side of an open-loop run.</summary>
internal interface IOpenLoopSender
{
    /// <summary>Pacer thread: sends (or queues for <see cref="SendFlush"/>) a request due at <paramref name="intended"/>.</summary>
    /// <param name="intended">Its intended send time.</param>
    /// <param name="stop">Ends a wait for a free slot.</param>
    void SendEnqueue(long intended, CancellationToken stop);

    /// <summary>Pacer thread: writes what was queued.</summary>
    void SendFlush();

    /// <summary>Pacer thread: nothing more will be sent; the receiving side ends once every answer is in.</summary>
    void SendEndMarker();
}
