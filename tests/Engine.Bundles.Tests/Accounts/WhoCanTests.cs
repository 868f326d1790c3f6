using System.Collections.Immutable;
using Engine.Bundles.Accounts;
using Engine.Compiler.Model;
using Engine.Compiler.Reference;
using Engine.Runtime.Evaluation;
using Engine.Testing.Accounts;

namespace Engine.Bundles.Tests.Accounts;

/// <summary><c>who-can</c> and <c>can-do</c> checked against asking every principal one by one with the reference interpreter.</summary>
public sealed class WhoCanTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "who-can-" + Guid.NewGuid().ToString("N"));
    private readonly Bundle _bundle;

    public WhoCanTests()
    {
        BundleLoadResult result = AuthorizationDetailsLoader.Load(SyntheticAccount.Write(_directory, fillers: 400, pageSize: 100));
        Assert.Empty(result.Errors);
        _bundle = result.Bundle!;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("s3:GetObject", "arn:aws:s3:::reports/q1.csv", false)]
    [InlineData("s3:DeleteBucket", "arn:aws:s3:::reports", false)]
    [InlineData("sts:AssumeRole", "arn:aws:iam::111122223333:role/service/deployer", false)]
    [InlineData("sqs:ListQueues", "*", false)]
    [InlineData("sqs:ListQueues", "*", true)]
    [InlineData("dynamodb:PutItem", "arn:aws:dynamodb:eu-west-1:111122223333:table/dev-orders", false)]
    [InlineData("lambda:InvokeFunction", "arn:aws:lambda:eu-west-1:111122223333:function:f", true)]
    [InlineData("ec2:DescribeInstances", "*", false)]
    public void Who_can_matches_the_reference_asked_one_by_one(string action, string resource, bool derive)
    {
        ImmutableArray<ContextEntry> context = [ContextEntry.OneValue("aws:ResourceTag/team", "team-3")];
        ImmutableArray<AllowedPrincipal> allowed = AccountQueries.WhoCan(_bundle, action, resource, null, context, derive);

        var expected = new List<string>();
        foreach (string principal in _bundle.PrincipalArns)
        {
            var query = new AuthorizationQuery(principal, action, resource, null, context);
            query = derive ? ContextDerivation.Apply(_bundle, query) : query;
            Assert.True(_bundle.TryGetPolicySet(principal, resource, null, out PolicySet? set));
            if (ReferenceEvaluator.Evaluate(set, query).Decision == Decision.Allow)
            {
                expected.Add(principal);
            }
        }

        Assert.Equal(expected, allowed.Select(a => a.Principal));
        Assert.All(allowed, a => Assert.Equal(Effect.Allow, a.Statement.Effect));
        Assert.All(allowed, a => Assert.NotNull(a.PolicyName));
    }

    [Fact]
    public void Who_can_names_the_policy_that_allows()
    {
        ImmutableArray<AllowedPrincipal> allowed = AccountQueries.WhoCan(_bundle, "s3:GetObject", "arn:aws:s3:::reports/q1.csv", null, [], deriveContext: false);
        AllowedPrincipal alice = allowed.Single(a => a.Principal == "arn:aws:iam::111122223333:user/alice");
        Assert.Equal("arn:aws:iam::111122223333:policy/S3ReadReports", alice.PolicyName);
        Assert.Equal("ReadReports", alice.Statement.Sid);
    }

    [Fact]
    public void Can_do_matches_the_reference_for_every_catalog_action()
    {
        ImmutableArray<CatalogAction> catalog = ActionCatalog.Bundled;
        Assert.NotEmpty(catalog);
        Assert.True(catalog.Length > 20_000);
        const string Bob = "arn:aws:iam::111122223333:user/eng/bob";
        ImmutableArray<AllowedAction> allowed = AccountQueries.CanDo(_bundle, Bob, catalog, "*", null, [], deriveContext: false)!.Value;

        Assert.True(_bundle.TryGetPolicySet(Bob, "*", null, out PolicySet? set));
        string[] expected = [.. catalog.Where(a => ReferenceEvaluator.Evaluate(set, new AuthorizationQuery(Bob, a.Action, "*", null, [])).Decision == Decision.Allow).Select(a => a.Action)];
        Assert.Equal(expected, allowed.Select(a => a.Action.Action));

        // AdministratorAccess within DeveloperBoundary, minus the explicit s3:DeleteBucket deny.
        Assert.Contains("s3:PutObject", expected);
        Assert.Contains("cloudformation:CreateStack", expected);
        Assert.DoesNotContain("s3:DeleteBucket", expected);
        Assert.DoesNotContain(expected, a => a.StartsWith("ec2:", StringComparison.Ordinal));
        Assert.Null(AccountQueries.CanDo(_bundle, "arn:aws:iam::111122223333:user/nobody", catalog, "*", null, [], false));
    }
}
