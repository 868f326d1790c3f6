using System.Buffers;
using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.Fuzz.Targets;

/// <summary>
/// The wire decoder (Engine.Protocol's frame reader and Query parser): frames are read from the
/// input as the server reads a connection's bytes, split in two segments at a point the first
/// byte chooses (so the multi-segment path runs too). A Query that parses is decided against the
/// example bundle as the server does; every frame the decoder rejects is answered through the
/// same writer with the server's status — asked to write Allow — and the answer read back must be
/// a non-Ok ImplicitDeny: a rejected frame is never an Allow.
/// </summary>
internal sealed class WireFrameTarget : IFuzzTarget
{
    private static readonly byte[] s_scratch = new byte[ProtocolLimits.Default.MaxFrameSize];
    private static readonly ArrayBufferWriter<byte> s_answer = new();
    private static readonly AuthorizationRequest s_request = new();

    public string Name => "wire";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        byte[] bytes = input[1..].ToArray();
        int split = bytes.Length == 0 ? 0 : input[0] % (bytes.Length + 1);
        var reader = new SequenceReader<byte>(TwoSegments.Create(bytes, split));
        ProtocolLimits limits = ProtocolLimits.Default;
        while (true)
        {
            long before = reader.Consumed;
            FrameReadResult result = FrameReader.TryReadFrame(ref reader, limits, s_scratch, out FrameHeader header, out ReadOnlySpan<byte> body);
            if (result.Outcome == FrameReadOutcome.NeedMoreData)
            {
                return;
            }

            if (result.Outcome == FrameReadOutcome.Invalid)
            {
                AnswerRejected(header.RequestId, result.Error);
                if (result.CloseConnection)
                {
                    return;
                }

                if (reader.Consumed == before)
                {
                    throw new OracleViolationException("an invalid frame was neither skipped nor closing: the connection would loop");
                }

                continue;
            }

            if (header.Type == FrameType.Query)
            {
                Answer(header, body, limits);
            }
        }
    }

    public IEnumerable<FuzzSeed> Seeds(string repository) => WireSeeds.Create(repository);

    private static void Answer(in FrameHeader header, ReadOnlySpan<byte> body, in ProtocolLimits limits)
    {
        if (!QueryFrame.TryParse(header, body, limits, out QueryFrame query, out ResponseStatus error))
        {
            if (error == ResponseStatus.Ok)
            {
                throw new OracleViolationException("a Query was rejected with status Ok");
            }

            AnswerRejected(header.RequestId, error);
            return;
        }

        AuthorizationRequest request = s_request;
        request.Reset();
        query.FillRequest(request);

        if (ExampleBundle.Value.TryResolve(request.Principal, request.Resource, request.ResourceAccount, out CompiledPolicySet? set))
        {
            EvaluationResult result = set.Evaluate(request);
            if (result.Status != EvaluationStatus.Ok && result.Decision == Decision.Allow)
            {
                throw new OracleViolationException($"evaluation failed ({result.Status}) but decided Allow");
            }
        }
    }

    // What the server writes for a rejected frame, given the worst decision a bug could pass.
    private static void AnswerRejected(ulong requestId, ResponseStatus status)
    {
        if (status == ResponseStatus.Ok)
        {
            throw new OracleViolationException("a frame was rejected with status Ok");
        }

        s_answer.Clear();
        FrameWriter.WriteDecision(s_answer, requestId, status, Decision.Allow, null, 1);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(s_answer.WrittenMemory));
        if (!ResponseReader.TryReadResponse(ref reader, ProtocolLimits.Default, out ServerResponse? response)
            || response is not DecisionResponse decision
            || decision.Status == ResponseStatus.Ok
            || decision.Decision != Decision.ImplicitDeny)
        {
            throw new OracleViolationException($"the answer to a frame rejected with {status} is not a fail-closed Decision");
        }
    }
}
