using System.Diagnostics;
using System.Text;
using Engine.Catalog;
using Engine.Runtime.Evaluation;
using Xunit.Abstractions;

namespace Engine.Lint.Tests;

/// <summary>
/// AWS's own managed policies and the published examples give no ERROR finding, except for the gaps of the
/// catalog snapshot listed here with their reason.
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Managed_policies_give_no_error_but_catalog_gaps()
    {
        var unexpected = new List<string>();
        int gaps = 0;
        foreach (ManagedPolicy policy in LintTestPolicies.CurrentManagedPolicies)
        {
            LintResult result = PolicyLinter.Lint(policy.Document, PolicyKind.Identity);
            Assert.True(result.Parsed, policy.Name);
            foreach (PolicyFinding f in result.Findings.Where(f => f.Type == FindingType.Error))
            {
                if (IsCatalogGap(f))
                {
                    gaps++;
                }
                else
                {
                    unexpected.Add($"{policy.Name} {f.IssueCode} {f.PathText}: {f.Message}");
                }
            }
        }

        output.WriteLine($"{gaps} ERROR findings are catalog gaps");
        Assert.Empty(unexpected);
        Assert.InRange(gaps, 1, 200);
    }

    /// <summary>
    /// INVALID_ACTION / INVALID_SERVICE: the corpus README lists 51 actions and 7+ retired prefixes the service
    /// reference lacks (e.g. `payments:*`, `budgets:CreateBudget`, classic `cloudhsm:*Luna*`), because AWS's own
    /// policies are updated after the services and actions are. `aws:PrincipalOrgMasterAccountId` is an undocumented
    /// key AWS's policies use; `aws:SourceOwner` an older SNS key the SNS guide still shows.
    /// </summary>
    private static bool IsCatalogGap(PolicyFinding f) =>
        f.IssueCode is "INVALID_ACTION" or "INVALID_SERVICE"
        || (f.IssueCode == "INVALID_GLOBAL_CONDITION_KEY" && (f.Message.Contains("`aws:PrincipalOrgMasterAccountId`", StringComparison.OrdinalIgnoreCase)
            || f.Message.Contains("`aws:SourceOwner`", StringComparison.OrdinalIgnoreCase)));

    [Theory]
    [InlineData("identity", "identity")]
    [InlineData("resource", "resource")]
    [InlineData("scp", "scp")]
    [InlineData("rcp", "rcp")]
    [InlineData("boundary", "boundary")]
    public void Examples_give_no_error_but_placeholders_and_catalog_gaps(string category, string kind)
    {
        // Documents that carry placeholders (`service-prefix:action-name`, `<my-corporate-cidr>`) are AWS's
        // documentation templates, not policies: their findings are right and are listed here with the reason.
        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["iamug__reference_policies_elements_condition_operators-7.json INVALID_SERVICE"] = "placeholder service `someservice`",
            ["iamug__reference_policies_examples_aws-dates.json INVALID_SERVICE"] = "placeholder `service-prefix:action-name`",
            ["iamug__reference_policies_examples_aws_mfa-dates.json INVALID_SERVICE"] = "placeholder `service-prefix-1:*`",
            ["dataperimeter__data_perimeter_governance_scp.json POLICY_SIZE_EXCEEDS_SCP_QUOTA"] = "5,382 characters with its indentation; Organizations counts white space (AWS's sample is meant to be minified)",
        };
        var unexpected = new List<string>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(LintTestPolicies.ExamplesDirectory, category), "*.json"))
        {
            LintResult result = PolicyLinter.Lint(File.ReadAllBytes(file), CheckTests.Kind(kind));
            if (!result.Parsed)
            {
                continue; // the compiler's own tests cover documents it rejects
            }

            foreach (PolicyFinding f in result.Findings.Where(f => f.Type == FindingType.Error && !IsCatalogGap(f)))
            {
                if (!expected.ContainsKey(Path.GetFileName(file) + " " + f.IssueCode))
                {
                    unexpected.Add($"{Path.GetFileName(file)} {f.IssueCode} {f.PathText}: {f.Message}");
                }
            }
        }

        Assert.Empty(unexpected);
    }

    [Fact]
    public void Linting_every_managed_policy_is_measured()
    {
        // The catalog is loaded first: its one-off cost is Engine.Catalog's, measured in its own tests. The first pass
        // includes JIT compilation (what one `engine validate` run pays); the second is the steady state.
        byte[][] documents = [.. LintTestPolicies.CurrentManagedPolicies.Select(p => Encoding.UTF8.GetBytes(p.Document))];
        PolicyLinter.Lint(documents[0], PolicyKind.Identity);
        for (int pass = 1; pass <= 2; pass++)
        {
            var watch = Stopwatch.StartNew();
            int findings = 0;
            foreach (byte[] document in documents)
            {
                findings += PolicyLinter.Lint(document, PolicyKind.Identity).Findings.Length;
            }

            watch.Stop();
            output.WriteLine($"lint of {documents.Length} managed policies, pass {pass}: {watch.Elapsed.TotalMilliseconds:F0} ms, {findings} findings");
        }

        // The compiler's parse alone, which the lint includes, to read the figures on a loaded machine.
        var parse = Stopwatch.StartNew();
        foreach (byte[] document in documents)
        {
            Assert.True(Engine.Compiler.Parsing.PolicyParser.Parse(document, PolicyKind.Identity).Success);
        }

        output.WriteLine($"parse alone of the same documents: {parse.Elapsed.TotalMilliseconds:F0} ms");

        Assert.Equal(1569, documents.Length);
    }
}
