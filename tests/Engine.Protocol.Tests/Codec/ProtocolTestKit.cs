using System.Buffers;

namespace Engine.Protocol.Tests.Codec;

/// <summary>Shared helpers: encode a query to bytes, read frames from sequences.</summary>
internal static class ProtocolTestKit
{
    public static readonly QueryContextEntry[] SampleContext =
    [
        QueryContextEntry.SingleValue("aws:username", "alice"),
        QueryContextEntry.Multivalued("aws:TagKeys", "team", "cost-center"),
        QueryContextEntry.Multivalued("aws:CalledVia"),
        QueryContextEntry.Multivalued("aws:SourceVpc", "vpc-1"),
    ];

    public static byte[] SampleQuery(ulong requestId = 42) => EncodeQuery(
        requestId,
        "arn:aws:iam::111122223333:user/alice",
        "iam:CreateVirtualMFADevice",
        "arn:aws:iam::111122223333:mfa/alice",
        "111122223333",
        SampleContext);

    public static byte[] EncodeQuery(
        ulong requestId,
        string principal,
        string action,
        string resource,
        string? resourceAccount,
        IReadOnlyList<QueryContextEntry> context)
    {
        var buffer = new ArrayBufferWriter<byte>();
        FrameWriter.WriteQuery(buffer, requestId, principal, action, resource, resourceAccount, context);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>What one read of a sequence produced, with the body copied out.</summary>
    public sealed record ReadOutcome(FrameReadResult Result, FrameHeader Header, byte[] Body, long Consumed);

    public static ReadOutcome ReadFrame(ReadOnlySequence<byte> sequence, ProtocolLimits? limits = null)
    {
        ProtocolLimits effective = limits ?? ProtocolLimits.Default;
        byte[] scratch = new byte[effective.MaxFrameSize];
        var reader = new SequenceReader<byte>(sequence);
        FrameReadResult result = FrameReader.TryReadFrame(ref reader, effective, scratch, out FrameHeader header, out ReadOnlySpan<byte> body);
        return new ReadOutcome(result, header, body.ToArray(), reader.Consumed);
    }

    public static ReadOutcome ReadFrame(byte[] bytes, ProtocolLimits? limits = null) =>
        ReadFrame(new ReadOnlySequence<byte>(bytes), limits);

    /// <summary>Reads a frame and parses it as a query; throws when either step fails.</summary>
    public static QuerySnapshot ParseQuery(ReadOnlySequence<byte> sequence)
    {
        ReadOutcome read = ReadFrame(sequence);
        Assert.Equal(FrameReadResult.Frame, read.Result);
        Assert.Equal(sequence.Length, read.Consumed);
        Assert.True(QueryFrame.TryParse(read.Header, read.Body, ProtocolLimits.Default, out QueryFrame frame, out ResponseStatus error));
        Assert.Equal(ResponseStatus.Ok, error);
        return QuerySnapshot.Of(frame);
    }

    /// <summary>Reads the header then parses the body as a query; returns the status.</summary>
    public static ResponseStatus TryParseQuery(byte[] bytes, ProtocolLimits? limits = null)
    {
        ProtocolLimits effective = limits ?? ProtocolLimits.Default;
        ReadOutcome read = ReadFrame(bytes, effective);
        if (read.Result.Outcome != FrameReadOutcome.Frame)
        {
            return read.Result.Error;
        }

        QueryFrame.TryParse(read.Header, read.Body, effective, out _, out ResponseStatus error);
        return error;
    }

    public static ServerResponse ReadResponse(byte[] bytes)
    {
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(bytes));
        Assert.True(ResponseReader.TryReadResponse(ref reader, ProtocolLimits.Default, out ServerResponse? response));
        Assert.Equal(bytes.Length, reader.Consumed);
        return response!;
    }

    public static byte[] FromHex(string hex) =>
        Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));
}
