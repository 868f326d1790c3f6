using System.Buffers;
using Engine.Runtime.Evaluation;

namespace Engine.Protocol;

/// <summary>
/// Reads responses on the generator's hot path without allocating: frames are delimited by the
/// protocol's <see cref="FrameReader"/>, and only the fields a load test checks are decoded (status,
/// decision, the fail-closed invariant). An Error frame, rare by nature, is decoded in full by
/// <see cref="ResponseReader"/> for its message.
/// </summary>
public static class ResponseScanner
{
    /// <summary>Reads one response at <paramref name="offset"/>.</summary>
    /// <param name="buffer">The receive buffer.</param>
    /// <param name="offset">Where the unread bytes start.</param>
    /// <param name="count">How many bytes are unread.</param>
    /// <param name="response">The response, when one was read.</param>
    /// <param name="frameSize">The bytes it took, when one was read.</param>
    /// <param name="errorMessage">For an Error frame, the server's message; else null.</param>
    /// <returns>False when more bytes are needed.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a valid response.</exception>
    public static bool TryRead(byte[] buffer, int offset, int count, out ScannedResponse response, out int frameSize, out string? errorMessage)
    {
        response = default;
        frameSize = 0;
        errorMessage = null;

        // One array segment, so FrameReader slices the body out of it and never needs a scratch copy.
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, offset, count));
        FrameReadResult result = FrameReader.TryReadFrame(ref reader, ProtocolLimits.Default, Span<byte>.Empty, out FrameHeader header, out ReadOnlySpan<byte> body);
        switch (result.Outcome)
        {
            case FrameReadOutcome.NeedMoreData:
                return false;
            case FrameReadOutcome.Invalid:
                throw new InvalidDataException($"invalid response frame ({result.Error})");
        }

        frameSize = (int)reader.Consumed;
        switch (header.Type)
        {
            case FrameType.Decision:
                if (body.Length < ProtocolConstants.DecisionFixedBodySize)
                {
                    throw new InvalidDataException("truncated decision");
                }

                var status = (ResponseStatus)body[0];
                var decision = (Decision)body[1];
                if (status > ResponseStatus.NotReady || decision > Decision.ExplicitDeny)
                {
                    throw new InvalidDataException($"unknown status `{body[0]}` or decision `{body[1]}`");
                }

                // INVARIANT (fail-closed): a failed query never comes back as Allow or ExplicitDeny.
                if (status != ResponseStatus.Ok && decision != Decision.ImplicitDeny)
                {
                    throw new InvalidDataException($"status `{status}` with decision `{decision}` breaks fail-closed");
                }

                response = new ScannedResponse(FrameType.Decision, header.RequestId, status, decision, Closing: false);
                return true;
            case FrameType.Error:
                var full = new SequenceReader<byte>(new ReadOnlySequence<byte>(buffer, offset, frameSize));
                ResponseReader.TryReadResponse(ref full, ProtocolLimits.Default, out ServerResponse? decoded);
                var error = (ErrorResponse)decoded!;
                errorMessage = error.Message;
                response = new ScannedResponse(FrameType.Error, error.RequestId, error.Status, Decision.ImplicitDeny, error.Closing);
                return true;
            case FrameType.Pong or FrameType.Stats:
                response = new ScannedResponse(header.Type, header.RequestId, ResponseStatus.Ok, Decision.ImplicitDeny, Closing: false);
                return true;
            default:
                throw new InvalidDataException($"unexpected frame type `{header.Type}` from the server");
        }
    }
}
