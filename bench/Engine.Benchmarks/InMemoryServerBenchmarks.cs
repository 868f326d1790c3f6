using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using BenchmarkDotNet.Attributes;
using Engine.Compiler.Cases;
using Engine.Host.Reload;
using Engine.Host.Server;
using Engine.Protocol;

namespace Engine.Benchmarks;

/// <summary>
/// The host's own cost, apart from the kernel's: frames written into an in-memory pipe, read by a
/// real server connection (parse → pooled request → compiled decision → response frame), and the
/// responses read back. One operation is one request; a batch of <see cref="Pipeline"/> requests is
/// written and flushed at once, as a pipelining client does.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet's [GlobalCleanup] disposes the server.")]
public class InMemoryServerBenchmarks
{
    private DecisionServer _server = null!;
    private Pipe _toServer = null!;
    private Pipe _toClient = null!;
    private Task _connection = null!;
    private byte[] _batch = null!;

    /// <summary>Requests written per flush.</summary>
    [Params(1, 64)]
    public int Pipeline { get; set; } = 64;

    [GlobalSetup]
    public void Setup()
    {
        // The default bundle (examples/bundles/default, next to the binary): the MFA policy for alice and bob.
        _server = new DecisionServer(new PolicySourceHolder(BundleReload.Load([BundleReload.DefaultDirectory], deriveContext: false)), new ServerOptions());
        _toServer = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _toClient = new Pipe(new PipeOptions(pauseWriterThreshold: 0, useSynchronizationContext: false));
        _connection = _server.ServeInMemory(new DuplexPipe(_toServer.Reader, _toClient.Writer));

        // The seed vectors for alice and bob (the default server's principals), cycled into one batch.
        DecisionCase[] cases = [.. BenchmarkData.SeedCases().Where(c => c.Query.Principal is "arn:aws:iam::111122223333:user/alice" or "arn:aws:iam::111122223333:user/bob")];
        var writer = new ArrayBufferWriter<byte>();
        for (int i = 0; i < Pipeline; i++)
        {
            var q = cases[i % cases.Length].Query;
            FrameWriter.WriteQuery(writer, (ulong)i, q.Principal, q.Action, q.Resource, q.ResourceAccount,
                [.. q.Context.Select(e => QueryContextEntry.Create(e.Key, e.Values, e.IsMultivalued))]);
        }

        _batch = writer.WrittenSpan.ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _toServer.Writer.Complete();
        _connection.GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<int> FrameToDecisionToFrame()
    {
        await _toServer.Writer.WriteAsync(_batch).ConfigureAwait(false);
        int responses = 0;
        while (responses < Pipeline)
        {
            ReadResult result = await _toClient.Reader.ReadAsync().ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            responses += CountFrames(ref buffer);
            _toClient.Reader.AdvanceTo(buffer.Start, result.Buffer.End);
        }

        return responses;
    }

    // Skips whole response frames by their length prefix; leaves `buffer` at the first partial one.
    private static int CountFrames(ref ReadOnlySequence<byte> buffer)
    {
        int frames = 0;
        Span<byte> prefix = stackalloc byte[4];
        while (buffer.Length >= 4)
        {
            buffer.Slice(0, 4).CopyTo(prefix);
            long size = 4 + BinaryPrimitives.ReadUInt32LittleEndian(prefix);
            if (buffer.Length < size)
            {
                break;
            }

            buffer = buffer.Slice(size);
            frames++;
        }

        return frames;
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
