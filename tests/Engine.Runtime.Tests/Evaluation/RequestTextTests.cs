using System.Runtime.CompilerServices;
using System.Text;
using Engine.Runtime.Evaluation;
using Microsoft.Extensions.ObjectPool;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>
/// A request holds its text three ways: strings it refers to, spans and UTF-8 it copies. Each
/// reads back the same, mixed in one request, and a request returned to a pool keeps no caller's
/// string alive.
/// </summary>
public sealed class RequestTextTests
{
    private static readonly string[] s_keys = ["aws:username", "aws:SourceIp", "aws:TagKeys"];

    [Theory]
    [InlineData("string")]
    [InlineData("span")]
    [InlineData("utf8")]
    [InlineData("mixed")]
    public void Every_way_of_giving_the_text_reads_back_the_same(string way)
    {
        var request = new AuthorizationRequest();
        for (int round = 0; round < 2; round++)
        {
            request.Reset();
            Fill(request, way);
            Assert.Equal("arn:aws:iam::111122223333:user/alice", request.Principal.ToString());
            Assert.Equal("s3:GetObject", request.Action.ToString());
            Assert.Equal("arn:aws:s3:::reports/q1.csv", request.Resource.ToString());
            Assert.Equal("111122223333", request.ResourceAccount.ToString());
            Assert.Equal(3, request.ContextCount);
            Assert.Equal(s_keys, Enumerable.Range(0, 3).Select(i => request.ContextKey(i).ToString()));
            Assert.Equal("alice", request.ContextValue(0, 0).ToString());
            Assert.Equal("10.0.0.1", request.ContextValue(1, 0).ToString());
            Assert.True(request.IsMultivalued(2));
            Assert.Equal(["team", "project"], Enumerable.Range(0, request.ValueCount(2)).Select(v => request.ContextValue(2, v).ToString()));
            Assert.False(request.HasDuplicateContextKey);
        }
    }

    [Fact]
    public void A_null_string_is_empty_text()
    {
        var request = new AuthorizationRequest();
        request.SetResourceAccount((string?)null);
        request.SetPrincipal((string?)null);
        Assert.True(request.ResourceAccount.IsEmpty);
        Assert.True(request.Principal.IsEmpty);
    }

    [Theory]
    [InlineData("shared pool")]
    [InlineData("own pool")]
    public void A_request_returned_to_a_pool_no_longer_refers_to_the_callers_strings(string pool)
    {
        ObjectPool<AuthorizationRequest> own = AuthorizationRequestPool.Create(4);
        AuthorizationRequest request = pool == "own pool" ? own.Get() : AuthorizationRequestPool.Rent();

        // A larger fill first, then a smaller one: rows the smaller fill did not overwrite held
        // the first fill's strings, and the pool must drop those too.
        WeakReference[] first = FillWithFreshStrings(request, keys: 6, listedValues: 5);
        request.Reset();
        WeakReference[] second = FillWithFreshStrings(request, keys: 1, listedValues: 1);
        if (pool == "own pool")
        {
            own.Return(request);
        }
        else
        {
            AuthorizationRequestPool.Return(request);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.All(first.Concat(second), reference => Assert.False(reference.IsAlive));
        GC.KeepAlive(request);
    }

    [Fact]
    public void A_reset_request_refers_to_no_string_of_the_fills_before_its_last()
    {
        var request = new AuthorizationRequest();
        WeakReference[] larger = FillWithFreshStrings(request, keys: 6, listedValues: 5);
        request.Reset();
        _ = FillWithFreshStrings(request, keys: 1, listedValues: 1);
        request.Reset();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.All(larger, reference => Assert.False(reference.IsAlive));
        GC.KeepAlive(request);
    }

    [Fact]
    public void A_reset_request_refills_with_fewer_keys_and_reads_only_the_new_ones()
    {
        var request = new AuthorizationRequest();
        _ = FillWithFreshStrings(request, keys: 6, listedValues: 3);
        request.Reset();
        request.AddContext("aws:username", "bob");
        Assert.Equal(1, request.ContextCount);
        Assert.Equal("bob", request.ContextValue(0, 0).ToString());
        Assert.False(request.HasDuplicateContextKey);
        Assert.Throws<ArgumentOutOfRangeException>(() => request.ContextValue(0, 1));
        request.BeginMultivaluedContext("aws:TagKeys");
        request.AddContextValue("team");
        Assert.Equal("team", request.ContextValue(1, 0).ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => request.ContextValue(1, 1));
    }

    // Not inlined: the fresh strings must not stay in this frame's locals.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] FillWithFreshStrings(AuthorizationRequest request, int keys, int listedValues)
    {
        var given = new List<WeakReference>();
        string resource = new('r', 30);
        request.SetResource(resource);
        given.Add(new(resource));
        for (int i = 0; i < keys; i++)
        {
            string key = $"test:k{i}{new string('k', 12)}", value = new('v', 20 + i);
            request.AddContext(key, value);
            given.Add(new(key));
            given.Add(new(value));
        }

        string multivalued = new('m', 7);
        request.BeginMultivaluedContext(multivalued);
        given.Add(new(multivalued));
        for (int i = 0; i < listedValues; i++)
        {
            string listed = new('l', 5 + i);
            request.AddContextValue(listed);
            given.Add(new(listed));
        }

        return [.. given];
    }

    private static void Fill(AuthorizationRequest request, string way)
    {
        bool strings = way is "string" or "mixed", utf8 = way == "utf8";
        Set(request.SetPrincipal, request.SetPrincipal, request.SetPrincipalUtf8, "arn:aws:iam::111122223333:user/alice", strings, utf8);
        Set(request.SetAction, request.SetAction, request.SetActionUtf8, "s3:GetObject", !strings, utf8);
        Set(request.SetResource, request.SetResource, request.SetResourceUtf8, "arn:aws:s3:::reports/q1.csv", strings, utf8);
        Set(request.SetResourceAccount, request.SetResourceAccount, request.SetResourceAccountUtf8, "111122223333", !strings || way == "string", utf8);
        if (utf8)
        {
            request.AddContextUtf8("aws:username"u8, "alice"u8);
            request.AddContextUtf8("aws:SourceIp"u8, "10.0.0.1"u8);
            request.BeginMultivaluedContextUtf8("aws:TagKeys"u8);
            request.AddContextValueUtf8("team"u8);
            request.AddContextValueUtf8("project"u8);
            return;
        }

        request.AddContext("aws:username", "alice");
        request.AddContext("aws:SourceIp".AsSpan(), "10.0.0.1".AsSpan());
        if (strings)
        {
            request.BeginMultivaluedContext("aws:TagKeys");
            request.AddContextValue("team".AsSpan());
            request.AddContextValue("project");
        }
        else
        {
            request.BeginMultivaluedContext("aws:TagKeys".AsSpan());
            request.AddContextValue("team".AsSpan());
            request.AddContextValue("project".AsSpan());
        }
    }

    private static void Set(Action<string?> byString, SpanSetter bySpan, Utf8Setter byUtf8, string text, bool asString, bool asUtf8)
    {
        if (asUtf8)
        {
            byUtf8(Encoding.UTF8.GetBytes(text));
        }
        else if (asString)
        {
            byString(text);
        }
        else
        {
            bySpan(text.AsSpan());
        }
    }

    private delegate void SpanSetter(ReadOnlySpan<char> text);

    private delegate void Utf8Setter(ReadOnlySpan<byte> utf8);
}
