using Engine.Runtime.Conditions;
using Engine.Runtime.Matching;
using Engine.Testing;

namespace Engine.Runtime.Tests;

/// <summary>Every request-time method allocates nothing once warm.</summary>
public sealed class AllocationTests
{
    private const int Calls = 10_000;

    public static TheoryData<string> Calls_that_must_not_allocate => new()
    {
        nameof(Glob), nameof(ArnGlob), "ArnGlobConfined", "ArnGlobConfinedLong", nameof(ArnGlob.IsArnLikeMatch),
        nameof(ResourcePattern), nameof(ActionTrie), nameof(NumericValue), nameof(DateValue),
        nameof(IpAddressValue), nameof(IpRange), nameof(BoolValue), nameof(BinaryLiteral), "BinaryLiteralLong",
    };

    [Theory]
    [MemberData(nameof(Calls_that_must_not_allocate))]
    public void Allocates_nothing(string name)
    {
        bool sink = false;
        string longPattern = "arn:aws:ec2:*-1:1:" + new string('x', 600) + "*";
        string longResource = "arn:aws:ec2:eu-west-1:1:" + new string('x', 700);
        ResourcePattern[] patterns =
        [
            ResourcePattern.Create("arn:aws:s3:::b/k"), ResourcePattern.Create("arn:aws:s3:::b/*"),
            ResourcePattern.Create("*:k"), ResourcePattern.Create("arn:aws:s3:::*/k"), ResourcePattern.Create("*"),
            ResourcePattern.Create("arn:aws:s3:::*b*k"), ResourcePattern.Create("arn:aws:s3:::?/k"),
        ];
        ActionTrie trie = new ActionTrieBuilder().Add("*", 0).Add("s3:Get*", 1).Add("s3:GetObject", 2).Add("s3:*Obj?ct", 3).Build();
        Assert.True(NumericLiteral.TryCreate("12.5", out NumericLiteral? number));
        Assert.True(IpRange.TryCreate("2001:db8::/32", out IpRange? range));
        BinaryLiteral binary = BinaryLiteral.Create("QmluYXJ5");
        string longBase64 = Convert.ToBase64String(new byte[3000]);
        BinaryLiteral longBinary = BinaryLiteral.Create(longBase64);

        Action call = name switch
        {
            nameof(Glob) => () => sink ^= Glob.IsMatch("*AccessKey*", "ListAccessKeys", ignoreCase: true),
            nameof(ArnGlob) => () => sink ^= ArnGlob.IsMatch("arn:aws:s3:::EXAMPLE/*/test/*", "arn:aws:s3:::EXAMPLE/1/2/test/3/o.jpg"),
            "ArnGlobConfined" => () => sink ^= ArnGlob.IsMatch("arn:aws:ec2:*-1:1:i/*", "arn:aws:ec2:eu-west-1:1:i/x"),
            "ArnGlobConfinedLong" => () => sink ^= ArnGlob.IsMatch(longPattern, longResource),
            nameof(ArnGlob.IsArnLikeMatch) => () => sink ^= ArnGlob.IsArnLikeMatch("arn:aws:iam::*:role/*", "arn:aws:iam::1:role/r"),
            nameof(ResourcePattern) => () =>
            {
                foreach (ResourcePattern pattern in patterns)
                {
                    sink ^= pattern.IsMatch("arn:aws:s3:::b/k");
                }
            }
            ,
            nameof(ActionTrie) => () =>
            {
                Span<ulong> bits = stackalloc ulong[1];
                trie.Match("s3:GetObject", bits);
                sink ^= bits[0] == 0;
            }
            ,
            nameof(NumericValue) => () => sink ^= NumericValue.TryCompare("-12.50", number, out _),
            nameof(DateValue) => () => sink ^= DateValue.TryParse("2023-11-14T22:13:20.123+02:00", out _) && DateValue.TryParse("1700000000", out _),
            nameof(IpAddressValue) => () => sink ^= IpAddressValue.TryParseAddress("::ffff:1.2.3.4", out _, out _) && IpAddressValue.TryParseAddress("1.2.3.4", out _, out _),
            nameof(IpRange) => () => sink ^= range.Contains(42, isIPv6: true),
            nameof(BoolValue) => () => sink ^= BoolValue.TryParse("FALSE", out _),
            nameof(BinaryLiteral) => () => sink ^= binary.Equals("QmluYXJ5".AsSpan()) && binary.Equals("nope".AsSpan()),
            "BinaryLiteralLong" => () => sink ^= longBinary.Equals(longBase64.AsSpan()),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        // The long confined pattern runs the O(pattern × text) matcher; fewer calls keep the test fast.
        bool slow = name == "ArnGlobConfinedLong";
        Assert.Equal(0, Allocations.OfWarm(call, slow ? 200 : Calls, batch: slow ? 50 : 1_000));
        GC.KeepAlive(sink);
    }

    [Fact]
    public void The_measure_sees_an_operation_that_allocates()
    {
        // Guards the guard: a warm-up or retry that hid real allocations would make every test above pass.
        object? sink = null;
        long allocated = Allocations.OfWarm(() => sink = new byte[8], iterations: 1_000);

        Assert.True(allocated >= 1_000 * 32, $"measured {allocated} bytes for 1,000 arrays");
        GC.KeepAlive(sink);
    }
}
