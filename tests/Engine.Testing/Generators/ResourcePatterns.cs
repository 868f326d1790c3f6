using Engine.Compiler.Model;
using FsCheck;
using FsCheck.Fluent;

namespace Engine.Testing.Generators;

/// <summary>
/// Resource and NotResource elements derived from the request resource (iam-semantics.md §5, §6):
/// wildcards in every ARN field, short patterns ending in <c>*</c>, <c>?</c>, policy variables with
/// and without defaults (resolved only in Version 2012-10-17 and only after the fifth colon),
/// <c>${*}</c>, case changes and near misses.
/// </summary>
public static class ResourcePatterns
{
    private static readonly string[] s_unrelated =
    [
        "arn:aws:s3:::*log*", "arn:aws:iam::*:user/*", "arn:aws:sqs:*", "arn:aws:ec2:us-*:111122223333:instance/*",
        "arn:aws:dynamodb:*:*:table/Thread", "arn:aws:s3:::bucket/*", "arn:aws:iam::111122223333:mfa/*", "arn:aws:lambda:*:*:function:fn*",
    ];

    /// <summary>One entry, biased toward matching <paramref name="resource"/>.</summary>
    /// <param name="resource">The request resource.</param>
    /// <param name="caller">The caller, whose name variables may stand for.</param>
    public static Gen<string> Entry(string resource, Caller caller)
    {
        var options = new List<(int, Gen<string>)>
        {
            (5, Gen.Constant("*")),
            (2, Gen.Elements(s_unrelated)),
        };
        int[] colons = ColonPositions(resource);
        if (colons.Length < 5)
        {
            // `*` or a non-ARN name: only globs over the whole string apply.
            options.Add((4, Gen.Constant(resource)));
            options.Add((2, TextMutations.StarRun(resource, 0)));
            return Gen.Frequency(options.ToArray());
        }

        int resourcePart = colons[4] + 1;
        options.AddRange(
        [
            (8, Gen.Constant(resource)),
            (3, TextMutations.StarRun(resource, resourcePart)),
            (2, TextMutations.ReplaceOne(resource, resourcePart, "?")),
            (3, Gen.Choose(1, 5).SelectMany(field => FieldWildcard(resource, colons, field))),
            // Short patterns: the first k fields and a trailing `*` that runs over later colons (§5.2).
            (2, Gen.Choose(1, 4).Select(k => resource[..(colons[k - 1] + 1)] + "*")),
            (1, Gen.Choose(1, 4).Select(k => resource[..colons[k - 1]] + "*")),
            (1, Gen.Choose(1, 4).Select(k => resource[..colons[k - 1]])),
            (2, TextMutations.MixCase(resource)),
            (2, TextMutations.NearMiss(resource, 0)),
            (4, WithVariable(resource, resourcePart, caller)),
        ]);
        return Gen.Frequency(options.ToArray());
    }

    /// <summary>A Resource (or NotResource) element of one or two entries.</summary>
    public static Gen<ResourceElement> Element(string resource, Caller caller) =>
        from isNot in Gen.Frequency((7, Gen.Constant(false)), (1, Gen.Constant(true)))
        from count in Gen.Frequency((4, Gen.Constant(1)), (1, Gen.Constant(2)))
        from entries in Gen.ArrayOf(isNot
            ? Gen.Frequency((2, Gen.Elements(s_unrelated)), (1, Entry(resource, caller)))
            : Entry(resource, caller), count)
        select new ResourceElement(isNot, [.. entries]);

    private static Gen<string> FieldWildcard(string resource, int[] colons, int field)
    {
        // field 1..5 = partition, service, region, account, resource part.
        int start = colons[field - 1] + 1;
        int end = field < 5 ? colons[field] : resource.Length;
        string text = resource[start..end];
        return Gen.Elements("*", text + "*", "*" + text, text.Length > 0 ? "?" + text[1..] : "?", text + "?").Select(glob =>
            string.Concat(resource.AsSpan(0, start), glob, resource.AsSpan(end)));
    }

    private static Gen<string> WithVariable(string resource, int resourcePart, Caller caller)
    {
        string head = resource[..resourcePart];
        string part = resource[resourcePart..];
        Gen<string> replaced = Gen.Elements(
            ("${aws:username}", caller.Name), ("${AWS:UserName}", caller.Name), ("${aws:PrincipalTag/team, 'red'}", "red"),
            ("${aws:PrincipalTag/team,'red'}", "red"), ("${aws:username, 'alice'}", "alice"), ("${aws:TagKeys}", "team"),
            ("${*}", "*"), ("${?}", "?")).Select(pair =>
            {
                int at = part.IndexOf(pair.Item2, StringComparison.Ordinal);
                return at < 0
                    ? head + part + pair.Item1
                    : head + string.Concat(part.AsSpan(0, at), pair.Item1, part.AsSpan(at + pair.Item2.Length));
            });
        // A variable in the account field is never substituted (§5.6).
        return Gen.Frequency((6, replaced), (1, Gen.Constant(resource.Replace(":111122223333:", ":${aws:PrincipalAccount}:", StringComparison.Ordinal))));
    }

    private static int[] ColonPositions(string text)
    {
        var positions = new List<int>(5);
        for (int i = 0; i < text.Length && positions.Count < 5; i++)
        {
            if (text[i] == ':')
            {
                positions.Add(i);
            }
        }

        return [.. positions];
    }
}
