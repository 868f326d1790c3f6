using System.Text;
using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>
/// A set's condition-key table finds a request key's slot exactly as a scan with ordinal
/// ignore-case would (iam-semantics.md §1.4), through its length groups, fingerprints and ASCII
/// fast path, for ASCII keys and for keys with non-ASCII characters, given as text or atomized
/// (<see cref="ConditionKey"/>).
/// </summary>
public sealed class ConditionKeyTableTests
{
    // Letters beside the characters one bit away from them ('@' '[' '`' '{'), and non-ASCII
    // look-alikes of ASCII letters (U+017F, U+0131, U+212A), which ordinal ignore-case decides.
    private const string Alphabet = "aAbBzZsSkK:/-_@[`{09\u00e9\u00c9\u0131I\u017f\u212a\u20ac";

    [Theory]
    [InlineData("aws:MultiFactorAuthPresent", "AWS:multifactorauthpresent", true)]
    [InlineData("aws:username", "aws:usernamf", false)]
    [InlineData("aws:user@", "aws:user`", false)]
    [InlineData("aws:user[", "aws:user{", false)]
    [InlineData("aws:Kelvin", "aws:\u212aelvin", false)] // U+212A is not K under ordinal ignore-case
    [InlineData("aws:SourceIp", "aws:\u017fourceIp", false)]
    [InlineData("aws:abc", "AWS:ABC", true)]
    [InlineData("a:b", "A:B", true)]
    public void Examples(string policyKey, string requestKey, bool found)
    {
        var table = new ConditionKeyTable(["s3:prefix", policyKey]);
        Assert.Equal(requestKey.Equals(policyKey, StringComparison.OrdinalIgnoreCase), found);
        Assert.Equal(found ? 1 : -1, table.SlotOf(requestKey));
    }

    [Fact]
    public void Agrees_with_a_scan_on_random_keys_with_and_without_non_ascii()
    {
        var random = new Random(20261207);
        for (int round = 0; round < 20_000; round++)
        {
            string[] keys = [.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => RandomKey(random))];
            var table = new ConditionKeyTable(keys);
            for (int probe = 0; probe < 4; probe++)
            {
                string asked = Variant(keys[random.Next(keys.Length)], random);
                int expected = Array.FindIndex(keys, k => k.Equals(asked, StringComparison.OrdinalIgnoreCase));
                Assert.True(expected == table.SlotOf(asked), $"\"{asked}\" in [{string.Join(", ", keys.Select(k => $"\"{k}\""))}]");

                // Found by its text, the key's own atom is learned (ResolveSlots keeps it in the request).
                _ = table.SlotOf(asked, KeyText.Fingerprint(asked), out int learned);
                Assert.Equal(expected >= 0 ? ConditionKey.Get(asked).Id : 0, learned);

                // Given atomized, the key is found by its id: the same answer.
                Assert.True(expected == table.SlotOf(ConditionKey.Get(asked)), $"atomized \"{asked}\" in [{string.Join(", ", keys.Select(k => $"\"{k}\""))}]");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(300)]
    public void Every_atomized_key_of_a_large_table_is_found_and_no_other(int count)
    {
        // Many keys collide in the id table and probe onward; keys atomized before and after the
        // table's own must not be found.
        ConditionKey before = ConditionKey.Get($"test:before/{Guid.NewGuid():N}");
        string[] keys = [.. Enumerable.Range(0, count).Select(i => $"test:table/{Guid.NewGuid():N}/{i}")];
        var table = new ConditionKeyTable(keys);
        ConditionKey after = ConditionKey.Get($"test:after/{Guid.NewGuid():N}");
        for (int slot = 0; slot < keys.Length; slot++)
        {
            Assert.Equal(slot, table.SlotOf(ConditionKey.Get(keys[slot].ToUpperInvariant())));
        }

        Assert.Equal(-1, table.SlotOf(before));
        Assert.Equal(-1, table.SlotOf(after));
    }

    private static string RandomKey(Random random)
    {
        var key = new StringBuilder();
        int length = random.Next(1, 30);
        for (int i = 0; i < length; i++)
        {
            // Mostly ASCII, as real keys are.
            key.Append(random.Next(8) == 0 ? Alphabet[random.Next(Alphabet.Length)] : Alphabet[random.Next(18)]);
        }

        return key.ToString();
    }

    // The key with some characters' case flipped or replaced, so that equal keys are common.
    private static string Variant(string key, Random random)
    {
        var variant = new StringBuilder(key);
        for (int i = 0; i < variant.Length; i++)
        {
            int roll = random.Next(12);
            if (roll < 5)
            {
                variant[i] = char.IsUpper(variant[i]) ? char.ToLowerInvariant(variant[i]) : char.ToUpperInvariant(variant[i]);
            }
            else if (roll == 5 && random.Next(3) == 0)
            {
                variant[i] = Alphabet[random.Next(Alphabet.Length)];
            }
        }

        return variant.ToString();
    }
}
