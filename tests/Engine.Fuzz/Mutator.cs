using System.Diagnostics;

namespace Engine.Fuzz;

/// <summary>
/// A small in-process mutator for runs without AFL++ (CI, <c>engine-fuzz TARGET --mutate S</c>):
/// bit flips, random bytes, deletions, duplications, JSON-ish tokens and splices of two seeds.
/// Not coverage-guided; it finds the shallow crashes cheaply, AFL++ the deep ones.
/// </summary>
public sealed class Mutator(IReadOnlyList<FuzzSeed> seeds, int seed)
{
    private static readonly byte[][] s_tokens =
    [
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), "\""u8.ToArray(), ","u8.ToArray(), ":"u8.ToArray(),
        "*"u8.ToArray(), "?"u8.ToArray(), "${"u8.ToArray(), "null"u8.ToArray(), "true"u8.ToArray(), "-0"u8.ToArray(), "1e999"u8.ToArray(),
        "\\u0000"u8.ToArray(), "\\ud800"u8.ToArray(), [0xFF, 0xFF], [0xC3], [0], "arn:aws:"u8.ToArray(),
    ];

    private readonly Random _random = new(seed);

    /// <summary>One mutant of a random seed.</summary>
    public byte[] Next()
    {
        var data = new List<byte>(seeds[_random.Next(seeds.Count)].Data);
        int operations = 1 + _random.Next(4);
        for (int i = 0; i < operations; i++)
        {
            Mutate(data);
        }

        return [.. data];
    }

    /// <summary>Runs mutants through a target until the time is up; returns how many ran.</summary>
    /// <param name="target">The target.</param>
    /// <param name="duration">How long.</param>
    /// <exception cref="FuzzFailureException">A mutant broke the oracle (it carries the input).</exception>
    public long RunFor(IFuzzTarget target, TimeSpan duration) => Run(target, long.MaxValue, duration);

    /// <summary>Runs a fixed number of mutants through a target.</summary>
    /// <param name="target">The target.</param>
    /// <param name="count">How many.</param>
    /// <exception cref="FuzzFailureException">A mutant broke the oracle (it carries the input).</exception>
    public long Run(IFuzzTarget target, long count) => Run(target, count, TimeSpan.MaxValue);

    private long Run(IFuzzTarget target, long count, TimeSpan duration)
    {
        ArgumentNullException.ThrowIfNull(target);
        var clock = Stopwatch.StartNew();
        long executions = 0;
        while (executions < count && clock.Elapsed < duration)
        {
            byte[] input = Next();
            try
            {
                target.Run(input);
            }
            catch (Exception e)
            {
                throw new FuzzFailureException(target.Name, input, e);
            }

            executions++;
        }

        return executions;
    }

    private void Mutate(List<byte> data)
    {
        int at = data.Count == 0 ? 0 : _random.Next(data.Count);
        switch (_random.Next(7))
        {
            case 0 when data.Count > 0:
                data[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[at] = (byte)_random.Next(256);
                break;
            case 2 when data.Count > 0:
                data.RemoveRange(at, Math.Min(data.Count - at, 1 + _random.Next(16)));
                break;
            case 3 when data.Count > 0:
                int length = Math.Min(data.Count - at, 1 + _random.Next(64));
                data.InsertRange(_random.Next(data.Count + 1), data.GetRange(at, length));
                break;
            case 4:
                data.InsertRange(at, s_tokens[_random.Next(s_tokens.Length)]);
                break;
            case 5:
                byte[] other = seeds[_random.Next(seeds.Count)].Data;
                if (other.Length > 0)
                {
                    int from = _random.Next(other.Length);
                    data.RemoveRange(at, data.Count - at);
                    data.AddRange(other.AsSpan(from).ToArray());
                }

                break;
            default:
                // Nesting: the classic way to exhaust a recursive reader's stack.
                byte open = _random.Next(2) == 0 ? (byte)'[' : (byte)'{';
                data.InsertRange(at, Enumerable.Repeat(open, 1 + _random.Next(2000)));
                break;
        }
    }
}

/// <summary>A fuzz input broke a target's oracle.</summary>
public sealed class FuzzFailureException : Exception
{
    public FuzzFailureException()
    {
    }

    public FuzzFailureException(string message)
        : base(message)
    {
    }

    public FuzzFailureException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public FuzzFailureException(string target, byte[] input, Exception inner)
        : base($"target `{target}` failed on an input of {input?.Length} bytes (base64 {Convert.ToBase64String(input ?? [])}): {inner?.GetType().Name}: {inner?.Message}", inner)
    {
        Input = input ?? [];
    }

    /// <summary>The input that failed.</summary>
    public byte[] Input { get; } = [];
}
