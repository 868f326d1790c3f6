using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;

namespace Engine.Benchmarks;

/// <summary>
/// One decision, reference (baseline) against compiled, per workload. Each compiled operation
/// fills a pooled request from the case's strings and evaluates it, as an embedder does per call;
/// <c>CompiledEvaluateOnly</c> evaluates an already filled request. Requests rotate through the
/// workload's queries; the figure is the mean per decision.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DecisionBenchmarks
{
    private PolicySet _policies = null!;
    private AuthorizationQuery[] _queries = null!;
    private CompiledPolicySet _compiled = null!;
    private AuthorizationRequest[] _filled = null!;
    private int _next;

    /// <summary>The workload.</summary>
    [Params("seed-mfa", "10-largest-managed", "generated-10x1", "generated-1x100", "generated-1x1000", "generated-10x50")]
    public string Workload { get; set; } = "seed-mfa";

    [GlobalSetup]
    public void Setup()
    {
        switch (Workload)
        {
            case "seed-mfa":
                DecisionCase[] seed = BenchmarkData.SeedCases();
                _policies = seed[0].Policies!;
                _queries = [.. seed.Select(c => c.Query)];
                break;
            case "10-largest-managed":
                ImmutableArray<PolicyDocument> largest = BenchmarkData.TenLargestManagedPolicies();
                _policies = new PolicySet(largest, null, [], [], null, null);
                _queries = BenchmarkData.QueriesFor(largest, 64);
                break;
            default:
                string[] shape = Workload["generated-".Length..].Split('x');
                ImmutableArray<PolicyDocument> generated = BenchmarkData.Generated(int.Parse(shape[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(shape[1], System.Globalization.CultureInfo.InvariantCulture));
                _policies = new PolicySet(generated, null, [], [], null, null);
                _queries = BenchmarkData.QueriesFor(generated, 64);
                break;
        }

        _compiled = PolicySetCompiler.Compile(_policies);
        _filled = BenchmarkData.FilledAsAskedAgain(_queries);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("decision")]
    public Decision Reference()
    {
        AuthorizationQuery query = _queries[Next()];
        return ReferenceEvaluator.Evaluate(_policies, query).Decision;
    }

    [Benchmark]
    [BenchmarkCategory("decision")]
    public Decision Compiled()
    {
        AuthorizationQuery query = _queries[Next()];
        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        QueryRequests.Fill(request, query);
        Decision decision = _compiled.Evaluate(request).Decision;
        AuthorizationRequestPool.Return(request);
        return decision;
    }

    [Benchmark]
    [BenchmarkCategory("decision")]
    public Decision CompiledEvaluateOnly() => _compiled.Evaluate(_filled[Next()]).Decision;

    private int Next()
    {
        int i = _next;
        _next = i + 1 == _queries.Length ? 0 : i + 1;
        return i;
    }
}
