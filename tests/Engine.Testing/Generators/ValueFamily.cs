using System.Collections.Immutable;

namespace Engine.Testing.Generators;

/// <summary>The value families of the condition operators (iam-semantics.md §7.4).</summary>
public enum ValueFamily
{
    /// <summary>String operators.</summary>
    Text,
    /// <summary>Numeric operators.</summary>
    Numeric,
    /// <summary>Date operators (ISO 8601 and epoch seconds).</summary>
    Date,
    /// <summary><c>Bool</c>.</summary>
    Bool,
    /// <summary><c>BinaryEquals</c> (base-64).</summary>
    Binary,
    /// <summary><c>IpAddress</c> / <c>NotIpAddress</c>.</summary>
    Ip,
    /// <summary>ARN operators.</summary>
    Arn,
}

/// <summary>
/// Value pools per family. Request and policy values come from the same small pools so that
/// comparisons often hit equal, neighbouring or differently written equal values (<c>10</c> vs
/// <c>10.0</c>, epoch vs ISO of the same instant, compressed vs full IPv6) and sometimes values
/// that do not parse (§7.4 "unparseable values").
/// </summary>
public static class ValuePools
{
    /// <summary>Request-side values per family.</summary>
    public static ImmutableArray<string> RequestValues(ValueFamily family) => family switch
    {
        ValueFamily.Numeric => ["0", "1", "10", "10.0", "-3", "2.50", "0.5", "300", "3600", "abc", "1e3", "", ".5"],
        // 1717243200 is 2024-06-01T12:00:00Z: the same instant in every form.
        ValueFamily.Date => ["2024-06-01T12:00:00Z", "2024-06-01", "2024-06", "2024-06-01T14:00:00+02:00", "2024-06-01T12:00Z",
            "2024-06-01T12:00:00.123Z", "1717243200", "1717243199", "-5", "2025-01-01T00:00:00Z", "not-a-date", "2024"],
        ValueFamily.Bool => ["true", "false", "TRUE", "False", "yes"],
        ValueFamily.Binary => ["aGVsbG8=", "aGVsbG8", "QUJD", "not base64!", ""],
        ValueFamily.Ip => ["203.0.113.7", "203.0.113.255", "10.0.0.1", "2001:db8::10", "2001:DB8:0:0:0:0:0:10", "::1", "not-an-ip", "0.0.0.0"],
        ValueFamily.Arn => ["arn:aws:s3:::examplebucket", "arn:aws:iam::111122223333:role/ops/deploy", "arn:aws:sqs:us-east-1:111122223333:queue1",
            "not-an-arn", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"],
        _ => ["alice", "bob", "red", "Red", "blue", "", "home/alice/docs", "home/bob/", "eu-west-1", "us-east-1", "a*", "team"],
    };

    /// <summary>Policy-side values per family (a superset of shapes: ranges, globs, variables).</summary>
    public static ImmutableArray<string> PolicyValues(ValueFamily family) => family switch
    {
        ValueFamily.Numeric => ["0", "10", "10.00", "-3", "2.5", "300", "3600", "-0.5", "x", "${aws:MultiFactorAuthAge}"],
        ValueFamily.Date => ["2024-06-01T12:00:00Z", "1717243200", "2024-06-01", "2024-06-01T13:00:00+01:00", "2030-01-01", "0", "bad-date"],
        ValueFamily.Bool => ["true", "false", "True", "FALSE", "${aws:SecureTransport}"],
        ValueFamily.Binary => ["aGVsbG8=", "QUJD", "QUJDRA==", "%%%"],
        ValueFamily.Ip => ["203.0.113.0/24", "203.0.113.7", "0.0.0.0/0", "10.0.0.0/8", "2001:db8::/32", "2001:DB8:1234:5678::/64",
            "::/0", "2001:db8::10", "203.0.113.0/33", "bad"],
        ValueFamily.Arn => ["arn:aws:iam::*:role/*", "arn:aws:someservice:*:111122223333:finance/*", "arn:aws:s3:::example*",
            "arn:*:*:*:*:*", "arn:aws:sqs:us-east-1:*", "arn:aws:iam::111122223333:role/${aws:username}", "arn:aws:sqs:*:*:queue?"],
        _ => ["alice", "Alice", "red", "blue", "home/${aws:username}/*", "home/*", "${aws:PrincipalTag/team, 'red'}", "${aws:username}",
            "a${*}", "e?-west-1", "*", "team", "${aws:missing}"],
    };
}
