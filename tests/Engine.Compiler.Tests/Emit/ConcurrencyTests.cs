using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Compiler.Tests.Emit;

/// <summary>One compiled set, many threads: each thread with its own request gets the single-threaded answers.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void Many_threads_share_one_compiled_set()
    {
        DecisionCase[] cases = [.. CaseCorpus.All.Cases.Where(c => c.Name.StartsWith("mfa-self-service/", StringComparison.Ordinal))];
        CompiledPolicySet set = PolicySetCompiler.Compile(cases[0].Policies!);
        var single = new AuthorizationRequest();
        Decision[] expected = [.. cases.Select(c =>
        {
            QueryRequests.Fill(single, c.Query);
            return set.Evaluate(single).Decision;
        })];
        Assert.Contains(Decision.Allow, expected);
        Assert.Contains(Decision.ExplicitDeny, expected);

        int wrong = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            AuthorizationRequest request = AuthorizationRequestPool.Rent();
            for (int round = 0; round < 2_000; round++)
            {
                int i = (round + worker) % cases.Length;
                QueryRequests.Fill(request, cases[i].Query);
                if (set.Evaluate(request).Decision != expected[i])
                {
                    Interlocked.Increment(ref wrong);
                }
            }

            AuthorizationRequestPool.Return(request);
        });

        Assert.Equal(0, wrong);
    }
}
