using Engine.Runtime.Evaluation;

namespace Engine.LoadGen.Running;

/// <summary>
/// One lane's tallies. Answers complete on pool threads, several at once on one lane (gRPC streams,
/// open-loop requests), so every write takes the lock; the progress line reads the totals with
/// <see cref="Volatile"/> while the run goes on.
/// </summary>
internal sealed class GatewayCounters(int cases)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _errorKinds = new(StringComparer.Ordinal);
    private long _completed;
    private long _errors;
    private long _mismatches;

    /// <summary>Per case: how many answers differed from <c>expect</c>.</summary>
    public long[] MismatchesByCase { get; } = new long[cases];

    /// <summary>Per case: the last wrong answer, described.</summary>
    public string[] LastWrongAnswer { get; } = new string[cases];

    /// <summary>Per case: how many requests failed.</summary>
    public long[] ErrorsByCase { get; } = new long[cases];

    /// <summary>Answers received (warmup included).</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Failed requests.</summary>
    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Answers that differ from the case's <c>expect</c>.</summary>
    public long Mismatches => Volatile.Read(ref _mismatches);

    /// <summary>Counts an answer and checks it.</summary>
    /// <param name="caseIndex">The case.</param>
    /// <param name="expect">Its expected decision, or null (not checked).</param>
    /// <param name="answer">What the server said.</param>
    public void Add(int caseIndex, Decision? expect, in GatewayAnswer answer)
    {
        lock (_lock)
        {
            Volatile.Write(ref _completed, _completed + 1);
            if (answer.Error is string error)
            {
                AddErrorLocked(error, caseIndex);
            }
            else if (expect is Decision expected && !answer.Matches(expected))
            {
                MismatchesByCase[caseIndex]++;
                LastWrongAnswer[caseIndex] = answer.Describe();
                Volatile.Write(ref _mismatches, _mismatches + 1);
            }
        }
    }

    /// <summary>Counts a request that got no answer (a broken connection, cut off after the drain).</summary>
    /// <param name="kind">What happened.</param>
    /// <param name="caseIndex">The case.</param>
    public void AddFailure(string kind, int caseIndex)
    {
        lock (_lock)
        {
            AddErrorLocked(kind, caseIndex);
        }
    }

    /// <summary>The errors by kind, most frequent first.</summary>
    /// <returns>A copy.</returns>
    public KeyValuePair<string, long>[] ErrorKinds()
    {
        lock (_lock)
        {
            return [.. _errorKinds];
        }
    }

    private void AddErrorLocked(string kind, int caseIndex)
    {
        _errorKinds[kind] = _errorKinds.GetValueOrDefault(kind) + 1;
        ErrorsByCase[caseIndex]++;
        Volatile.Write(ref _errors, _errors + 1);
    }
}
