namespace Engine.Host.Cli;

/// <summary>
/// The parsed arguments of one command: <c>--name value</c> options (repeatable), <c>--flag</c>
/// switches and positional arguments. Small on purpose: the commands' needs are simple, and a
/// hand-written parser gives exactly the messages we want.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _switches = new(StringComparer.Ordinal);

    private CommandLine() { }

    public List<string> Positionals { get; } = [];

    /// <summary>Parses arguments given the names of the switches (options without a value).</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> switches, IReadOnlySet<string> options)
    {
        var line = new CommandLine();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "-h")
            {
                // The one short option: every usage text offers it.
                line._switches.Add("--help");
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--")
            {
                line.Positionals.Add(arg);
                continue;
            }

            string name = arg;
            string? value = null;
            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }

            if (switches.Contains(name) || name == "--help")
            {
                line._switches.Add(name);
                continue;
            }

            if (!options.Contains(name))
            {
                throw new UsageException($"unknown option `{name}`");
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"option `{name}` needs a value");
                }

                value = args[++i];
            }

            if (!line._options.TryGetValue(name, out List<string>? values))
            {
                line._options[name] = values = [];
            }

            values.Add(value);
        }

        return line;
    }

    public bool Has(string name) => _switches.Contains(name);

    /// <summary>Prints <paramref name="usage"/> when <c>--help</c> or <c>-h</c> was given.</summary>
    /// <returns>True when the usage was printed: the command has nothing else to do.</returns>
    public bool ShowHelp(string usage, TextWriter output)
    {
        if (!Has("--help"))
        {
            return false;
        }

        output.WriteLine(usage);
        return true;
    }

    /// <summary>Refuses positional arguments, for the commands that take none.</summary>
    public void RejectPositionals()
    {
        if (Positionals.Count > 0)
        {
            throw new UsageException($"unexpected argument `{Positionals[0]}`");
        }
    }

    public IReadOnlyList<string> All(string name) => _options.TryGetValue(name, out List<string>? values) ? values : [];

    public string? One(string name)
    {
        IReadOnlyList<string> values = All(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new UsageException($"option `{name}` is given {values.Count} times; give it once"),
        };
    }

    // One parse for both widths: the range check keeps an int option within int.
    public int Int(string name, int fallback, int min, int max) => (int)Long(name, fallback, min, max);

    public long Long(string name, long fallback, long min, long max)
    {
        string? text = One(name);
        if (text is null)
        {
            return fallback;
        }

        if (!long.TryParse(text, out long value) || value < min || value > max)
        {
            throw new UsageException($"option `{name}` takes a whole number from {min} to {max}, not `{text}`");
        }

        return value;
    }

    public double Double(string name, double fallback, double min, double max)
    {
        string? text = One(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out double value) || value < min || value > max)
        {
            throw new UsageException($"option `{name}` takes a number from {min} to {max}, not `{text}`");
        }

        return value;
    }
}

/// <summary>A mistake in how a command was called; printed with the command's usage, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
