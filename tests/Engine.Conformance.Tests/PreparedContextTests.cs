using Engine.Compiler;
using Engine.Compiler.Cases;
using Engine.Compiler.Model;
using Engine.Runtime.Evaluation;
using Engine.Testing;

namespace Engine.Conformance.Tests;

/// <summary>
/// A <see cref="PreparedContext"/> decides every case of the vectors and the workloads as the
/// same context added key by key does, on every compiled engine: shared whole (the set resolves
/// its slots once, then takes them as remembered), and mixed with keys added before or after it.
/// </summary>
public sealed class PreparedContextTests
{
    private static readonly EngineKind[] s_compiledKinds = [EngineKind.Compiled, EngineKind.CompiledInterpreted, EngineKind.CompiledMatcher];
    private static readonly Dictionary<EngineKind, DecisionEngine> s_engines = s_compiledKinds.ToDictionary(k => k, k => new DecisionEngine(k));
    private static readonly Lock s_gate = new();

    public static TheoryData<string> Cases() => [.. CaseCorpus.All.Cases.Concat(WorkloadCorpus.All.Cases).Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_prepared_context_decides_as_its_keys_added_one_by_one(string name)
    {
        DecisionCase decisionCase = CaseCorpus.ByName.TryGetValue(name, out DecisionCase? found) ? found : WorkloadCorpus.ByName[name];
        AuthorizationQuery query = decisionCase.Query;
        ContextEntry[] entries = [.. query.Context];
        int half = entries.Length / 2;
        PreparedContext whole = Prepare(entries);
        PreparedContext first = Prepare(entries[..half]);
        PreparedContext last = Prepare(entries[half..]);

        foreach (EngineKind kind in s_compiledKinds)
        {
            CompiledPolicySet set;
            lock (s_gate)
            {
                set = s_engines[kind].CompiledFor(decisionCase.Policies!);
            }

            AuthorizationRequest request = Begin(new AuthorizationRequest(), query);
            AddOneByOne(request, entries);
            EvaluationResult expected = set.Evaluate(request);

            // Whole, twice: the first evaluation resolves the slots, the second takes them as remembered.
            for (int round = 0; round < 2; round++)
            {
                request = Begin(new AuthorizationRequest(), query);
                request.AddContext(whole);
                Assert.Equal(expected, set.Evaluate(request));
            }

            request = Begin(new AuthorizationRequest(), query);
            request.AddContext(first);
            AddOneByOne(request, entries[half..]);
            Assert.Equal(expected, set.Evaluate(request));

            request = Begin(new AuthorizationRequest(), query);
            AddOneByOne(request, entries[..half]);
            request.AddContext(last);
            Assert.Equal(expected, set.Evaluate(request));

            request = Begin(new AuthorizationRequest(), query);
            request.AddContext(first);
            request.AddContext(last);
            Assert.Equal(expected, set.Evaluate(request));
        }
    }

    private static PreparedContext Prepare(ContextEntry[] entries)
    {
        var scratch = new AuthorizationRequest();
        AddOneByOne(scratch, entries);
        PreparedContext prepared = PreparedContext.Capture(scratch);

        // Captured texts are the context's own: refilling the scratch request changes nothing.
        scratch.Reset();
        scratch.AddContext("aws:username".AsSpan(), "someone-else".AsSpan());
        return prepared;
    }

    private static AuthorizationRequest Begin(AuthorizationRequest request, AuthorizationQuery query)
    {
        request.SetPrincipal(query.Principal);
        request.SetAction(query.Action);
        request.SetResource(query.Resource);
        request.SetResourceAccount(query.ResourceAccount);
        return request;
    }

    // The public text API, keys as spans (copied), so the captured context owns every text.
    private static void AddOneByOne(AuthorizationRequest request, IEnumerable<ContextEntry> entries)
    {
        foreach (ContextEntry entry in entries)
        {
            if (!entry.IsMultivalued)
            {
                request.AddContext(entry.Key.AsSpan(), entry.Values[0].AsSpan());
                continue;
            }

            request.BeginMultivaluedContext(entry.Key.AsSpan());
            foreach (string value in entry.Values)
            {
                request.AddContextValue(value.AsSpan());
            }
        }
    }
}
