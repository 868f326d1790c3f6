using Engine.Fuzz;
using SharpFuzz;

// engine-fuzz: the fuzz targets of docs/fuzzing.md.
//   engine-fuzz TARGET                  under afl-fuzz (fuzz/run.sh): one input per execution
//   engine-fuzz TARGET --seeds DIR      write the seed corpus
//   engine-fuzz TARGET --replay FILE..  run saved inputs (AFL's crashes/, hangs/) once each
//   engine-fuzz TARGET --mutate S       S seconds of in-process mutation, without AFL
//   engine-fuzz --list
if (args.Length == 0 || args[0] is "--help" or "-h")
{
    Console.WriteLine("usage: engine-fuzz TARGET [--seeds DIR | --replay FILE... | --mutate SECONDS] | --list");
    Console.WriteLine("targets: " + string.Join(", ", FuzzTargets.All.Select(t => t.Name)));
    return args.Length == 0 ? 2 : 0;
}

if (args[0] == "--list")
{
    foreach (IFuzzTarget t in FuzzTargets.All)
    {
        Console.WriteLine(t.Name);
    }

    return 0;
}

if (FuzzTargets.Find(args[0]) is not IFuzzTarget target)
{
    Console.Error.WriteLine($"engine-fuzz: unknown target `{args[0]}` (targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))})");
    return 2;
}

switch (args.Length > 1 ? args[1] : null)
{
    case null:
        // Persistent mode: one process serves many executions, so the JIT and the lazily loaded
        // example bundle are paid once. An exception escaping Run is the crash AFL++ records.
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;
    case "--seeds" when args.Length == 3:
        Directory.CreateDirectory(args[2]);
        int written = 0;
        foreach (FuzzSeed seed in target.Seeds(RepositoryFiles.Root()))
        {
            File.WriteAllBytes(Path.Combine(args[2], seed.Name), seed.Data);
            written++;
        }

        Console.WriteLine($"engine-fuzz: {written} seeds for `{target.Name}` in {args[2]}");
        return written > 0 ? 0 : 1;
    case "--replay" when args.Length > 2:
        int failed = 0;
        foreach (string file in args.Skip(2))
        {
            try
            {
                target.Run(File.ReadAllBytes(file));
                Console.WriteLine($"ok      {file}");
            }
            catch (Exception e)
            {
                failed++;
                Console.WriteLine($"FAILED  {file}: {e}");
            }
        }

        return failed == 0 ? 0 : 1;
    case "--mutate" when args.Length == 3 && double.TryParse(args[2], System.Globalization.CultureInfo.InvariantCulture, out double seconds):
        var seeds = target.Seeds(RepositoryFiles.Root()).ToList();
        try
        {
            long executions = new Mutator(seeds, Environment.TickCount).RunFor(target, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"engine-fuzz: `{target.Name}`: {executions} mutants in {seconds} s, no failure");
            return 0;
        }
        catch (FuzzFailureException e)
        {
            Console.Error.WriteLine(e);
            return 1;
        }

    default:
        Console.Error.WriteLine("usage: engine-fuzz TARGET [--seeds DIR | --replay FILE... | --mutate SECONDS] | --list");
        return 2;
}
