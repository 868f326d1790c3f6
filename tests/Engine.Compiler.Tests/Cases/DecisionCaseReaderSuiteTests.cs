using System.Collections.Immutable;
using System.Text;
using Engine.Compiler.Cases;
using Engine.Runtime.Evaluation;

namespace Engine.Compiler.Tests.Cases;

/// <summary>Suites (case-format.md, "Suites"): one policy set, many questions; each malformed form with its message and position.</summary>
public sealed class DecisionCaseReaderSuiteTests
{
    private const string Request = """{"principal":"arn:aws:iam::111122223333:user/alice","action":"s3:GetObject","resource":"*"}""";
    private const string SendMessage = """{"principal":"arn:aws:iam::111122223333:user/alice","action":"sqs:SendMessage","resource":"*"}""";
    private const string Allow = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}""";

    [Fact]
    public void A_suite_names_its_cases_by_name_or_index_and_shares_one_policy_set()
    {
        string json = $$"""
            {"name":"s3-read","description":"one set","policies":{"identity":[{{Allow}}]},"cases":[
              {"name":"get","request":{{Request}},"expect":"Allow"},
              {"description":"no name","request":{{Request}},"expect":"Allow"}
            ]}
            """;
        (ImmutableArray<DecisionCase> cases, ImmutableArray<CaseLoadError> errors) = Read(json);
        Assert.Empty(errors);
        Assert.Equal(["s3-read/get", "s3-read/1"], cases.Select(c => c.Name));
        Assert.Same(cases[0].Policies, cases[1].Policies);
        Assert.Single(cases[0].Policies!.Identity);
        Assert.Equal("no name", cases[1].Description);
        Assert.Null(cases[0].Description);
        Assert.Equal("t.json.cases[1] (line 3, column 3)", cases[1].Source);
        Assert.All(cases, c => Assert.Equal(Decision.Allow, c.Expect));
    }

    [Fact]
    public void Cases_may_come_before_the_policies()
    {
        (ImmutableArray<DecisionCase> cases, ImmutableArray<CaseLoadError> errors) =
            Read($$"""{"cases":[{"request":{{Request}},"expect":"Allow"}],"policies":{"identity":[{{Allow}}]},"name":"late"}""");
        Assert.Empty(errors);
        DecisionCase only = Assert.Single(cases);
        Assert.Equal("late/0", only.Name);
        Assert.NotNull(only.Policies);
    }

    [Fact]
    public void An_array_mixes_cases_and_suites()
    {
        string json = $$"""
            [
              {"name":"single","policies":{"identity":[{{Allow}}]},"request":{{Request}},"expect":"Allow"},
              {"name":"suite","policies":{"identity":[]},"cases":[{"request":{{Request}},"expect":"ImplicitDeny"}]}
            ]
            """;
        (ImmutableArray<DecisionCase> cases, ImmutableArray<CaseLoadError> errors) = Read(json);
        Assert.Empty(errors);
        Assert.Equal(["single", "suite/0"], cases.Select(c => c.Name));
        Assert.Equal("t.json[1].cases[0] (line 3, column 55)", cases[1].Source);
    }

    [Fact]
    public void A_jsonl_file_holds_one_suite_or_case_per_line()
    {
        string jsonl =
            $$"""{"name":"a","policies":{"identity":[]},"cases":[{"request":{{Request}}},{"name":"x","request":{{Request}}}]}""" + "\n"
            + $$"""{"name":"c","policies":{"identity":[]},"request":{{Request}}}""" + "\n"
            + $$"""{"name":"b","policies":{"identity":[{{Allow}}]},"cases":[{"request":{{Request}},"expect":"Allow"}]}""" + "\n";
        (ImmutableArray<DecisionCase> cases, ImmutableArray<CaseLoadError> errors) = Read(jsonl, jsonLines: true);
        Assert.Empty(errors);
        Assert.Equal(["a/0", "a/x", "c", "b/0"], cases.Select(c => c.Name));
        Assert.Same(cases[0].Policies, cases[1].Policies);
        Assert.NotSame(cases[0].Policies, cases[3].Policies);
        Assert.StartsWith("t.json.cases[0] (line 3, column ", cases[3].Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_case_of_a_suite_is_decided_with_the_suite_policies()
    {
        (ImmutableArray<DecisionCase> cases, _) = Read($$"""{"name":"s","policies":{"identity":[{{Allow}}]},"cases":[{"request":{{Request}}},{"request":{{SendMessage}}}]}""");
        var engine = new DecisionEngine(EngineKind.Compiled);
        Assert.Equal(Decision.Allow, engine.Decide(cases[0].Policies!, cases[0].Query).Decision);
        Assert.Equal(Decision.ImplicitDeny, engine.Decide(cases[1].Policies!, cases[1].Query).Decision);
    }

    public static TheoryData<string, string> MalformedSuites() => new()
    {
        // A case inside a suite that carries its own policies makes the file malformed.
        {
            $$"""
            {"name":"s","policies":{"identity":[]},"cases":[
              {"name":"a","request":{{Request}}},
              {"name":"b","policies":{"identity":[]},"request":{{Request}}}
            ]}
            """,
            "a case inside a suite carries its own `policies` (the suite's `policies` decide its cases) at $.cases[1].policies (line 3, column 15)"
        },
        {
            // `policies: null` is still policies of its own.
            $$"""{"name":"s","policies":{"identity":[]},"cases":[{"policies":null,"request":{{Request}}}]}""",
            "a case inside a suite carries its own `policies` (the suite's `policies` decide its cases) at $.cases[0].policies (line 1, column 50)"
        },
        {
            $$"""{"policies":{"identity":[]},"cases":[{"request":{{Request}}}]}""",
            "a suite needs a `name` at $ (line 1, column 1)"
        },
        {
            $$"""{"name":"s","cases":[{"request":{{Request}}}]}""",
            "a suite needs `policies` at $ (line 1, column 1)"
        },
        {
            $$"""{"name":"s","policies":null,"cases":[{"request":{{Request}}}]}""",
            "the `policies` of a suite must be an object at $.policies (line 1, column 24)"
        },
        {
            """{"name":"s","policies":{"identity":[]},"cases":{"request":{}}}""",
            "the `cases` of a suite must be an array of cases at $.cases (line 1, column 48)"
        },
        {
            """{"name":"s","policies":{"identity":[]},"cases":["get"]}""",
            "a case must be a JSON object at $.cases[0] (line 1, column 49)"
        },
        {
            $$"""{"name":"s","policies":{"identity":[]},"request":{{Request}},"cases":[]}""",
            "unknown suite member `request` at $.request (line 1, column 40)"
        },
        {
            """{"name":"s","policies":{"identity":[]},"cases":[{"name":"a","expect":"Allow"}]}""",
            "a case needs a `request` at $.cases[0] (line 1, column 49)"
        },
        {
            // A suite does not nest.
            $$"""{"name":"s","policies":{"identity":[]},"cases":[{"name":"inner","cases":[]}]}""",
            "unknown case member `cases` at $.cases[0].cases (line 1, column 65)"
        },
        {
            $$"""{"name":"s","policies":{"identity":[]},"cases":[{"request":{{Request}},"expect":"Deny"}]}""",
            "`Deny` is not a decision; use \"Allow\", \"ExplicitDeny\" or \"ImplicitDeny\" at $.cases[0].expect (line 1, column 161)"
        },
    };

    [Theory]
    [MemberData(nameof(MalformedSuites))]
    public void A_malformed_suite_is_one_located_error_and_no_cases(string json, string message)
    {
        (ImmutableArray<DecisionCase> cases, ImmutableArray<CaseLoadError> errors) = Read(json);
        Assert.Empty(cases);
        CaseLoadError error = Assert.Single(errors);
        Assert.Equal("t.json", error.Source);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_malformed_suite_in_an_array_fails_the_file_at_its_index()
    {
        string json = $$"""
            [{"name":"ok","policies":{"identity":[]},"cases":[{"request":{{Request}}}]},
             {"name":"bad","policies":{"identity":[]},"cases":[{"policies":{},"request":{{Request}}}]}]
            """;
        (_, ImmutableArray<CaseLoadError> errors) = Read(json);
        CaseLoadError error = Assert.Single(errors);
        Assert.Equal("t.json", error.Source);
        Assert.Equal("a case inside a suite carries its own `policies` (the suite's `policies` decide its cases) at $[1].cases[0].policies (line 2, column 53)", error.Message);
    }

    [Fact]
    public void A_malformed_suite_in_a_jsonl_file_fails_its_line_only()
    {
        string jsonl =
            $$"""{"name":"a","policies":{"identity":[]},"cases":[{"request":{{Request}}}]}""" + "\n"
            + """{"name":"b","policies":{"identity":[]},"cases":[{"policies":{}}]}""" + "\n";
        (ImmutableArray<DecisionCase> cases, ImmutableArray<CaseLoadError> errors) = Read(jsonl, jsonLines: true);
        Assert.Equal(["a/0"], cases.Select(c => c.Name));
        CaseLoadError error = Assert.Single(errors);
        Assert.Equal("a case inside a suite carries its own `policies` (the suite's `policies` decide its cases) at $.cases[0].policies (line 2, column 50)", error.Message);
    }

    [Fact]
    public void An_invalid_policy_of_a_suite_fails_the_suite_with_the_policy_error()
    {
        string json = """
            {"name":"s","policies":{"identity":[
              {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"StringLikee":{"s3:prefix":"a"}}}]}
            ]},"cases":[{"request":{"principal":"p","action":"s3:GetObject","resource":"*"}}]}
            """;
        (ImmutableArray<DecisionCase> cases, ImmutableArray<CaseLoadError> errors) = Read(json);
        Assert.Empty(cases);
        CaseLoadError error = Assert.Single(errors);
        Assert.Equal("t.json (s)", error.Source);
        Assert.StartsWith("policies.identity[0]: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("`StringLikee`", error.Message, StringComparison.Ordinal);
        Assert.Contains("(line 2, column ", error.Message, StringComparison.Ordinal);
    }

    private static (ImmutableArray<DecisionCase> Cases, ImmutableArray<CaseLoadError> Errors) Read(string text, bool jsonLines = false)
    {
        var cases = ImmutableArray.CreateBuilder<DecisionCase>();
        var errors = ImmutableArray.CreateBuilder<CaseLoadError>();
        DecisionCaseReader.ReadText(Encoding.UTF8.GetBytes(text), "t.json", jsonLines, cases, errors);
        return (cases.ToImmutable(), errors.ToImmutable());
    }
}
