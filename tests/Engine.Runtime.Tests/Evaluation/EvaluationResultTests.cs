using Engine.Runtime.Evaluation;

namespace Engine.Runtime.Tests.Evaluation;

/// <summary>
/// An answer is packed into one 64-bit value (PERF, see EvaluationResult); every field must read
/// back as given, alone and after <c>with</c>, and equality and printing must stay the record's.
/// </summary>
public sealed class EvaluationResultTests
{
    public static TheoryData<int> StatementIds => [-1, 0, 1, 63, 64, 65_535, 1 << 20, int.MaxValue, int.MinValue];

    [Theory]
    [MemberData(nameof(StatementIds))]
    public void Every_field_reads_back_as_given(int statementId)
    {
        foreach (Decision decision in Enum.GetValues<Decision>())
        {
            foreach (EvaluationStatus status in Enum.GetValues<EvaluationStatus>())
            {
                var result = new EvaluationResult(decision, statementId, status);
                Assert.Equal(decision, result.Decision);
                Assert.Equal(statementId, result.StatementId);
                Assert.Equal(status, result.Status);

                (Decision d, int id, EvaluationStatus s) = result;
                Assert.Equal((decision, statementId, status), (d, id, s));
            }
        }
    }

    [Fact]
    public void With_changes_one_field_and_keeps_the_others()
    {
        var result = new EvaluationResult(Decision.ExplicitDeny, 42, EvaluationStatus.Ok);
        Assert.Equal(new EvaluationResult(Decision.Allow, 42, EvaluationStatus.Ok), result with { Decision = Decision.Allow });
        Assert.Equal(new EvaluationResult(Decision.ExplicitDeny, -1, EvaluationStatus.Ok), result with { StatementId = -1 });
        Assert.Equal(new EvaluationResult(Decision.ExplicitDeny, 42, EvaluationStatus.MalformedAction), result with { Status = EvaluationStatus.MalformedAction });
    }

    [Fact]
    public void Equality_default_and_printing_are_the_records()
    {
        Assert.Equal(new EvaluationResult(Decision.Allow, 7, EvaluationStatus.Ok), new EvaluationResult(Decision.Allow, 7, EvaluationStatus.Ok));
        Assert.NotEqual(new EvaluationResult(Decision.Allow, 7, EvaluationStatus.Ok), new EvaluationResult(Decision.Allow, 8, EvaluationStatus.Ok));
        Assert.Equal(new EvaluationResult(default, 0, default), default);
        Assert.Equal(
            "EvaluationResult { Decision = Allow, StatementId = 7, Status = Ok }",
            new EvaluationResult(Decision.Allow, 7, EvaluationStatus.Ok).ToString());
    }
}
