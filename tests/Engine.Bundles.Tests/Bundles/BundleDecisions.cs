using Engine.Runtime.Evaluation;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>One question put to a loaded bundle, for the tests that compare bundles by their answers.</summary>
internal static class BundleDecisions
{
    /// <summary>The decision of the set the bundle resolves for the principal on an S3 object (which must resolve).</summary>
    public static Decision Decide(Bundle bundle, string principal, string action)
    {
        var request = new AuthorizationRequest();
        request.SetPrincipal(principal);
        request.SetAction(action);
        request.SetResource("arn:aws:s3:::bucket/key");
        Assert.True(bundle.TryResolve(request.Principal, request.Resource, request.ResourceAccount, out CompiledPolicySet? set));
        return set.Evaluate(request).Decision;
    }
}
