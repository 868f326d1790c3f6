using Engine.Host.Cli;

namespace Engine.Host;

/// <summary>The <c>engine</c> command: dispatches to one sub-command.</summary>
internal static class Program
{
    private const string Usage = """
        engine — an AWS IAM policy decision engine

        usage: engine <command> [options]        (engine <command> --help for details)

        commands:
          check      decide decision-case files and report mismatches with `expect`
          eval       answer one authorization question and explain it
          validate   parse and validate policy documents, printing every error with its location
          bench      measure decisions per second on decision-case files (like `opa bench`)
          compile    compile policy files and report compile times
          serve      run the decision server (TCP or unix socket, binary protocol)
          query      ask a running server one question
          stats      print a running server's counters
          who-can    every principal of a bundle or AWS account allowed to do one thing
          can-do     the catalog actions one principal of a bundle or AWS account may perform
        """;

    private static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        string command = args[0];
        string[] rest = args[1..];
        try
        {
            return command switch
            {
                "check" => CheckCommand.Run(rest, Console.Out),
                "eval" => EvalCommand.Run(rest, Console.Out),
                "validate" => ValidateCommand.Run(rest, Console.Out),
                "bench" => BenchCommand.Run(rest, Console.Out),
                "compile" => CompileCommand.Run(rest, Console.Out),
                "serve" => ServeCommand.Run(rest, Console.Out),
                "query" => QueryCommand.Run(rest, Console.Out),
                "stats" => StatsCommand.Run(rest, Console.Out),
                "who-can" => WhoCanCommand.Run(rest, Console.Out),
                "can-do" => CanDoCommand.Run(rest, Console.Out),
                _ => throw new UsageException($"unknown command `{command}`"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"engine {command}: {e.Message}");
            Console.Error.WriteLine("run `engine --help` or `engine <command> --help` for usage");
            return 2;
        }
    }
}
