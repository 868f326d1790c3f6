using Engine.Compiler.Model;
using Engine.Testing.Bundles;

namespace Engine.Bundles.Tests.Bundles;

/// <summary>Located errors of the manifest's <c>vpcEndpoints</c> section.</summary>
public sealed class VpcEndpointManifestErrorTests
{
    private const string EndpointPolicy = """{ "Statement": [ { "Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*" } ] }""";

    private static BundleError Single(string manifest, params (string, string)[] policies)
    {
        using var bundle = new TempBundle(manifest, [("allow-s3", TempBundle.AllowS3), ("vpce-a", EndpointPolicy), .. policies]);
        BundleLoadResult result = BundleLoader.Load(bundle.Directory);
        Assert.Null(result.Bundle);
        return Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData("vpce-1A2B3C4D", "$.vpcEndpoints['vpce-1A2B3C4D']")]
    [InlineData("vpce-1a2b3c", "$.vpcEndpoints['vpce-1a2b3c']")]
    [InlineData("1a2b3c4d", "$.vpcEndpoints.1a2b3c4d")]
    [InlineData("vpc-1a2b3c4d", "$.vpcEndpoints['vpc-1a2b3c4d']")]
    [InlineData("vpce-*", "$.vpcEndpoints['vpce-*']")]
    public void A_key_that_is_not_an_endpoint_id_is_located_at_the_key(string id, string path)
    {
        BundleError error = Single($$"""
            {
              "vpcEndpoints": { "{{id}}": "vpce-a" }
            }
            """);

        Assert.Equal("bundle.json", error.File);
        Assert.Equal(path, error.Path);
        Assert.Equal(new SourceLocation(2, 21), error.Location);
        Assert.Equal($"`{id}` is not a VPC endpoint id (`vpce-` and 8 or 17 lowercase hexadecimal digits, as in `aws:SourceVpce`)", error.Message);
    }

    [Fact]
    public void An_unknown_policy_name_is_located_at_the_name()
    {
        BundleError error = Single("""
            {
              "vpcEndpoints": { "vpce-1a2b3c4d": "vpce-b" }
            }
            """);

        Assert.Equal("$.vpcEndpoints['vpce-1a2b3c4d']", error.Path);
        Assert.Equal("unknown policy `vpce-b`: there is no file policies/vpce-b.json", error.Message);
    }

    [Fact]
    public void A_value_that_is_not_a_policy_name_is_an_error()
    {
        BundleError error = Single("""
            {
              "vpcEndpoints": { "vpce-1a2b3c4d": ["vpce-a"] }
            }
            """);

        Assert.Equal("a VPC endpoint policy must be a policy name, not a list", error.Message);
    }

    [Fact]
    public void The_section_must_be_an_object()
    {
        BundleError error = Single("""{ "vpcEndpoints": ["vpce-1a2b3c4d"] }""");
        Assert.Equal("$.vpcEndpoints", error.Path);
        Assert.Equal("`vpcEndpoints` must be an object, not a list", error.Message);
    }

    [Fact]
    public void An_endpoint_policy_is_parsed_with_the_rules_of_endpoint_policies()
    {
        // An identity policy has no Principal; an endpoint policy needs one (amendments §2.5).
        BundleError error = Single("""{ "vpcEndpoints": { "vpce-1a2b3c4d": "allow-s3" } }""");
        Assert.Equal("policies/allow-s3.json", error.File);
        Assert.EndsWith("(as a VPC endpoint policy)", error.Message, StringComparison.Ordinal);
    }
}
