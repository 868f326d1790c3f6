using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>
/// <see cref="CallerInfo.Classify"/> (two colon searches, fixed offsets for the rest) against a
/// field-splitting oracle written straight from iam-semantics.md §1.2, over ordinary and odd ARNs.
/// </summary>
public sealed class CallerInfoTests
{
    [Theory]
    [InlineData("arn:aws:iam::123456789012:root", nameof(CallerKind.Root))]
    [InlineData("arn:aws:iam::123456789012:user/alice", nameof(CallerKind.User))]
    [InlineData("arn:aws:iam::123456789012:user/path/alice", nameof(CallerKind.User))]
    [InlineData("arn:aws:iam::123456789012:user/", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::123456789012:role/path/R", nameof(CallerKind.Role))]
    [InlineData("arn:aws:sts::123456789012:assumed-role/R/S", nameof(CallerKind.RoleSession))]
    [InlineData("arn:aws:sts::123456789012:assumed-role/R/S/T", nameof(CallerKind.Other))]
    [InlineData("arn:aws:sts::123456789012:assumed-role//S", nameof(CallerKind.Other))]
    [InlineData("arn:aws:sts::123456789012:federated-user/Bob", nameof(CallerKind.FederatedUser))]
    [InlineData("arn:aws-cn:iam::123456789012:root", nameof(CallerKind.Root))]
    [InlineData("arn::iam::123456789012:root", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam:us-east-1:123456789012:root", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::12345678901:root", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::1234567890123:root", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::12345678901a:root", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::123456789012", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::123456789012:", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::123456789012:root:extra", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam:", nameof(CallerKind.Other))]
    [InlineData("arn:aws:", nameof(CallerKind.Other))]
    [InlineData("arn:aws", nameof(CallerKind.Other))]
    [InlineData("arn:", nameof(CallerKind.Other))]
    [InlineData("arn:::::", nameof(CallerKind.Other))]
    [InlineData("arn:a:::123456789012:root", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam:::123456789012:root", nameof(CallerKind.Other))]
    [InlineData("arn:aws:iam::123456789012:r", nameof(CallerKind.Other))]
    [InlineData("cloudtrail.amazonaws.com", nameof(CallerKind.Service))]
    [InlineData("accounts.google.com", nameof(CallerKind.Service))]
    [InlineData("", nameof(CallerKind.Other))]
    [InlineData("ARN:aws:iam::123456789012:root", nameof(CallerKind.Other))]
    public void Examples(string principal, string expected)
    {
        Assert.Equal(Enum.Parse<CallerKind>(expected), Oracle(principal).Kind);
        AssertAgrees(principal);
    }

    [Fact]
    public void Agrees_with_the_oracle_on_random_arns_built_from_odd_fields()
    {
        string[] partitions = ["aws", "", "a:b", "aws-us-gov"];
        string[] services = ["iam", "sts", "", "s3", "iam:", ":"];
        string[] regions = ["", "", "", "us-east-1", ":"];
        string[] accounts = ["123456789012", "123456789012", "12345678901", "1234567890123", "12345678901x", "", ":23456789012"];
        string[] rests = ["root", "user/a", "user/", "role/p/R", "role/", "assumed-role/R/S", "assumed-role/R", "federated-user/B", "federated-user/B/C", "", ":", "root:x"];
        var random = new Random(5);
        for (int round = 0; round < 20_000; round++)
        {
            string principal = $"arn:{Pick(partitions)}:{Pick(services)}:{Pick(regions)}:{Pick(accounts)}:{Pick(rests)}";
            if (random.Next(5) == 0)
            {
                // Cut it short, so every truncation point is reached.
                principal = principal[..random.Next(principal.Length + 1)];
            }

            AssertAgrees(principal);
        }

        string Pick(string[] options) => options[random.Next(options.Length)];
    }

    private static void AssertAgrees(string principal)
    {
        CallerInfo actual = CallerInfo.Classify(principal);
        (CallerKind kind, string? partition, string? account, string? roleName) = Oracle(principal);
        Assert.True(kind == actual.Kind, $"kind of \"{principal}\": {actual.Kind}, expected {kind}");
        if (partition is not null)
        {
            Assert.Equal(partition, actual.Partition(principal).ToString());
            Assert.Equal(account, actual.Account(principal).ToString());
        }

        if (roleName is not null)
        {
            Assert.Equal(roleName, actual.RoleName(principal).ToString());
        }
    }

    // SPEC: iam-semantics.md §1.2, by splitting into fields (the reference interpreter's way).
    private static (CallerKind Kind, string? Partition, string? Account, string? RoleName) Oracle(string principal)
    {
        if (!principal.StartsWith("arn:", StringComparison.Ordinal))
        {
            return (principal.Contains('.', StringComparison.Ordinal) ? CallerKind.Service : CallerKind.Other, null, null, null);
        }

        string[] f = principal.Split(':', 6);
        if (f.Length != 6 || f[1].Length == 0 || f[3].Length != 0 || f[4].Length != 12 || !f[4].All(char.IsAsciiDigit))
        {
            return (CallerKind.Other, null, null, null);
        }

        string rest = f[5];
        string last = rest[(rest.LastIndexOf('/') + 1)..];
        if (f[2] == "iam")
        {
            if (rest == "root")
            {
                return (CallerKind.Root, f[1], f[4], null);
            }

            if (rest.StartsWith("user/", StringComparison.Ordinal) && last.Length > 0)
            {
                return (CallerKind.User, f[1], f[4], null);
            }

            if (rest.StartsWith("role/", StringComparison.Ordinal) && last.Length > 0)
            {
                return (CallerKind.Role, f[1], f[4], last);
            }
        }
        else if (f[2] == "sts")
        {
            string[] parts = rest.Split('/');
            if (parts.Length == 3 && parts[0] == "assumed-role" && parts[1].Length > 0 && parts[2].Length > 0)
            {
                return (CallerKind.RoleSession, f[1], f[4], parts[1]);
            }

            if (parts.Length == 2 && parts[0] == "federated-user" && parts[1].Length > 0)
            {
                return (CallerKind.FederatedUser, f[1], f[4], null);
            }
        }

        return (CallerKind.Other, null, null, null);
    }
}
