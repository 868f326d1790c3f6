using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;

namespace Engine.Protocol.Client;

public sealed partial class EngineClient
{
    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        Exception? failure = null;
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync(_closing.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                SequencePosition consumed = buffer.Start;
                bool closing;
                try
                {
                    closing = Dispatch(buffer, out consumed);
                }
                finally
                {
                    _input.AdvanceTo(consumed, buffer.End);
                }

                if (closing || result.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            failure = e;
        }
        finally
        {
            await _input.CompleteAsync().ConfigureAwait(false);
            FailAll(failure);
        }
    }

    // Completes the callers of every whole response in the buffer; returns true when the server
    // said it is closing the connection.
    private bool Dispatch(in ReadOnlySequence<byte> buffer, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        try
        {
            while (ResponseReader.TryReadResponse(ref reader, Limits, out ServerResponse? response))
            {
                if (response is ErrorResponse { Closing: true } or ErrorResponse { RequestId: 0 })
                {
                    if (_pending.TryGetValue(response.RequestId, out TaskCompletionSource<ServerResponse>? failed))
                    {
                        failed.TrySetResult(response);
                    }

                    return true;
                }

                if (_pending.TryGetValue(response!.RequestId, out TaskCompletionSource<ServerResponse>? caller))
                {
                    caller.TrySetResult(response);
                }
            }

            return false;
        }
        finally
        {
            consumed = reader.Position;
        }
    }

    private void FailAll(Exception? cause)
    {
        foreach (KeyValuePair<ulong, TaskCompletionSource<ServerResponse>> entry in _pending)
        {
            entry.Value.TrySetException(new IOException("the connection to the engine server closed before the answer came", cause));
        }
    }
}
