using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Engine.Compiler;
using Engine.Compiler.Emit;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;

namespace Engine.Benchmarks;

/// <summary>
/// The growth curve of issue #15: one compiled decision with fill on sets of 10 to 20,000
/// statements in the generated and the overlap shape (<see cref="GrowthShapes"/>), with the
/// decision plan and with the plain scan (<see cref="CompiledPolicySet.DisableDecisionPlanSwitch"/>)
/// in the same run. <c>-- growth-counts</c> prints how many statements select and apply per request.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class GrowthBenchmarks
{
    private AuthorizationQuery[] _queries = null!;
    private CompiledPolicySet _compiled = null!;
    private CompiledPolicySet _scanned = null!;
    private int _next;

    /// <summary>The shape: <c>generated</c> or <c>overlap</c>.</summary>
    [Params("generated", "overlap")]
    public string Shape { get; set; } = "overlap";

    /// <summary>The number of statements in the set.</summary>
    [Params(10, 100, 1_000, 5_000, 20_000)]
    public int Statements { get; set; } = 10;

    [GlobalSetup]
    public void Setup()
    {
        (PolicySet policies, _queries) = GrowthShapes.Build(Shape, Statements);
        _compiled = PolicySetCompiler.Compile(policies);
        AppContext.SetSwitch(CompiledPolicySet.DisableDecisionPlanSwitch, true);
        _scanned = PolicySetCompiler.Compile(policies);
        AppContext.SetSwitch(CompiledPolicySet.DisableDecisionPlanSwitch, false);
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("decision")]
    public Decision CompiledScan() => Decide(_scanned);

    [Benchmark]
    [BenchmarkCategory("decision")]
    public Decision Compiled() => Decide(_compiled);

    private Decision Decide(CompiledPolicySet set)
    {
        AuthorizationQuery query = _queries[_next];
        _next = _next + 1 == _queries.Length ? 0 : _next + 1;
        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        QueryRequests.Fill(request, query);
        Decision decision = set.Evaluate(request).Decision;
        AuthorizationRequestPool.Return(request);
        return decision;
    }
}
