using Microsoft.Extensions.ObjectPool;

namespace Engine.Runtime.Evaluation;

/// <summary>
/// A shared pool of <see cref="AuthorizationRequest"/> objects (Microsoft.Extensions.ObjectPool):
/// rent one per decision, fill it, evaluate, return it. Returned requests are reset and keep their
/// grown buffers, so steady-state decisions allocate nothing.
/// </summary>
public static class AuthorizationRequestPool
{
    private static readonly ObjectPool<AuthorizationRequest> s_pool =
        new DefaultObjectPool<AuthorizationRequest>(new ResettingPolicy(), Environment.ProcessorCount * 4);

    /// <summary>Takes a clean request from the pool (or makes one).</summary>
    public static AuthorizationRequest Rent() => s_pool.Get();

    /// <summary>Resets a request and gives it back to the pool.</summary>
    /// <param name="request">A request from <see cref="Rent"/>.</param>
    public static void Return(AuthorizationRequest request) => s_pool.Return(request);

    /// <summary>Creates a pool of your own, e.g. one per connection or per worker.</summary>
    /// <param name="maximumRetained">How many idle requests the pool keeps.</param>
    public static ObjectPool<AuthorizationRequest> Create(int maximumRetained) =>
        new DefaultObjectPool<AuthorizationRequest>(new ResettingPolicy(), maximumRetained);

    private sealed class ResettingPolicy : PooledObjectPolicy<AuthorizationRequest>
    {
        public override AuthorizationRequest Create() => new();

        public override bool Return(AuthorizationRequest obj)
        {
            obj.Reset();
            return true;
        }
    }
}
