using Microsoft.Extensions.ObjectPool;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// A shared pool of <see cref="AuthorizationRequest"/> objects (Microsoft.Extensions.ObjectPool):
/// rent one per decision, fill it, evaluate, return it. Returned requests are reset and keep their
/// grown buffers, so steady-state decisions allocate nothing; a request whose buffers grew past
/// 256 KiB (a context of hundreds of kilobytes) is dropped instead, so one huge request does not
/// leave its peak in the pool.
/// </summary>
public static class AuthorizationRequestPool
{
    private static readonly ObjectPool<AuthorizationRequest> s_pool =
        new DefaultObjectPool<AuthorizationRequest>(new ResettingPolicy(), Environment.ProcessorCount * 4);

    // PERF: one idle request per thread in front of the shared pool. Rent-fill-evaluate-return on
    // one thread, the usual pattern, then touches no shared state (no interlocked operations).
    // Thread-safe by construction: only the owning thread reads or writes its slot, and a request
    // is in at most one place, because Rent takes it out of the slot before handing it over. A
    // request returned on another thread than the one that rented it goes to the shared pool, so
    // a thread that only returns (e.g. a completion thread) does not strand requests in its slot.
    // t_ marks a [ThreadStatic] field, as in the .NET runtime; the s_ naming rule cannot see the attribute.
#pragma warning disable IDE1006
    [ThreadStatic]
    private static AuthorizationRequest? t_cached;
#pragma warning restore IDE1006

    /// <summary>Whether this thread's slot holds an idle request (what the pool's tests observe).</summary>
    internal static bool HasIdleRequestOnThisThread => t_cached is not null;

    /// <summary>Takes a clean request from the pool (or makes one).</summary>
    public static AuthorizationRequest Rent()
    {
        AuthorizationRequest? request = t_cached;
        if (request is not null)
        {
            t_cached = null;
        }
        else
        {
            request = s_pool.Get();
        }

        request.RentingThread = Environment.CurrentManagedThreadId;
        return request;
    }

    /// <summary>Resets a request and gives it back to the pool.</summary>
    /// <param name="request">A request from <see cref="Rent"/>.</param>
    public static void Return(AuthorizationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.IsOversized)
        {
            // Grown by one huge request: pooling it would keep that peak for good (issue #14).
            return;
        }

        if (t_cached is null && request.RentingThread == Environment.CurrentManagedThreadId)
        {
            request.ReleaseReferences();
            t_cached = request;
            return;
        }

        s_pool.Return(request);
    }

    /// <summary>Creates a pool of your own, e.g. one per connection or per worker.</summary>
    /// <param name="maximumRetained">How many idle requests the pool keeps.</param>
    public static ObjectPool<AuthorizationRequest> Create(int maximumRetained) =>
        new DefaultObjectPool<AuthorizationRequest>(new ResettingPolicy(), maximumRetained);

    private sealed class ResettingPolicy : PooledObjectPolicy<AuthorizationRequest>
    {
        public override AuthorizationRequest Create() => new();

        public override bool Return(AuthorizationRequest obj)
        {
            obj.ReleaseReferences();
            return !obj.IsOversized;
        }
    }
}
