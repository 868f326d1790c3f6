using Engine.Runtime.Conditions;

namespace Engine.Runtime.Tests.Conditions;

public sealed class IpAddressValueTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("203.0.113.7")]
    [InlineData("255.255.255.255")]
    [InlineData("10.0.0.1")]
    public void Parses_IPv4_like_the_framework(string text)
    {
        Assert.True(IpAddressValue.TryParseAddress(text, out UInt128 address, out bool isIPv6));
        Assert.False(isIPv6);
        byte[] bytes = System.Net.IPAddress.Parse(text).GetAddressBytes();
        Assert.Equal((UInt128)(((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3]), address);
    }

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("2001:db8::10")]
    [InlineData("2001:0DB8:0:0:0:0:0:10")]
    [InlineData("2001:DB8:1234:5678::")]
    [InlineData("1:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:7::")]
    [InlineData("::2:3:4:5:6:7:8")]
    [InlineData("::ffff:1.2.3.4")]
    [InlineData("64:ff9b::192.0.2.33")]
    [InlineData("1:2:3:4:5:6:1.2.3.4")]
    [InlineData("fe80::abcd:EF01")]
    public void Parses_IPv6_like_the_framework(string text)
    {
        Assert.True(IpAddressValue.TryParseAddress(text, out UInt128 address, out bool isIPv6));
        Assert.True(isIPv6);
        byte[] bytes = System.Net.IPAddress.Parse(text).GetAddressBytes();
        UInt128 expected = 0;
        foreach (byte b in bytes)
        {
            expected = (expected << 8) | b;
        }

        Assert.Equal(expected, address);
    }

    [Fact]
    public void IPv6_text_forms_are_equal()
    {
        Assert.True(IpAddressValue.TryParseAddress("2001:db8::10", out UInt128 a, out _));
        Assert.True(IpAddressValue.TryParseAddress("2001:0DB8:0:0:0:0:0:0010", out UInt128 b, out _));
        Assert.Equal(a, b);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("01.2.3.4")]
    [InlineData("1.2.3.04")]
    [InlineData("1.2.3.")]
    [InlineData(".1.2.3")]
    [InlineData("1..2.3")]
    [InlineData("1.2.3.4 ")]
    [InlineData("a.b.c.d")]
    [InlineData("1234.1.1.1")]
    [InlineData(":")]
    [InlineData(":::")]
    [InlineData("1:2:3:4:5:6:7")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7:8::")]
    [InlineData("::1:2:3:4:5:6:7:8")]
    [InlineData("1::2::3")]
    [InlineData("12345::")]
    [InlineData("1:")]
    [InlineData(":1::")]
    [InlineData("g::")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("::1.2.3.4:5")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("::ffff:01.2.3.4")]
    public void Rejects(string text) => Assert.False(IpAddressValue.TryParseAddress(text, out _, out _));

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.255", true)]
    [InlineData("203.0.113.0/24", "203.0.114.0", false)]
    [InlineData("203.0.113.77/24", "203.0.113.1", true)]
    [InlineData("0.0.0.0/0", "198.51.100.7", true)]
    [InlineData("0.0.0.0/0", "::1", false)]
    [InlineData("::/0", "2001:db8::1", true)]
    [InlineData("::/0", "1.2.3.4", false)]
    [InlineData("::/0", "::ffff:1.2.3.4", true)]
    [InlineData("1.2.3.4/0", "255.255.255.255", true)]
    [InlineData("203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    [InlineData("203.0.113.7/32", "203.0.113.7", true)]
    [InlineData("128.0.0.0/1", "200.0.0.0", true)]
    [InlineData("128.0.0.0/1", "127.255.255.255", false)]
    [InlineData("2001:DB8:1234:5678::/64", "2001:db8:1234:5678:ffff::1", true)]
    [InlineData("2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", false)]
    [InlineData("2001:db8::10", "2001:0db8:0:0:0:0:0:10", true)]
    [InlineData("2001:db8::10/128", "2001:db8::11", false)]
    [InlineData("8000::/1", "ffff::", true)]
    [InlineData("8000::/1", "7fff::", false)]
    [InlineData("1.2.3.4/24", "::ffff:1.2.3.4", false)]
    [InlineData("::ffff:1.2.3.0/120", "1.2.3.4", false)]
    public void Ranges(string range, string address, bool expected)
    {
        Assert.True(IpRange.TryCreate(range, out IpRange? parsed));
        Assert.True(IpAddressValue.TryParseAddress(address, out UInt128 value, out bool isIPv6));
        Assert.Equal(expected, parsed.Contains(value, isIPv6));
    }

    [Theory]
    [InlineData("1.2.3.4/33")]
    [InlineData("::/129")]
    [InlineData("1.2.3.4/")]
    [InlineData("1.2.3.4/-1")]
    [InlineData("1.2.3.4/08")]
    [InlineData("1.2.3.4/+8")]
    [InlineData("1.2.3.4/8/8")]
    [InlineData("/8")]
    [InlineData("1.2.3.4 /8")]
    public void Rejects_ranges(string text) => Assert.False(IpRange.TryCreate(text, out _));
}
