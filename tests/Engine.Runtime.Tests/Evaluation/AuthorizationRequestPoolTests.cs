using System.Collections.Concurrent;
using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>The per-thread slot in front of <see cref="AuthorizationRequestPool"/>'s shared pool.</summary>
public sealed class AuthorizationRequestPoolTests
{
    [Fact]
    public void Rent_after_return_on_the_same_thread_gives_back_the_same_reset_request()
    {
        AuthorizationRequest first = AuthorizationRequestPool.Rent();
        first.SetAction("s3:GetObject");
        first.AddContext("aws:username", "alice");
        AuthorizationRequestPool.Return(first);

        Assert.True(AuthorizationRequestPool.HasIdleRequestOnThisThread);

        AuthorizationRequest second = AuthorizationRequestPool.Rent();
        Assert.False(AuthorizationRequestPool.HasIdleRequestOnThisThread);
        Assert.Same(first, second);
        Assert.True(second.Action.IsEmpty);
        Assert.Equal(0, second.ContextCount);
        AuthorizationRequestPool.Return(second);
    }

    [Fact]
    public void Two_rented_requests_are_never_the_same_object()
    {
        AuthorizationRequest a = AuthorizationRequestPool.Rent();
        AuthorizationRequest b = AuthorizationRequestPool.Rent();
        Assert.NotSame(a, b);
        AuthorizationRequestPool.Return(a);
        AuthorizationRequestPool.Return(b);
        AuthorizationRequest c = AuthorizationRequestPool.Rent();
        AuthorizationRequest d = AuthorizationRequestPool.Rent();
        Assert.NotSame(c, d);
        AuthorizationRequestPool.Return(c);
        AuthorizationRequestPool.Return(d);
    }

    [Fact]
    public void A_request_returned_on_another_thread_is_not_kept_in_that_threads_slot()
    {
        AuthorizationRequest rented = AuthorizationRequestPool.Rent();
        AuthorizationRequest? seenByOtherThread = null;
        bool keptInOtherSlot = true;
        var other = new Thread(() =>
        {
            AuthorizationRequestPool.Return(rented);
            keptInOtherSlot = AuthorizationRequestPool.HasIdleRequestOnThisThread;

            // The returning thread's slot stayed empty, so its next rent comes from the shared
            // pool; the shared pool (or a fresh request) is where `rented` went.
            seenByOtherThread = AuthorizationRequestPool.Rent();
            AuthorizationRequestPool.Return(seenByOtherThread);
        });
        other.Start();
        other.Join();
        Assert.False(keptInOtherSlot);
        Assert.NotNull(seenByOtherThread);
        Assert.Equal(0, seenByOtherThread!.ContextCount);
    }

    [Fact]
    public void Concurrent_renters_never_share_a_request()
    {
        var inUse = new ConcurrentDictionary<AuthorizationRequest, bool>(ReferenceEqualityComparer.Instance);
        int clashes = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            for (int i = 0; i < 4_000; i++)
            {
                AuthorizationRequest request = AuthorizationRequestPool.Rent();
                if (!inUse.TryAdd(request, true))
                {
                    Interlocked.Increment(ref clashes);
                }

                request.SetAction("s3:GetObject");
                inUse.TryRemove(request, out _);

                // Return every other request from a thread that did not rent it, half the time.
                if (i % 2 == 0)
                {
                    AuthorizationRequestPool.Return(request);
                }
                else
                {
                    Task.Run(() => AuthorizationRequestPool.Return(request)).Wait();
                }
            }
        });
        Assert.Equal(0, clashes);
    }

    [Fact]
    public void A_request_grown_by_a_huge_context_is_dropped_not_pooled()
    {
        // Issue #14: a 16 MiB query grew the request's text to tens of megabytes, and the pool kept it.
        // Text given as a span (or UTF-8, as the server gives it) is copied into the request; a
        // string would only be referred to.
        AuthorizationRequest huge = AuthorizationRequestPool.Rent();
        huge.AddContext("test:padding", new string('p', 1024 * 1024).AsSpan());
        Assert.True(huge.IsOversized);
        AuthorizationRequestPool.Return(huge);
        Assert.False(AuthorizationRequestPool.HasIdleRequestOnThisThread);
        Assert.NotSame(huge, AuthorizationRequestPool.Rent());

        // A request of a default-limit frame (64 KiB of text) is kept, as before.
        AuthorizationRequest usual = AuthorizationRequestPool.Rent();
        usual.AddContext("test:padding", new string('p', 64 * 1024).AsSpan());
        Assert.False(usual.IsOversized);
        AuthorizationRequestPool.Return(usual);
        Assert.True(AuthorizationRequestPool.HasIdleRequestOnThisThread);
        Assert.Same(usual, AuthorizationRequestPool.Rent());
    }

    // The pool's size check is kept up to date only where a buffer grows (IsOversized): each of
    // the buffers it counts, grown past the limit after a check, makes the next check say so.
    public static TheoryData<string> GrowableBuffers => ["text", "keys", "values", "folded action", "render", "slots", "action bits", "scp gates"];

    [Theory]
    [MemberData(nameof(GrowableBuffers))]
    public void Every_buffer_that_grows_past_the_limit_makes_the_request_oversized(string buffer)
    {
        var request = new AuthorizationRequest();
        Assert.False(request.IsOversized);
        // Just past the limit in each buffer's unit.
        const int Chars = (int)(AuthorizationRequest.MaxPooledBytes / sizeof(char)) + 1;
        const int Ints = (int)(AuthorizationRequest.MaxPooledBytes / sizeof(int)) + 1;
        switch (buffer)
        {
            case "text":
                request.SetResource(new string('r', Chars).AsSpan());
                break;
            case "keys":
                for (int i = 0; i < Ints / 8; i++)
                {
                    // Single-valued keys given as strings: rows only, no value rows, no text.
                    request.AddContext("test:k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "v");
                }

                break;
            case "values":
                request.BeginMultivaluedContext("test:many");
                for (int i = 0; i < Ints / 2; i++)
                {
                    request.AddContextValue("v");
                }

                break;
            case "folded action":
                _ = request.FoldBuffer(Chars);
                break;
            case "render":
                _ = request.RenderBuffer(Chars);
                break;
            case "slots":
                _ = request.PrepareSlots(Ints);
                break;
            case "action bits":
                _ = request.PrepareActionBits(Ints * 32);
                break;
            default:
                _ = request.PrepareScpGates(Ints);
                break;
        }

        Assert.True(request.RetainedBytes > AuthorizationRequest.MaxPooledBytes, "the case did not grow the buffer past the limit");
        Assert.True(request.IsOversized);
    }
}
