using System.Runtime.CompilerServices;
using System.Text;
using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>
/// A <see cref="PreparedContext"/> reads back in a request exactly as the keys it was captured
/// from, alone or mixed with keys added before and after it; a request shares its rows without
/// ever writing them; the duplicate-key check (§1.4) holds across it; and a request returned to a
/// pool keeps no reference to it.
/// </summary>
public sealed class PreparedContextTests
{
    [Theory]
    [InlineData("string")]
    [InlineData("span")]
    [InlineData("utf8")]
    [InlineData("atom")]
    public void A_prepared_context_reads_back_as_the_keys_it_was_captured_from(string way)
    {
        var scratch = new AuthorizationRequest();
        FillThree(scratch, way);
        PreparedContext prepared = PreparedContext.Capture(scratch);

        // The scratch request's copied text is overwritten by its next fill; the context keeps its own.
        scratch.Reset();
        scratch.AddContext("aws:username".AsSpan(), "mallory".AsSpan());
        scratch.BeginMultivaluedContext("aws:TagKeys".AsSpan());
        scratch.AddContextValue("other".AsSpan());

        Assert.Equal(3, prepared.Count);
        Assert.False(prepared.HasDuplicateKey);
        var request = new AuthorizationRequest();
        for (int round = 0; round < 2; round++)
        {
            request.Reset();
            request.AddContext(prepared);
            AssertThree(request, first: 0);
        }
    }

    [Fact]
    public void Keys_added_before_and_after_a_prepared_context_read_back_in_order_and_never_change_it()
    {
        var scratch = new AuthorizationRequest();
        FillThree(scratch, "string");
        PreparedContext prepared = PreparedContext.Capture(scratch);

        var after = new AuthorizationRequest();
        after.AddContext(prepared);
        after.AddContext("aws:CurrentTime", "2026-03-01T12:00:00Z");
        after.BeginMultivaluedContext("aws:CalledVia");
        after.AddContextValue("a");
        after.AddContextValue("b");
        AssertThree(after, first: 0);
        Assert.Equal(5, after.ContextCount);
        Assert.Equal("2026-03-01T12:00:00Z", after.ContextValue(3, 0).ToString());
        Assert.Equal(["a", "b"], Values(after, 4));

        var before = new AuthorizationRequest();
        before.BeginMultivaluedContext("aws:CalledVia");
        before.AddContextValue("x");
        before.AddContext(prepared);
        before.AddContext("aws:CurrentTime", "now");
        Assert.Equal(["x"], Values(before, 0));
        AssertThree(before, first: 1);
        Assert.Equal("now", before.ContextValue(4, 0).ToString());
        Assert.False(before.HasDuplicateContextKey);

        // Twice in a row is a repeat of every key.
        var twice = new AuthorizationRequest();
        twice.AddContext(prepared);
        twice.AddContext(prepared);
        Assert.True(twice.HasDuplicateContextKey);

        // The context itself is as captured.
        var alone = new AuthorizationRequest();
        alone.AddContext(prepared);
        Assert.Equal(3, alone.ContextCount);
        AssertThree(alone, first: 0);
        Assert.False(alone.HasDuplicateContextKey);
    }

    [Theory]
    [InlineData("AWS:USERNAME", false)]
    [InlineData("aws:username", true)]
    [InlineData("AWS:UserName", null)]
    [InlineData("aws:usernames", false)]
    [InlineData("aws:usernames", null)]
    public void A_key_repeated_ignoring_case_across_a_prepared_context_makes_the_request_malformed(string repeat, bool? atomized)
    {
        // atomized: true as a ConditionKey, false as a string, null as a span. The context's own
        // aws:username is atomized (some set or test may have atomized it first, or not).
        bool expected = repeat.Equals("aws:username", StringComparison.OrdinalIgnoreCase);
        var scratch = new AuthorizationRequest();
        FillThree(scratch, atomized == true ? "atom" : "string");
        PreparedContext prepared = PreparedContext.Capture(scratch);

        var after = new AuthorizationRequest();
        after.AddContext(prepared);
        Add(after, repeat, atomized);
        Assert.Equal(expected, after.HasDuplicateContextKey);

        var before = new AuthorizationRequest();
        Add(before, repeat, atomized);
        before.AddContext(prepared);
        Assert.Equal(expected, before.HasDuplicateContextKey);

        // Inside the context: captured with the request's check, and carried to every request.
        scratch.Reset();
        FillThree(scratch, "string");
        Add(scratch, repeat, atomized);
        PreparedContext repeated = PreparedContext.Capture(scratch);
        Assert.Equal(expected, repeated.HasDuplicateKey);
        var shared = new AuthorizationRequest();
        shared.AddContext(repeated);
        Assert.Equal(expected, shared.HasDuplicateContextKey);
        shared.Reset();
        Assert.False(shared.HasDuplicateContextKey);

        static void Add(AuthorizationRequest request, string key, bool? atomized)
        {
            if (atomized == true)
            {
                request.AddContext(ConditionKey.Get(key), "x");
            }
            else if (atomized == false)
            {
                request.AddContext(key, "x");
            }
            else
            {
                request.AddContext(key.AsSpan(), "x".AsSpan());
            }
        }
    }

    [Fact]
    public void A_context_larger_than_a_requests_rows_is_shared_and_then_copied_when_keys_follow()
    {
        var scratch = new AuthorizationRequest();
        for (int i = 0; i < 40; i++)
        {
            scratch.AddContext($"test:key{i}", $"value{i}");
        }

        scratch.BeginMultivaluedContext("test:list");
        for (int i = 0; i < 50; i++)
        {
            scratch.AddContextValue($"item{i}");
        }

        PreparedContext prepared = PreparedContext.Capture(scratch);
        var request = new AuthorizationRequest();
        request.AddContext(prepared);
        Assert.Equal(41, request.ContextCount);
        request.AddContext("test:after", "last");
        Assert.Equal(42, request.ContextCount);
        Assert.Equal("value39", request.ContextValue(39, 0).ToString());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"item{i}"), Values(request, 40));
        Assert.Equal("last", request.ContextValue(41, 0).ToString());
        Assert.False(request.HasDuplicateContextKey);
    }

    [Fact]
    public void Capture_atomizes_a_text_key_the_process_knows_and_adds_none()
    {
        ConditionKey known = ConditionKey.Get("aws:PrincipalTag/prepared-known");
        string unknown = $"test:prepared{Guid.NewGuid():N}";
        var scratch = new AuthorizationRequest();
        scratch.AddContext("AWS:principaltag/PREPARED-KNOWN", "x");
        scratch.AddContext(unknown, "y");
        var request = new AuthorizationRequest();
        request.AddContext(PreparedContext.Capture(scratch));
        Assert.Equal(known.Id, request.ContextKeyAtomId(0));
        Assert.Equal(0, request.ContextKeyAtomId(1));
        Assert.Equal("AWS:principaltag/PREPARED-KNOWN", request.ContextKey(0).ToString());
    }

    [Fact]
    public void A_reset_request_reads_its_own_keys_again()
    {
        var scratch = new AuthorizationRequest();
        FillThree(scratch, "string");
        PreparedContext prepared = PreparedContext.Capture(scratch);
        var request = new AuthorizationRequest();
        request.AddContext(prepared);
        request.Reset();
        request.AddContext("aws:SourceIp", "10.1.1.1");
        Assert.Equal(1, request.ContextCount);
        Assert.Equal("aws:SourceIp", request.ContextKey(0).ToString());
        Assert.Equal("10.1.1.1", request.ContextValue(0, 0).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => request.ContextValue(0, 1));
    }

    [Fact]
    public void A_request_returned_to_the_pool_no_longer_refers_to_the_prepared_context()
    {
        AuthorizationRequest request = AuthorizationRequestPool.Rent();
        WeakReference prepared = AddFreshContext(request);
        AuthorizationRequestPool.Return(request);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(prepared.IsAlive);
        GC.KeepAlive(request);
    }

    [Fact]
    public void Null_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => new AuthorizationRequest().AddContext((PreparedContext)null!));
        Assert.Throws<ArgumentNullException>(() => PreparedContext.Capture(null!));
    }

    // Not inlined: the context must not stay in this frame's locals.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference AddFreshContext(AuthorizationRequest request)
    {
        var scratch = new AuthorizationRequest();
        FillThree(scratch, "span");
        PreparedContext prepared = PreparedContext.Capture(scratch);
        request.AddContext(prepared);
        return new WeakReference(prepared);
    }

    private static void FillThree(AuthorizationRequest request, string way)
    {
        switch (way)
        {
            case "string":
                request.AddContext("aws:username", "alice");
                request.AddContext("aws:SourceIp", "10.0.0.1");
                request.BeginMultivaluedContext("aws:TagKeys");
                request.AddContextValue("team");
                request.AddContextValue("project");
                break;
            case "span":
                request.AddContext("aws:username".AsSpan(), "alice".AsSpan());
                request.AddContext("aws:SourceIp".AsSpan(), "10.0.0.1".AsSpan());
                request.BeginMultivaluedContext("aws:TagKeys".AsSpan());
                request.AddContextValue("team".AsSpan());
                request.AddContextValue("project".AsSpan());
                break;
            case "utf8":
                request.AddContextUtf8("aws:username"u8, "alice"u8);
                request.AddContextUtf8("aws:SourceIp"u8, "10.0.0.1"u8);
                request.BeginMultivaluedContextUtf8("aws:TagKeys"u8);
                request.AddContextValueUtf8(Encoding.UTF8.GetBytes("team"));
                request.AddContextValueUtf8("project"u8);
                break;
            default:
                request.AddContext(ConditionKey.Get("aws:username"), "alice");
                request.AddContext(ConditionKey.Get("aws:SourceIp"), "10.0.0.1");
                request.BeginMultivaluedContext(ConditionKey.Get("aws:TagKeys"));
                request.AddContextValue("team");
                request.AddContextValue("project");
                break;
        }
    }

    private static void AssertThree(AuthorizationRequest request, int first)
    {
        Assert.Equal("aws:username", request.ContextKey(first).ToString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("alice", request.ContextValue(first, 0).ToString());
        Assert.False(request.IsMultivalued(first));
        Assert.Equal("aws:SourceIp", request.ContextKey(first + 1).ToString(), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("10.0.0.1", request.ContextValue(first + 1, 0).ToString());
        Assert.True(request.IsMultivalued(first + 2));
        Assert.Equal(["team", "project"], Values(request, first + 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => request.ContextValue(first + 2, 2));
    }

    private static string[] Values(AuthorizationRequest request, int index) =>
        [.. Enumerable.Range(0, request.ValueCount(index)).Select(v => request.ContextValue(index, v).ToString())];
}
