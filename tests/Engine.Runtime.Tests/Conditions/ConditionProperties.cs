using System.Globalization;
using System.Net;
using Engine.Runtime.Conditions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Engine.Runtime.Tests.Conditions;

public sealed class ConditionProperties
{
    private static Gen<string> DecimalText() =>
        from sign in Gen.Elements("", "-", "+")
        from zeros in Gen.Elements("", "0", "00")
        from integer in Gen.Choose(0, 100_000)
        from hasFraction in Gen.Elements(true, false)
        from fraction in Gen.Choose(0, 999)
        from trailing in Gen.Elements("", "0", "000")
        select sign + zeros + integer.ToString(CultureInfo.InvariantCulture)
            + (hasFraction ? "." + fraction.ToString("000", CultureInfo.InvariantCulture) + trailing : string.Empty);

    [Property(MaxTest = 3000)]
    public Property Numeric_comparison_agrees_with_decimal() =>
        Prop.ForAll(Arb.From(Gen.Zip(DecimalText(), DecimalText())), c =>
        {
            (string request, string policy) = c;
            int expected = Math.Sign(decimal.Parse(request, CultureInfo.InvariantCulture)
                .CompareTo(decimal.Parse(policy, CultureInfo.InvariantCulture)));
            bool ok = NumericLiteral.TryCreate(policy, out NumericLiteral? literal)
                && NumericValue.TryCompare(request, literal, out int comparison)
                && comparison == expected;
            return ok.Label($"{request} vs {policy}").Classify(expected == 0, "equal");
        });

    private static Gen<string> IPv6Text() =>
        from groups in Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(0, 0xFFFF))), 8)
        from upper in Gen.Elements(true, false)
        from padded in Gen.Elements(true, false)
        select string.Join(':', groups.Select(g => g.ToString(padded ? (upper ? "X4" : "x4") : (upper ? "X" : "x"), CultureInfo.InvariantCulture)));

    [Property(MaxTest = 2000)]
    public Property IPv6_forms_parse_to_the_framework_address() =>
        Prop.ForAll(Arb.From(IPv6Text()), text =>
        {
            // The framework's canonical text uses :: compression and sometimes a dotted tail.
            IPAddress framework = IPAddress.Parse(text);
            UInt128 expected = 0;
            foreach (byte b in framework.GetAddressBytes())
            {
                expected = (expected << 8) | b;
            }

            string compressed = framework.ToString();
            bool ok = IpAddressValue.TryParseAddress(text, out UInt128 full, out bool v6a)
                && IpAddressValue.TryParseAddress(compressed, out UInt128 shortForm, out bool v6b)
                && v6a && v6b && full == expected && shortForm == expected;
            return ok.Label($"{text} / {compressed}");
        });

    [Property(MaxTest = 2000)]
    public Property CIDR_containment_agrees_with_a_prefix_comparison() =>
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Choose(0, 32), Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue)))), c =>
        {
            (int prefix, (int a, int b)) = c;
            uint network = (uint)a;
            uint address = prefix == 32 || (b & 1) == 0 ? network ^ ((uint)b >> Math.Min(prefix, 31) >> (prefix == 32 ? 1 : 0)) : (uint)b;
            string range = $"{new IPAddress(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(network)))}/{prefix}";
            bool expected = prefix == 0 || (network >> (32 - prefix)) == (address >> (32 - prefix));
            bool ok = IpRange.TryCreate(range, out IpRange? parsed) && parsed.Contains(address, isIPv6: false) == expected;
            return ok.Label($"{range} contains {address:X8}: {expected}").Classify(expected, "inside");
        });
}
