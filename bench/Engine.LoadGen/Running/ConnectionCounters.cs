using Engine.Protocol;
using Engine.Runtime.Evaluation;

namespace Engine.LoadGen.Running;

/// <summary>
/// One connection's tallies. Written by that connection's receive loop only; the progress reporter
/// reads the totals with <see cref="Volatile"/> while the run goes on, and the summary reads
/// everything after the loops ended.
/// </summary>
internal sealed class ConnectionCounters(int cases)
{
    private long _completed;
    private long _errors;
    private long _mismatches;

    /// <summary>Per case: how many answers differed from <c>expect</c>.</summary>
    public long[] MismatchesByCase { get; } = new long[cases];

    /// <summary>Per case: the last wrong answer.</summary>
    public Decision[] LastWrongAnswer { get; } = new Decision[cases];

    /// <summary>Per case: how many failed answers (non-Ok status).</summary>
    public long[] ErrorsByCase { get; } = new long[cases];

    /// <summary>Per status: how many failed answers (index = <see cref="ResponseStatus"/>).</summary>
    public long[] ErrorsByStatus { get; } = new long[(int)ResponseStatus.NotReady + 1];

    /// <summary>The first error message the server sent, or what broke the connection.</summary>
    public string? FirstError { get; private set; }

    /// <summary>Responses received (warmup included).</summary>
    public long Completed => Volatile.Read(ref _completed);

    /// <summary>Failed answers, broken connections and unanswered requests.</summary>
    public long Errors => Volatile.Read(ref _errors);

    /// <summary>Answers that differ from the case's <c>expect</c>.</summary>
    public long Mismatches => Volatile.Read(ref _mismatches);

    /// <summary>Counts a response.</summary>
    public void AddCompleted() => Volatile.Write(ref _completed, _completed + 1);

    /// <summary>Counts a wrong answer.</summary>
    /// <param name="caseIndex">The case.</param>
    /// <param name="actual">What the server said.</param>
    public void AddMismatch(int caseIndex, Decision actual)
    {
        MismatchesByCase[caseIndex]++;
        LastWrongAnswer[caseIndex] = actual;
        Volatile.Write(ref _mismatches, _mismatches + 1);
    }

    /// <summary>Counts a failed answer with its status.</summary>
    /// <param name="status">The status.</param>
    /// <param name="message">The server's message, when it sent one.</param>
    /// <param name="caseIndex">The case.</param>
    public void AddError(ResponseStatus status, string? message, int caseIndex)
    {
        ErrorsByStatus[(int)status]++;
        ErrorsByCase[caseIndex]++;
        if (message is not null)
        {
            FirstError ??= message;
        }

        Interlocked.Increment(ref _errors);
    }

    /// <summary>Counts an error that is not a status: a broken connection, unanswered requests.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="count">How many requests it cost.</param>
    public void AddError(string message, long count)
    {
        FirstError ??= message;
        Interlocked.Add(ref _errors, count);
    }
}
