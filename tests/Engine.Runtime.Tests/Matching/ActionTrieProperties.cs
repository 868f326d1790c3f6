using System.Text;
using Engine.Runtime.Matching;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Runtime.Tests.Matching;

/// <summary>
/// <see cref="ActionTrie.Match"/> against a linear scan that applies §4.1 to every entry, over
/// entries drawn from the real action catalog with wildcards and case changes mixed in.
/// </summary>
public sealed class ActionTrieProperties
{
    private static readonly Lazy<string[]> s_actions = new(() =>
        Engine.Testing.TestData.ActionCatalogLines()
            .Select(line => line.Split('\t')[0])
            .Where(name => name.Contains(':', StringComparison.Ordinal))
            .ToArray());

    /// <summary>§4.1, entry by entry: the reference the trie must agree with.</summary>
    private static bool LinearMatch(string escapedPattern, string action)
    {
        if (escapedPattern == "*")
        {
            return true;
        }

        string unescapedPrefix = Unescape(escapedPattern, out int nameStart);
        int actionColon = action.IndexOf(':', StringComparison.Ordinal);
        return nameStart >= 0
            && actionColon >= 0
            && string.Equals(unescapedPrefix, action[..actionColon], StringComparison.OrdinalIgnoreCase)
            && Glob.IsMatch(escapedPattern.AsSpan(nameStart), action.AsSpan(actionColon + 1), ignoreCase: true);
    }

    private static string Unescape(string escapedPattern, out int nameStart)
    {
        var prefix = new StringBuilder();
        for (int i = 0; i < escapedPattern.Length; i++)
        {
            char c = escapedPattern[i];
            if (c == '\\' && i + 1 < escapedPattern.Length)
            {
                c = escapedPattern[++i];
            }

            if (c == ':')
            {
                nameStart = i + 1;
                return prefix.ToString();
            }

            prefix.Append(c);
        }

        nameStart = -1;
        return prefix.ToString();
    }

    private static string Mutate(string action, Random random)
    {
        var text = new StringBuilder(action);
        int colon = action.IndexOf(':', StringComparison.Ordinal);
        int edits = random.Next(3);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(10))
            {
                case 0:
                    return "*";
                case 1:
                    // Cut the name and end with a star: the common prefix-star entry.
                    return action[..Math.Min(action.Length, colon + 1 + random.Next(action.Length - colon))] + "*";
                case 2 when at < text.Length:
                    text[at] = char.IsUpper(text[at]) ? char.ToLowerInvariant(text[at]) : char.ToUpperInvariant(text[at]);
                    break;
                case 3:
                    text.Insert(at, '*');
                    break;
                case 4 when at < text.Length:
                    text[at] = '?';
                    break;
                case 5:
                    text.Insert(at, @"\*");
                    break;
                case 6 when at < text.Length:
                    text.Remove(at, 1);
                    break;
                case 7:
                    text.Insert(colon + 1, '*');
                    break;
                default:
                    break;
            }
        }

        return text.ToString();
    }

    private static Gen<(string[] Patterns, string Action)> Cases() =>
        from count in Gen.Choose(1, 40)
        from seed in Gen.Choose(0, int.MaxValue)
        select Build(count, seed);

    private static (string[] Patterns, string Action) Build(int count, int seed)
    {
        var random = new Random(seed);
        string[] actions = s_actions.Value;

        // Draw from a few services so that entries collide on prefixes and names.
        string[] pool = Enumerable.Range(0, 6).Select(_ => actions[random.Next(actions.Length)]).ToArray();
        var patterns = new string[count];
        for (int i = 0; i < count; i++)
        {
            string source = random.Next(4) == 0 ? actions[random.Next(actions.Length)] : pool[random.Next(pool.Length)];
            patterns[i] = Mutate(source, random);
        }

        string action = random.Next(3) switch
        {
            0 => pool[random.Next(pool.Length)],
            1 => Mutate(pool[random.Next(pool.Length)], random).Replace("*", "x", StringComparison.Ordinal),
            _ => actions[random.Next(actions.Length)],
        };
        return (patterns, action);
    }

    [Property(MaxTest = 2000)]
    public Property Match_agrees_with_a_linear_scan() =>
        Prop.ForAll(Arb.From(Cases()), c =>
        {
            var builder = new ActionTrieBuilder();
            for (int i = 0; i < c.Patterns.Length; i++)
            {
                builder.Add(c.Patterns[i], i);
            }

            ActionTrie trie = builder.Build();
            Span<ulong> bits = stackalloc ulong[trie.WordCount];
            trie.Match(c.Action, bits);
            int matches = 0;
            bool agree = true;
            for (int i = 0; i < c.Patterns.Length; i++)
            {
                bool expected = LinearMatch(c.Patterns[i], c.Action);
                bool actual = (bits[i >> 6] & (1UL << (i & 63))) != 0;
                matches += expected ? 1 : 0;
                agree &= expected == actual;
            }

            return agree
                .Label($"action `{c.Action}` patterns [{string.Join(", ", c.Patterns)}]")
                .Classify(matches == 0, "no entry matches")
                .Classify(matches > 1, "several entries match");
        });

    // A bundle's sets place each shared document's trie (statements numbered from 0) at the id of
    // the document's first statement; the tries together must mark what one trie over the set's
    // ids marks. Runs are cut at random, with statements of no entry between them and first ids
    // that cross 64-bit words.
    [Property(MaxTest = 1000)]
    public Property Tries_placed_at_first_ids_agree_with_a_linear_scan() =>
        Prop.ForAll(Arb.From(Cases()), Arb.From(Gen.Choose(0, int.MaxValue)), (c, seed) =>
        {
            var random = new Random(seed);
            var tries = new List<ActionTrie>();
            var firstIds = new List<int>();
            var idOf = new int[c.Patterns.Length];
            int next = random.Next(70);
            for (int start = 0; start < c.Patterns.Length;)
            {
                int length = 1 + random.Next(c.Patterns.Length - start);
                var builder = new ActionTrieBuilder();
                for (int i = 0; i < length; i++)
                {
                    builder.Add(c.Patterns[start + i], i);
                    idOf[start + i] = next + i;
                }

                tries.Add(builder.Build());
                firstIds.Add(next);
                next += length + random.Next(70);
                start += length;
            }

            var set = new ActionTrieSet([.. tries], [.. firstIds]);
            char[] folded = [.. c.Action.Select(CaseFolding.Fold)];
            ulong[] bits = new ulong[(next + 63) >> 6];
            set.MatchFolded(c.Action, folded, bits);
            int marked = bits.Sum(w => System.Numerics.BitOperations.PopCount(w)), expectedCount = 0;
            bool agree = true;
            for (int i = 0; i < c.Patterns.Length; i++)
            {
                bool expected = LinearMatch(c.Patterns[i], c.Action);
                expectedCount += expected ? 1 : 0;
                agree &= expected == ((bits[idOf[i] >> 6] & (1UL << (idOf[i] & 63))) != 0);
            }

            return (agree && marked == expectedCount)
                .Label($"action `{c.Action}` patterns [{string.Join(", ", c.Patterns)}] at [{string.Join(", ", idOf)}]")
                .Classify(tries.Count > 1, "several tries");
        });

    [Fact]
    public void A_large_policy_matches_in_one_pass()
    {
        string[] actions = s_actions.Value;
        var builder = new ActionTrieBuilder();
        for (int i = 0; i < actions.Length; i++)
        {
            builder.Add(actions[i], i);
        }

        builder.Add("iam:*AccessKey*", actions.Length);
        ActionTrie trie = builder.Build();
        ulong[] bits = new ulong[trie.WordCount];
        trie.Match("IAM:listaccesskeys", bits);
        int set = bits.Sum(w => System.Numerics.BitOperations.PopCount(w));
        Assert.Equal(2, set);
        Assert.True((bits[actions.Length >> 6] & (1UL << (actions.Length & 63))) != 0);
    }
}
